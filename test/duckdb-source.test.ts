import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { tableToObjects } from '../src/pipeline/arrow';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { InputError } from '../src/pipeline/errors';
import { describeIssue, validateSource } from '../src/pipeline/validate';

const fixtures = inject('fixtures');

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'mangalab-src-'));
}

describe('DuckDBSource', () => {
  it.each(['duckdb', 'parquet', 'csv'] as const)('gives the same weekly aggregates from the %s sample', async (kind) => {
    const reference = await DuckDBSource.open(fixtures.duckdb);
    const source = await DuckDBSource.open(fixtures[kind]);
    const params = { from_ts: '2026-11-02', cur_start: '2026-11-09', to_ts: '2026-11-16' };
    const expected = tableToObjects(await reference.query('overview/weekly_metrics', params));
    const actual = tableToObjects(await source.query('overview/weekly_metrics', params));
    await reference.close();
    await source.close();
    // two period rows, then one row per day of the two weeks
    expect(actual.filter((r) => r.grain === 'period')).toHaveLength(2);
    expect(actual.filter((r) => r.grain === 'day')).toHaveLength(14);
    for (const [i, row] of actual.entries()) {
      for (const [key, value] of Object.entries(row)) {
        if (typeof value === 'number') expect(value, key).toBeCloseTo(expected[i]![key] as number, 6);
        else expect(value, key).toEqual(expected[i]![key]);
      }
    }
  });

  it('returns Arrow columns typed by the contract, with NULLs kept', async () => {
    const source = await DuckDBSource.open(fixtures.csv);
    const file = { name: 'inline', path: 'inline', description: '', params: [], withRelations: [], body: '' };
    const table = await source.execute({
      sql: "SELECT trace_id, ts, input_tokens, latency_ms, guardrail_passed, model FROM requests WHERE handler <> 'llm' LIMIT 1",
      params: {},
      file,
    });
    await source.close();
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'trace_id:Utf8',
      'ts:Timestamp<MILLISECOND>',
      'input_tokens:Int32',
      'latency_ms:Float64',
      'guardrail_passed:Bool',
      'model:Utf8',
    ]);
    expect(tableToObjects(table)[0]!.model).toBeNull();
  });

  it('refuses a missing path, a corrupt file and a folder without contract tables, naming them', async () => {
    await expect(DuckDBSource.open('/nowhere/warehouse.duckdb')).rejects.toThrow('/nowhere/warehouse.duckdb: source not found');
    const dir = scratch();
    const corrupt = join(dir, 'broken.duckdb');
    writeFileSync(corrupt, 'this is not a database');
    await expect(DuckDBSource.open(corrupt)).rejects.toThrow(/broken.duckdb: cannot open as a DuckDB database/);
    await expect(DuckDBSource.open(dir)).rejects.toThrow(/no contract table found/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns an empty table with typed columns when no row matches', async () => {
    const source = await DuckDBSource.open(fixtures.duckdb);
    const table = await source.query('experiments/active', { from_ts: '2020-01-01', to_ts: '2020-01-08' });
    await source.close();
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(['experiment_id:Utf8']);
  });

  it('turns an engine error into an input error naming the query and source', async () => {
    const source = await DuckDBSource.open(fixtures.duckdb);
    const file = { name: 'adhoc', path: 'adhoc.sql', description: '', params: [], withRelations: [], body: '' };
    await expect(source.execute({ sql: 'SELECT no_such_column FROM requests', params: {}, file })).rejects.toThrow(InputError);
    await source.close();
  });
});

describe('validateSource', () => {
  it.each(['duckdb', 'parquet'] as const)(
    'forks a second connection on the %s sample: same data, scratch tables of its own, its close leaves the parent open',
    async (kind) => {
      const source = await DuckDBSource.open(fixtures[kind]);
      const fork = await source.fork();
      const count = async (s: DuckDBSource) => Number(tableToObjects(await s.query('overview/time_range'))[0]!.requests);
      expect(await count(fork)).toBe(await count(source));
      expect(fork.description).toBe(source.description);
      expect(fork.priceTable()).toBe(source.priceTable()); // one table for every part of a job, even if the file changes
      const prepared = fork.prepare('overview/time_range');
      await fork.scratch.create('scratch_probe', prepared);
      const temporary = async (s: DuckDBSource) =>
        (
          await s.conn.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = 'scratch_probe'`)
        ).getRows()[0]![0];
      expect(Number(await temporary(fork))).toBe(1);
      expect(Number(await temporary(source))).toBe(0);
      await fork.scratch.drop('scratch_probe');
      expect(Number(await temporary(fork))).toBe(0);
      await fork.close();
      expect(await count(source)).toBeGreaterThan(0);
      await source.close();
    },
  );

  it('passes the sample warehouse in every format', async () => {
    for (const path of [fixtures.duckdb, fixtures.parquet, fixtures.csv]) {
      const source = await DuckDBSource.open(path);
      expect(await validateSource(source)).toEqual([]);
      await source.close();
    }
  });

  it('lists every missing table, missing column and unreadable value in a broken export', async () => {
    const dir = scratch();
    cpSync(fixtures.csv, dir, { recursive: true });
    rmSync(join(dir, 'human_annotations.csv'));
    // Drop the free_text column from feedback, and break three timestamps in intent_baseline's neighbour file.
    const feedback = readFileSync(join(dir, 'feedback.csv'), 'utf8')
      .split('\n')
      .map((line) => line.split(',').slice(0, 5).join(','))
      .join('\n');
    writeFileSync(join(dir, 'feedback.csv'), feedback);
    const lines = readFileSync(join(dir, 'classifier_labels.csv'), 'utf8').split('\n');
    for (const i of [1, 2, 3]) lines[i] = lines[i]!.replace(/,20\d\d-[^,]*,/, ',yesterday,');
    writeFileSync(join(dir, 'classifier_labels.csv'), lines.join('\n'));
    const source = await DuckDBSource.open(dir);
    const issues = (await validateSource(source)).map(describeIssue);
    await source.close();
    rmSync(dir, { recursive: true, force: true });
    expect(issues).toEqual([
      'wrong type classifier_labels.ts: found VARCHAR, contract says TIMESTAMP (3 values cannot be read as TIMESTAMP)',
      'missing column feedback.free_text (VARCHAR)',
      'missing table human_annotations',
    ]);
  });
});
