import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isoWeek } from '../src/analysis/isoWeek';
import { errorParams, readTurns } from '../src/jobs/errors/readout';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { loadErrorsConfig } from '../src/pipeline/errors-config';
import { listQueries, loadQuery } from '../src/pipeline/queries';
import { scalar } from './helpers';

const fixtures = inject('fixtures');
let source: DuckDBSource;
beforeAll(async () => {
  source = await DuckDBSource.open(fixtures.duckdb);
});
afterAll(async () => source.close());

// DuckDB 1.5 may rewrite `ROW_NUMBER() OVER (ORDER BY ...) ... WHERE rn <= 1` (a top-1 window over the whole input)
// into an ungrouped aggregate, which on empty input returns one row of NULLs instead of none: a "turn" with no trace
// id. The queries keep a limit of rows as `BETWEEN 1 AND :n`, which the rewrite does not match (docs/warehouse.md).
describe('a top-1 window on empty input', () => {
  const inner = "SELECT r.trace_id, ROW_NUMBER() OVER (ORDER BY md5(r.trace_id)) AS pick FROM requests r WHERE r.trace_id = 'no-such-turn'";

  it('gives DuckDB a row of NULLs with "<= 1" and no row with "BETWEEN 1 AND 1"', async () => {
    expect(await scalar(source, `SELECT count(*) FROM (SELECT * FROM (${inner}) p WHERE p.pick <= 1)`)).toBe(1);
    expect(await scalar(source, `SELECT count(*) FROM (SELECT * FROM (${inner}) p WHERE p.pick BETWEEN 1 AND 1)`)).toBe(0);
  });

  it('every query that keeps the first n rows of an unpartitioned window writes the limit as BETWEEN 1 AND n', () => {
    const files = listQueries().filter((name) => /ROW_NUMBER\(\) OVER \((?!PARTITION)/i.test(readFileSync(loadQuery(name).path, 'utf8')));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const name of files) {
      const text = readFileSync(loadQuery(name).path, 'utf8');
      expect(text, name).not.toMatch(/WHERE\s+\w+(\.\w+)?\s*<=?\s*CAST\(:\w+ AS INTEGER\)/);
      expect(text, name).toMatch(/BETWEEN 1 AND CAST\(:\w+ AS INTEGER\)/);
    }
  });

  it('errors/turns asked for one turn the warehouse lacks returns none', async () => {
    const week = isoWeek('2026-W46');
    const rows = await readTurns(source, {
      ...errorParams(week, week, loadErrorsConfig()),
      labelled: false,
      max_turns: 1,
      trace_ids: 'no-such-turn',
    });
    expect(rows).toEqual([]);
  });
});
