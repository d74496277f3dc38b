import { describe, expect, it } from 'vitest';
import { inSchema, qualifyTables, schemaName, warehouseTables } from '../src/pipeline/qualify-tables';
import { loadQuery } from '../src/pipeline/queries';
import { sqlSegments } from '../src/pipeline/sql-text';

const T = ['requests', 'feedback', 'sessions', 'rollup_state'];

describe('qualifyTables', () => {
  it.each([
    [
      'SELECT * FROM requests r JOIN feedback f ON f.trace_id = r.trace_id',
      'SELECT * FROM wh.requests r JOIN wh.feedback f ON f.trace_id = r.trace_id',
    ],
    ['SELECT * FROM requests r, feedback f WHERE r.x = f.x', 'SELECT * FROM wh.requests r, wh.feedback f WHERE r.x = f.x'],
    [
      'WITH sessions AS (SELECT * FROM requests) SELECT * FROM sessions',
      'WITH sessions AS (SELECT * FROM wh.requests) SELECT * FROM sessions',
    ],
    [
      'SELECT requests, sessions FROM (SELECT 1 AS requests, 2 AS sessions) x',
      'SELECT requests, sessions FROM (SELECT 1 AS requests, 2 AS sessions) x',
    ],
    ['SELECT * FROM wh2.requests, information_schema.tables', 'SELECT * FROM wh2.requests, information_schema.tables'],
    ['SELECT \'FROM requests\' -- FROM feedback\nFROM "requests"', 'SELECT \'FROM requests\' -- FROM feedback\nFROM "requests"'],
    ['CREATE TABLE rollup_state (a INT)', 'CREATE TABLE wh.rollup_state (a INT)'],
    ['INSERT INTO rollup_state (a) SELECT a FROM feedback', 'INSERT INTO wh.rollup_state (a) SELECT a FROM wh.feedback'],
    ['DELETE FROM rollup_state WHERE a IN (SELECT a FROM requests)', 'DELETE FROM wh.rollup_state WHERE a IN (SELECT a FROM wh.requests)'],
    ['SELECT EXTRACT(EPOCH FROM ts), COUNT(*) FROM requests', 'SELECT EXTRACT(EPOCH FROM ts), COUNT(*) FROM wh.requests'],
    [
      'SELECT a FROM requests WHERE b IN (SELECT b FROM feedback), c',
      'SELECT a FROM wh.requests WHERE b IN (SELECT b FROM wh.feedback), c',
    ],
  ])('%s', (sql, expected) => {
    expect(qualifyTables(sql, T, 'wh')).toBe(expected);
  });

  it('qualifies every table of a real query, and nothing else', () => {
    const sql = inSchema(
      { sql: loadQuery('relations/negative_signals').body, params: {}, file: loadQuery('relations/negative_signals') },
      'Analytics',
    ).sql;
    const named = [...sql.matchAll(/\banalytics\.([a-z_]+)/g)].map((m) => m[1]);
    expect(new Set(named)).toEqual(new Set(['requests', 'feedback', 'classifier_labels']));
    expect(warehouseTables()).toEqual(expect.arrayContaining(['requests', 'feedback', 'classifier_labels', 'rollup_state']));
    expect(sql).not.toMatch(/\b(FROM|JOIN)\s+(requests|feedback|classifier_labels)\b/i);
  });

  it('leaves a query as it is for public or no schema, and refuses a name that is not a plain identifier', () => {
    const prepared = { sql: 'SELECT * FROM requests', params: {}, file: loadQuery('overview/time_range') };
    expect(inSchema(prepared, 'public')).toBe(prepared);
    expect(inSchema(prepared, undefined)).toBe(prepared);
    expect(schemaName('Mangalab_WH')).toBe('mangalab_wh');
    expect(() => schemaName('a"; DROP TABLE requests; --')).toThrow('is not a plain schema name');
  });
});

describe('sqlSegments', () => {
  it('cuts code, strings, quoted names and comments, and joins back to the text', () => {
    const sql = 'SELECT \'it\'\'s\', "a""b" /* c */ -- d\nFROM t';
    const segments = sqlSegments(sql);
    expect(segments.map((s) => s.kind)).toEqual(['code', 'string', 'code', 'identifier', 'code', 'comment', 'code', 'comment', 'code']);
    expect(segments.map((s) => s.text).join('')).toBe(sql);
    expect(segments[1]!.text).toBe("'it''s'");
  });
});
