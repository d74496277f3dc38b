import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/pipeline/errors';
import { expandRedactions, formatParam, listQueries, loadQuery, prepareQuery, prependCtes, selectDialect } from '../src/pipeline/queries';
import { rewritePlaceholders } from '../src/pipeline/sql-text';
import { DuckDBInstance } from '@duckdb/node-api';
import { redactPii } from '../src/analysis/redactPii';

function queryFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mangalab-q-'));
  const path = join(dir, 'q.sql');
  writeFileSync(path, text);
  return path;
}

describe('rewritePlaceholders', () => {
  it('turns :name into $name for DuckDB and keeps :name for Redshift', () => {
    const sql = "SELECT CAST(:from_ts AS TIMESTAMP), x::INTEGER FROM t WHERE a = :a AND b = ':not_a_param' -- :comment\n/* :block */";
    expect(rewritePlaceholders(sql, 'duckdb')).toEqual({
      sql: "SELECT CAST($from_ts AS TIMESTAMP), x::INTEGER FROM t WHERE a = $a AND b = ':not_a_param' -- :comment\n/* :block */",
      names: ['from_ts', 'a'],
    });
    expect(rewritePlaceholders(sql, 'redshift').sql).toBe(sql);
  });

  it('skips doubled quotes inside strings and quoted identifiers', () => {
    expect(rewritePlaceholders(`SELECT 'it''s :x', ":y" FROM t WHERE c = :z`, 'duckdb')).toEqual({
      sql: `SELECT 'it''s :x', ":y" FROM t WHERE c = $z`,
      names: ['z'],
    });
  });
});

describe('selectDialect', () => {
  const body = 'SELECT\n-- @dialect duckdb\nquantile_cont(x, 0.5)\n-- @dialect redshift\n-- @dialect end\nFROM t';
  it('keeps only the block for the engine it prepares', () => {
    expect(() => selectDialect(body, 'duckdb')).toThrow(/nested/);
    const ok =
      'SELECT\n-- @dialect duckdb\nquantile_cont(x, 0.5)\n-- @dialect end\n-- @dialect redshift\nmedian(x)\n-- @dialect end\nFROM t';
    expect(selectDialect(ok, 'duckdb').replace(/\n+/g, ' ').trim()).toBe('SELECT quantile_cont(x, 0.5) FROM t');
    expect(selectDialect(ok, 'redshift').replace(/\n+/g, ' ').trim()).toBe('SELECT median(x) FROM t');
  });

  it('refuses an unclosed block, naming the file', () => {
    expect(() => selectDialect('-- @dialect redshift\nSELECT 1', 'duckdb', 'x.sql')).toThrow(
      /x.sql: @dialect redshift block is never closed/,
    );
  });
});

describe('loadQuery and prepareQuery', () => {
  const path = queryFile(
    '-- Counts things.\n-- @param since TIMESTAMP first instant\n-- @param n INTEGER how many\nSELECT :n AS n, CAST(:since AS TIMESTAMP) AS t\n',
  );

  it('reads declarations and description from the header', () => {
    const q = loadQuery(path);
    expect(q.description).toBe('Counts things.');
    expect(q.params).toEqual([
      { name: 'since', type: 'TIMESTAMP', description: 'first instant' },
      { name: 'n', type: 'INTEGER', description: 'how many' },
    ]);
  });

  it('binds every value as a checked string, never into the SQL text', () => {
    const prepared = prepareQuery(loadQuery(path), 'duckdb', { since: '2026-11-09', n: 3 });
    expect(prepared.params).toEqual({ n: '3', since: '2026-11-09 00:00:00.000' });
    expect(prepared.sql).not.toContain('2026');
  });

  it('refuses unknown, missing and ill-typed parameters with the query and parameter named', () => {
    const q = loadQuery(path);
    expect(() => prepareQuery(q, 'duckdb', { since: '2026-11-09', n: 3, extra: 1 })).toThrow(
      /unknown parameter extra \(declared: since, n\)/,
    );
    expect(() => prepareQuery(q, 'duckdb', { since: '2026-11-09' })).toThrow(/missing parameter n/);
    expect(() => prepareQuery(q, 'duckdb', { since: 'yesterday', n: 3 })).toThrow(InputError);
    expect(() => prepareQuery(q, 'duckdb', { since: '2026-11-09', n: 1.5 })).toThrow(/n=1.5 is not an integer/);
  });

  it('refuses a placeholder that is not declared', () => {
    const bad = queryFile('SELECT :undeclared');
    expect(() => prepareQuery(loadQuery(bad), 'duckdb', {})).toThrow(/placeholder :undeclared is not declared/);
  });

  it('reads which file fills a relation from `-- @with name from file`, and refuses a @with line it cannot read', () => {
    const q = loadQuery(
      queryFile('-- Percentiles.\n-- @with latency_counts from overview_latency_counts\n-- @with latency_percentiles\nSELECT 1'),
    );
    expect(q.withRelations).toEqual(['latency_counts', 'latency_percentiles']);
    expect(q.relationFiles).toEqual({ latency_counts: 'overview_latency_counts' });
    const bad = queryFile('-- Percentiles.\n-- @with latency counts, please\nSELECT 1');
    expect(() => loadQuery(bad)).toThrow(
      `${bad} (line 2): cannot read "@with latency counts, please" (write -- @with name, or -- @with name from file)`,
    );
  });

  it('names the known queries when one does not exist', () => {
    expect(() => loadQuery('overview/nope')).toThrow(
      'query overview/nope: unknown query name; known queries in overview/: overview/daily_volume, overview/kpi_trend, overview/time_range, overview/weekly_metrics (mangalab query --list shows all)',
    );
    expect(() => loadQuery('nope')).toThrow(
      /unknown query name; known queries: cost\/attribution, .* \.\.\. \(mangalab query --list shows all\)$/,
    );
    expect(listQueries()).toContain('overview/weekly_metrics');
    expect(listQueries().some((q) => q.startsWith('seed/') || q.startsWith('schema/'))).toBe(false);
  });
});

describe('formatParam', () => {
  it('normalises timestamps to UTC text and checks dates, numbers and booleans', () => {
    const spec = (type: 'TIMESTAMP' | 'DATE' | 'DOUBLE' | 'BOOLEAN') => ({ name: 'p', type, description: '' });
    expect(formatParam('q', spec('TIMESTAMP'), '2026-11-09T09:30:00+09:00')).toBe('2026-11-09 00:30:00.000');
    expect(formatParam('q', spec('TIMESTAMP'), new Date('2026-11-09T00:00:00Z'))).toBe('2026-11-09 00:00:00.000');
    expect(formatParam('q', spec('DATE'), '2026-11-09')).toBe('2026-11-09');
    expect(() => formatParam('q', spec('DATE'), '2026-13-01')).toThrow(/not a date/);
    expect(() => formatParam('q', spec('DOUBLE'), 'Infinity')).toThrow(/finite/);
    expect(formatParam('q', spec('BOOLEAN'), 'TRUE')).toBe('true');
  });
});

describe('prependCtes', () => {
  it('merges into an existing WITH and starts one otherwise', () => {
    expect(prependCtes('WITH a AS (SELECT 1) SELECT * FROM a', ['p AS (SELECT 2)'])).toBe(
      'WITH p AS (SELECT 2),\na AS (SELECT 1) SELECT * FROM a',
    );
    expect(prependCtes('SELECT 1', ['p AS (SELECT 2)'])).toBe('WITH p AS (SELECT 2)\nSELECT 1');
  });
});

describe('@redact_pii in a query body', () => {
  const samples = [
    'Mail jane.doe@example.com or call +1 (206) 555-0100',
    'ssn 078-05-1120 please',
    'card 4111 1111 1111 1111 and 4111 1111 1111 1112',
    'call me at +81 90-1234-5678',
    'ship to 221 Baker Street, Tokyo',
    'One Piece volume 105 is $9.99, order #A-1234',
    '',
    'YUKI.123@EXAMPLE.COM',
  ];

  it('redacts in DuckDB exactly as redactPii does without the Luhn check', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const sql = expandRedactions('SELECT @redact_pii(CAST($t AS VARCHAR)) AS r', 'duckdb');
    for (const t of samples) {
      const got = (await conn.runAndReadAll(sql, { t })).getRows()[0]![0];
      expect(got, t).toBe(redactPii(t, { luhn: false }).text);
    }
    conn.closeSync();
  });

  it("writes Redshift's form with doubled backslashes and the case-insensitive Perl flags, and refuses an unclosed call", () => {
    const sql = expandRedactions('SELECT @redact_pii(lower(m)) FROM t', 'redshift');
    expect(sql).toMatch(/^SELECT REGEXP_REPLACE\(REGEXP_REPLACE\(/);
    expect(sql).toContain("'\\\\b\\\\d{3}-\\\\d{2}-\\\\d{4}\\\\b', '[SSN]', 1, 'ip')");
    expect(sql).toContain('(lower(m),');
    expect(() => expandRedactions('SELECT @redact_pii(x FROM t', 'duckdb', 'q.sql')).toThrow(/q.sql.*never closed/);
  });
});
