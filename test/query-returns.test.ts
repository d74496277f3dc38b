// Every query file declares its result columns (`-- @returns`), the declarations match what the engine returns, and
// a renamed or retyped column fails loudly, naming the file and the column, instead of reaching a report as a zero.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { refreshRollups } from '../src/jobs/actions/rollup';
import { costReadout } from '../src/jobs/cost/readout';
import { describeQuery } from '../src/pipeline/describe-query';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { InputError } from '../src/pipeline/errors';
import { listQueries, loadQuery, type QueryFile } from '../src/pipeline/queries';
import { describeArrowType } from '../src/pipeline/result-columns';
import { decodeRows, fieldName, renderQueryRows } from '../src/pipeline/typed-query';
import { readOverviewTimeRange } from '../src/pipeline/rows/overview';

const fixtures = inject('fixtures');
let dir: string;
let source: DuckDBSource;
const all: QueryFile[] = listQueries().map((n) => loadQuery(n));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-returns-'));
  const copy = join(dir, 'warehouse.duckdb');
  copyFileSync(fixtures.duckdb, copy);
  source = await DuckDBSource.open(copy, { readWrite: true });
  await refreshRollups(source, { now: () => new Date('2026-11-20T06:00:00Z') }); // the rollup reads need their tables
});
afterAll(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('-- @returns', () => {
  it('is declared by every query file (DDL in schema/, rollup-schema/, store/ and seed/ aside)', () => {
    expect(all.length).toBeGreaterThan(60);
    expect(all.filter((q) => (q.returns ?? []).length === 0).map((q) => q.name)).toEqual([]);
  });

  it('matches, column for column and in order, what DuckDB returns for every query and relation', async () => {
    const mismatches: string[] = [];
    for (const file of all) {
      const table = await describeQuery(source, file, all);
      const got = table.schema.fields.map((f) => `${f.name} ${describeArrowType(f.type)}`);
      const declared = (file.returns ?? []).map((r) => `${r.name} ${r.type === 'INTEGER' ? 'BIGINT' : r.type}`);
      if (got.join(', ') !== declared.join(', ')) mismatches.push(`${file.name}: declared ${declared.join(', ')}; got ${got.join(', ')}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses a malformed declaration, naming file and line', () => {
    const path = join(dir, 'bad.sql');
    writeFileSync(path, '-- A query.\n-- @returns n NUMBERISH\nSELECT 1 AS n\n');
    expect(() => loadQuery(path)).toThrow(`${path} (line 2): cannot read "-- @returns n NUMBERISH"`);
    writeFileSync(path, '-- A query.\n-- @returns n BIGINT, n DOUBLE\nSELECT 1 AS n\n');
    expect(() => loadQuery(path)).toThrow(`${path}: result column n is declared twice with -- @returns`);
  });

  /** A copy of a query file with the last occurrence of `from` replaced (the header, and so its declarations, kept). */
  function variant(name: string, from: string, to: string): string {
    const text = readFileSync(loadQuery(name).path, 'utf8');
    expect(text).toContain(from);
    const path = join(dir, `${name.replaceAll('/', '_')}-${to.replace(/\W+/g, '_')}.sql`);
    const at = text.lastIndexOf(from);
    writeFileSync(path, text.slice(0, at) + to + text.slice(at + from.length));
    return path;
  }
  const week = { cur_start: '2026-11-09', cur_end: '2026-11-16', prev_start: '2026-11-02', lead_start: '2026-10-26' };

  it('fails a renamed column, naming the query file and the column (not a silent zero)', async () => {
    const renamed = variant('cost/attribution', 'AS cost_usd', 'AS cost_dollars');
    const err = await source.query(renamed, week).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).input).toBe(renamed);
    expect((err as InputError).place).toBe('column cost_usd');
    expect((err as InputError).message).toMatch(
      /declared by -- @returns but missing from the result \(the result has: breakdown, .*, cost_dollars/,
    );
  });

  it('fails a column of another type, naming its declared and returned types', async () => {
    const retyped = variant('overview/time_range', 'COUNT(*) AS requests', 'CAST(COUNT(*) AS VARCHAR) AS requests');
    await expect(source.query(retyped)).rejects.toThrow(
      `${retyped} (column requests): declared BIGINT by -- @returns, the engine returned VARCHAR`,
    );
  });

  it('fails a column the file does not declare', async () => {
    const extra = variant('overview/time_range', 'COUNT(*) AS requests', 'COUNT(*) AS requests, 1 AS surprise');
    await expect(source.query(extra)).rejects.toThrow(`${extra} (column surprise): in the result but not declared with -- @returns`);
  });

  it('stops a job at the renamed column instead of reporting $0', async () => {
    const root = join(dir, 'queries-renamed');
    const { cpSync } = await import('node:fs');
    cpSync(join(process.cwd(), 'queries'), root, { recursive: true });
    const path = join(root, 'cost', 'attribution.sql');
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/ AS cost_usd\b/);
    // The result column is the last one named cost_usd (the file's CTEs name theirs first).
    writeFileSync(path, text.replace(/ AS cost_usd\b(?![\s\S]* AS cost_usd\b)/, ' AS cost_dollars'));
    const home = process.env.MANGALAB_HOME;
    process.env.MANGALAB_HOME = dir;
    cpSync(join(process.cwd(), 'config'), join(dir, 'config'), { recursive: true });
    cpSync(root, join(dir, 'queries'), { recursive: true });
    try {
      await expect(costReadout(source, { week: '2026-W46' })).rejects.toThrow(
        `${join(dir, 'queries', 'cost', 'attribution.sql')} (column cost_usd): declared by -- @returns but missing`,
      );
    } finally {
      if (home === undefined) delete process.env.MANGALAB_HOME;
      else process.env.MANGALAB_HOME = home;
    }
  });
});

describe('typed readers (src/pipeline/rows/)', () => {
  it('are the ones the declarations generate (scripts/declare-returns.ts writes them)', () => {
    const expected = renderQueryRows(all);
    expect(readdirSync('src/pipeline/rows').sort()).toEqual(Object.keys(expected).sort());
    for (const [file, text] of Object.entries(expected)) expect(readFileSync(join('src/pipeline/rows', file), 'utf8'), file).toBe(text);
  });

  it('turn a row into camelCase fields of the declared types, NULL kept as null', async () => {
    expect(fieldName('latency_p99_ms')).toBe('latencyP99Ms');
    const [span] = await readOverviewTimeRange(source);
    // Independent: the same aggregates straight from DuckDB.
    const direct = (await source.conn.runAndReadAll('SELECT MIN(ts), MAX(ts), COUNT(*) FROM requests')).getRows()[0]!;
    expect(span!.requests).toBe(Number(direct[2]));
    expect(span!.firstTs).toBeInstanceOf(Date);
    expect(span!.firstTs!.toISOString().slice(0, 19)).toBe(String(direct[0]).replace(' ', 'T').slice(0, 19));
    const empty = await source.query(
      variantFile('SELECT CAST(NULL AS TIMESTAMP) AS first_ts, CAST(NULL AS TIMESTAMP) AS last_ts, CAST(0 AS BIGINT) AS requests'),
    );
    expect(decodeRows(loadQuery('overview/time_range').returns!, empty)).toEqual([{ firstTs: null, lastTs: null, requests: 0 }]);
  });
});

/** A query file with time_range's declarations and another body. */
function variantFile(body: string): string {
  const path = join(dir, `body-${Math.abs([...body].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7))}.sql`);
  writeFileSync(path, `-- @returns first_ts TIMESTAMP, last_ts TIMESTAMP, requests BIGINT\n${body}\n`);
  return path;
}
