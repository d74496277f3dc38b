import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tableToObjects } from '../src/pipeline/arrow';
import { loadContract } from '../src/pipeline/contract';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
const fixtures = inject('fixtures');

// queries/relations/requests_by_day.sql (read through overview/daily_volume and overview/weekly_metrics) totals turns
// by day and model and prices the token sums. These tests hold it to pricing every turn: by hand, and against the
// per-turn relation priced_requests that the cost queries read.

function priceFile(models: unknown[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mangalab-p-')), 'prices.json');
  writeFileSync(path, JSON.stringify({ version: 'test', models }));
  return path;
}
const price = (model: string, effective_from: string, input: number, output: number, cache_read: number, cache_write: number) => ({
  model,
  effective_from,
  input,
  output,
  cache_read,
  cache_write,
});

interface Day {
  day: Date;
  requests: number;
  llm_requests: number;
  llm_cost_usd: number | null;
  unpriced_llm_requests: number;
  untokened_llm_requests: number;
}

describe('requests_by_day', () => {
  let db: DuckDBSource;
  beforeAll(async () => {
    db = await DuckDBSource.memory(priceFile([price('a', '2026-01-01', 1, 2, 0.1, 0.5), price('a', '2026-06-01', 10, 20, 1, 5)]));
    for (const table of loadContract()) await db.conn.run(readFileSync(table.file, 'utf8'));
    const turns: [string, string | null, number | null, number | null, number, number][] = [
      ['2026-05-31 23:59:59', 'a', 1000, 500, 100, 0], // old price: 1 + 1 + 0.01 = 2.01
      ['2026-05-31 12:00:00', 'a', 2000, 0, 0, 200], // old price: 2 + 0 + 0 + 0.1 = 2.1
      ['2026-05-31 08:00:00', null, null, null, 0, 0], // no LLM call
      ['2026-06-01 00:00:00', 'a', 1000, 500, 0, 100], // new price from midnight: 10 + 10 + 0.5 = 20.5
      ['2026-06-02 10:00:00', 'b', 10, 10, 0, 0], // no price for b
      ['2026-06-02 11:00:00', 'a', 1000, 0, 0, 0], // priced, but its day has an unpriced turn
      ['2026-06-03 10:00:00', 'a', null, 10, 0, 0], // a token count missing
      ['2026-06-04 10:00:00', null, null, null, 0, 0], // a day with no LLM turn
    ];
    for (const [i, [ts, model, input, output, cr, cw]] of turns.entries()) {
      await db.conn.run(
        `INSERT INTO requests (trace_id, ts, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, is_error, escalated, guardrail_passed)
                         VALUES ($id, CAST($ts AS TIMESTAMP), $model, $input, $output, $cr, $cw, $err, false, NULL)`,
        { id: `T${i}`, ts, model, input, output, cr, cw, err: i % 2 === 0 },
      );
    }
  });
  afterAll(async () => db.close());

  it("prices a day's token sums at the entry in force that day, and says which days cannot be priced (by hand)", async () => {
    const days = tableToObjects<Day>(await db.query('overview/daily_volume', { from_ts: '2026-05-31', to_ts: '2026-06-05' }));
    expect(days.map((d) => d.day.toISOString().slice(0, 10))).toEqual([
      '2026-05-31',
      '2026-06-01',
      '2026-06-02',
      '2026-06-03',
      '2026-06-04',
    ]);
    expect(days.map((d) => d.requests)).toEqual([3, 1, 2, 1, 1]);
    expect(days.map((d) => d.llm_requests)).toEqual([2, 1, 2, 1, 0]);
    expect(days[0]!.llm_cost_usd).toBeCloseTo(2.01 + 2.1, 12);
    expect(days[1]!.llm_cost_usd).toBeCloseTo(20.5, 12);
    // an unpriced or untokened LLM turn leaves its day without a cost, never a partial one; no LLM turn is a true zero
    expect(days.map((d) => d.llm_cost_usd).slice(2)).toEqual([null, null, 0]);
    expect(days.map((d) => d.unpriced_llm_requests)).toEqual([0, 0, 1, 0, 0]);
    expect(days.map((d) => d.untokened_llm_requests)).toEqual([0, 0, 0, 1, 0]);
  });

  it('counts rates over turns whose flag is known, as AVG does (by hand)', async () => {
    const rows = tableToObjects<{
      grain: string;
      period: string;
      requests: number;
      error_rate: number;
      guardrail_block_rate: number | null;
    }>(await db.query('overview/weekly_metrics', { from_ts: '2026-05-25', cur_start: '2026-06-01', to_ts: '2026-06-08' }));
    const cur = rows.find((r) => r.grain === 'period' && r.period === 'current')!;
    const prev = rows.find((r) => r.grain === 'period' && r.period === 'previous')!;
    // is_error is true for turns 0, 2, 4, 6: one of the 3 turns before June 1, two of the 5 from it
    expect([prev.requests, cur.requests]).toEqual([3, 5]);
    expect(prev.error_rate).toBeCloseTo(2 / 3, 12); // turns 0 and 2 are before June 1
    expect(cur.error_rate).toBeCloseTo(2 / 5, 12);
    expect(cur.guardrail_block_rate).toBeNull(); // every guardrail_passed is NULL
  });
});

describe('requests_by_day on the sample', () => {
  it('gives each day the cost that pricing every turn through priced_requests gives, across a mid-week price change', async () => {
    const prices = JSON.parse(readFileSync('config/prices.json', 'utf8')) as { models: { model: string }[] };
    const changed = priceFile([...prices.models, price('claude-3.5-sonnet', '2026-11-12', 0.004, 0.02, 0.0004, 0.005)]);
    const perTurn = join(mkdtempSync(join(tmpdir(), 'mangalab-q-')), 'per_turn.sql');
    writeFileSync(
      perTurn,
      `-- Daily cost priced turn by turn.
-- @param from_ts TIMESTAMP from
-- @param to_ts TIMESTAMP to
-- @with model_prices
-- @with priced_requests
SELECT CAST(ts AS DATE) AS day, SUM(cost_usd) AS cost, COUNT(*) AS requests FROM priced_requests
WHERE ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP) GROUP BY 1 ORDER BY 1
`,
    );
    const source = await DuckDBSource.open(fixtures.duckdb, { priceFile: changed });
    const params = { from_ts: '2026-11-02', to_ts: '2026-11-16' };
    const days = tableToObjects<Day>(await source.query('overview/daily_volume', params));
    const expected = tableToObjects<{ day: Date; cost: number; requests: number }>(await source.query(perTurn, params));
    await source.close();
    const unchanged = await DuckDBSource.open(fixtures.duckdb);
    const before = tableToObjects<Day>(await unchanged.query('overview/daily_volume', params));
    await unchanged.close();
    expect(days).toHaveLength(14);
    expect(days.map((d) => d.requests)).toEqual(expected.map((e) => e.requests));
    for (const [i, d] of days.entries()) expect(d.llm_cost_usd, d.day.toISOString()).toBeCloseTo(expected[i]!.cost, 9);
    // the change shows from its day on, and only then: against the repository's prices, the days before cost the same
    for (const [i, d] of days.entries()) {
      if (i < 10) expect(d.llm_cost_usd).toBeCloseTo(before[i]!.llm_cost_usd!, 9);
      else expect(d.llm_cost_usd).toBeGreaterThan(before[i]!.llm_cost_usd! * 1.05);
    }
  });
});
