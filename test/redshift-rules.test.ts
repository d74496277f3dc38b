// The Redshift text of every query, checked for what PostgreSQL (the test stand-in, test/cross-engine.test.ts) would
// accept and Redshift rejects or reads differently. Rules and their sources: src/pipeline/redshift-rules.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandRedactions, listQueries, loadQuery, selectDialect } from '../src/pipeline/queries';
import { blankCommentsAndStrings, redshiftFindings } from '../src/pipeline/redshift-rules';

/** Findings of a query file, each as `path:line rule (text)`, lines counted in the file. */
function fileFindings(name: string): string[] {
  const file = loadQuery(name);
  const offset = readFileSync(file.path, 'utf8').split('\n').length - file.body.split('\n').length;
  const found = new Set<string>();
  // Both storages of embeddings: a file's `-- @dialect redshift embeddings=...` blocks are each checked.
  for (const embeddings of ['super', 'json'] as const) {
    const text = expandRedactions(selectDialect(file.body, 'redshift', file.path, { embeddings }), 'redshift', file.path);
    for (const f of redshiftFindings(text)) found.add(`queries/${name}.sql:${f.line + offset} ${f.rule} (${f.text})`);
  }
  return [...found];
}

/** The rollup tables' DDL, which `mangalab rollup refresh` runs on Redshift too. */
function rollupDdl(): string[] {
  return readdirSync(join('queries', 'rollup-schema')).map((f) => `rollup-schema/${f.replace(/\.sql$/, '')}`);
}

describe('the Redshift rule check', () => {
  it('finds nothing in the Redshift text of any query or rollup table (DuckDB-only DDL and the sample generator aside)', () => {
    const names = [...listQueries().filter((n) => !/^(seed|schema|store)\//.test(n)), ...rollupDdl()];
    expect(names.length).toBeGreaterThan(60);
    expect(names.flatMap(fileFindings)).toEqual([]);
  });

  it.each([
    ["SELECT string_agg(intent, ',') FROM requests", 'unsupported aggregate'],
    ['SELECT * FROM generate_series(1, 3)', 'unsupported set-returning function'],
    ['SELECT CAST(x AS DOUBLE) FROM t', 'DuckDB-only type'],
    ['SELECT x::jsonb FROM t', 'PostgreSQL-only type'],
    ['SELECT a IS DISTINCT FROM b FROM t', 'IS DISTINCT FROM'],
    ['SELECT DISTINCT ON (a) a FROM t', 'DISTINCT ON'],
    ['SELECT now() FROM requests', 'leader-node-only'],
    ['SELECT COUNT(*) FILTER (WHERE x) FROM t', 'FILTER (WHERE'],
    ['SELECT ARRAY[1, 2]', 'array constructor'],
    ['SELECT CAST(lower(free_text) AS TEXT) FROM feedback', 'VARCHAR(256)'],
    ['SELECT user_message::text FROM requests', 'VARCHAR(256)'],
  ])('catches %s', (sql, rule) => {
    const found = redshiftFindings(sql);
    expect(found.map((f) => f.rule).join('; ')).toContain(rule);
  });

  it('passes what Redshift runs: DOUBLE PRECISION, VARCHAR casts, names inside strings and comments', () => {
    const ok = [
      'SELECT CAST(x AS DOUBLE PRECISION), CAST(user_message AS VARCHAR), CAST(x AS VARCHAR(65535)) FROM t',
      "SELECT 'string_agg(' AS s -- generate_series(1, 2)\nFROM t /* now() */",
      "SELECT LISTAGG(x, ',') WITHIN GROUP (ORDER BY x), approximate_count FROM t",
    ];
    for (const sql of ok) expect(redshiftFindings(sql)).toEqual([]);
  });

  it('names the line of the finding, comments and strings blanked but kept to their lines', () => {
    expect(redshiftFindings("SELECT 1\n-- note\nFROM t WHERE 'a\nb' = x AND y IS DISTINCT FROM z")).toEqual([
      { line: 4, rule: expect.stringContaining('IS DISTINCT FROM'), text: 'IS DISTINCT FROM' },
    ]);
    expect(blankCommentsAndStrings("a -- c\n'x'")).toBe("a     \n' '");
  });
});
