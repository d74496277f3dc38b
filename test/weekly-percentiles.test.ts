import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableToObjects } from '../src/pipeline/arrow';
import { loadContract } from '../src/pipeline/contract';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { readFileSync } from 'node:fs';

// P50/P99 latency of overview/weekly_metrics at the edges (one value, two, ties, NULLs), whatever SQL computes them:
// expected values from numpy.percentile (linear interpolation, Debian python3-numpy) and DuckDB's quantile_cont.
let db: DuckDBSource;

beforeAll(async () => {
  db = await DuckDBSource.memory();
  for (const table of loadContract()) await db.conn.run(readFileSync(table.file, 'utf8'));
});
afterAll(async () => db.close());

async function percentiles(latencies: (number | null)[]): Promise<{ p50: number | null; p99: number | null }> {
  await db.conn.run('DELETE FROM requests');
  for (const [i, x] of latencies.entries()) {
    await db.conn.run(
      `INSERT INTO requests (trace_id, ts, latency_ms, is_error, escalated, guardrail_passed)
                       VALUES ($id, TIMESTAMP '2026-11-10 10:00:00' + to_seconds($i), $x, false, false, true)`,
      { id: `T${i}`, i, x },
    );
  }
  const rows = tableToObjects<{ grain: string; period: string; latency_p50_ms: number | null; latency_p99_ms: number | null }>(
    await db.query('overview/weekly_metrics', { from_ts: '2026-11-02', cur_start: '2026-11-09', to_ts: '2026-11-16' }),
  );
  const cur = rows.find((r) => r.grain === 'period' && r.period === 'current')!;
  return { p50: cur.latency_p50_ms, p99: cur.latency_p99_ms };
}

describe('weekly_metrics latency percentiles', () => {
  it.each([
    [[5], 5, 5],
    [[1, 2], 1.5, 1.99],
    [[3, 3, 3, 10], 3, 9.79],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6, 10.9],
  ])('equal numpy.percentile for %j', async (xs, p50, p99) => {
    const got = await percentiles(xs);
    expect(got.p50).toBeCloseTo(p50, 9);
    expect(got.p99).toBeCloseTo(p99, 9);
  });

  it('ignores NULL latencies, as percentile_cont does (numpy.percentile([4, 8]))', async () => {
    const got = await percentiles([null, 4, null, 8]);
    expect(got.p50).toBeCloseTo(6, 9);
    expect(got.p99).toBeCloseTo(7.96, 9);
  });

  it('equals DuckDB quantile_cont on 101 tenths with ties', async () => {
    const xs = Array.from({ length: 101 }, (_, i) => Math.round(((i * 37) % 50) + 1) / 10);
    const got = await percentiles(xs);
    const ref = (
      await db.conn.runAndReadAll(`SELECT quantile_cont(latency_ms, 0.5) AS a, quantile_cont(latency_ms, 0.99) AS b FROM requests`)
    ).getRowObjects()[0]!;
    expect(got.p50).toBeCloseTo(Number(ref.a), 9);
    expect(got.p99).toBeCloseTo(Number(ref.b), 9);
  });
});
