import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { seedWarehouse } from '../src/pipeline/seed';

const fixtures = inject('fixtures');
let db: DuckDBSource;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** sha256(id) as an unsigned 256-bit integer, modulo 100: computed with BigInt, independently of the SQL macro. */
function bucket(id: string): number {
  return Number(BigInt(`0x${createHash('sha256').update(id).digest('hex')}`) % 100n);
}

beforeAll(async () => {
  db = await DuckDBSource.open(fixtures.duckdb);
});
afterAll(async () => db.close());

describe('seedWarehouse', () => {
  it('is deterministic: the same seed gives byte-identical tables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mangalab-seed-'));
    const again = await seedWarehouse({ out: join(dir, 'w.duckdb'), requests: fixtures.requests });
    const other = await DuckDBSource.open(again.out);
    const checksum = async (source: DuckDBSource) =>
      (
        await source.conn.runAndReadAll(
          `SELECT sum(hash(trace_id, ts, latency_ms, user_message, input_tokens)) AS h, count(*) AS n FROM requests`,
        )
      ).getRowObjectsJson()[0];
    expect(await checksum(other)).toEqual(await checksum(db));
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses sizes and start days out of range', async () => {
    await expect(seedWarehouse({ out: '/tmp/x.duckdb', requests: 10 })).rejects.toThrow(/--requests/);
    await expect(seedWarehouse({ out: '/tmp/x.duckdb', startDay: '2026-10-20' })).rejects.toThrow(/must be a Monday/);
  });

  it('assigns experiments by sha256 of the layer key and arms exactly as sha256(session_id) mod 100 against the weights', async () => {
    const sample = await rows(
      `SELECT session_id, experiment_id, variant FROM sessions WHERE experiment_id IS NOT NULL ORDER BY session_id LIMIT 800`,
    );
    expect(sample.length).toBe(800);
    for (const s of sample) {
      const id = String(s.session_id);
      const prompt = bucket(`layer:${id}`) < 60;
      expect(s.experiment_id, id).toBe(prompt ? 'exp-prompt-v24' : 'exp-output-length');
      const b = bucket(id);
      expect(s.variant, id).toBe(prompt ? (b < 50 ? 'control' : 'treatment') : b < 34 ? 'control' : b < 67 ? 'short' : 'long');
    }
    expect(new Set(sample.map((s) => s.variant))).toEqual(new Set(['control', 'treatment', 'short', 'long']));
  });

  it('routes at least 40% of turns around the LLM', async () => {
    const [r] = await rows(`SELECT avg(CASE WHEN handler <> 'llm' THEN 1.0 ELSE 0 END) AS bypass FROM requests`);
    expect(Number(r!.bypass)).toBeGreaterThan(0.4);
  });

  it('plants an intent drift of more than 5pp in the last week', async () => {
    const [r] = await rows(
      `SELECT avg(CASE WHEN intent = 'order_tracking' THEN 1.0 ELSE 0 END) AS share FROM requests WHERE ts >= '2026-11-09' AND ts < '2026-11-16'`,
    );
    const [b] = await rows(`SELECT share FROM intent_baseline WHERE intent = 'order_tracking'`);
    expect(Number(r!.share) - Number(b!.share)).toBeGreaterThan(0.05);
  });

  it('plants a higher thumbs-up rate for the experiment treatment', async () => {
    const got =
      await rows(`SELECT r.variant, avg(CASE WHEN f.value = 'thumbs_up' THEN 1.0 ELSE 0 END) AS up FROM feedback f JOIN requests r USING (trace_id)
                            WHERE r.variant IS NOT NULL GROUP BY 1 ORDER BY 1`);
    expect(Number(got[1]!.up) - Number(got[0]!.up)).toBeGreaterThan(0.02);
  });

  // At the default 1M requests 2026-11-11 is the only such day (docs/sample-data.md); at the 20k-request fixture
  // day-to-day noise is about 7%, so the test asks for the spike to be the clear maximum and above 1.2.
  it('plants a day whose LLM cost exceeds 120% of its trailing 7-day average, the highest ratio in the window', async () => {
    const spikes = await rows(`WITH d AS (
        SELECT CAST(ts AS DATE) AS day, sum(CASE model WHEN 'claude-3.5-sonnet' THEN input_tokens * 0.003 + output_tokens * 0.015 + cache_read_tokens * 0.0003 + cache_write_tokens * 0.00375
                                                    WHEN 'claude-3-haiku' THEN input_tokens * 0.00025 + output_tokens * 0.00125 + cache_read_tokens * 0.00003 + cache_write_tokens * 0.0003 END) AS cost
        FROM requests WHERE ts < '2026-11-16' GROUP BY 1)
      SELECT day, ratio FROM (SELECT day, cost / avg(cost) OVER (ORDER BY day ROWS BETWEEN 7 PRECEDING AND 1 PRECEDING) AS ratio,
                              count(*) OVER (ORDER BY day ROWS BETWEEN 7 PRECEDING AND 1 PRECEDING) AS k FROM d)
      WHERE k = 7 ORDER BY ratio DESC LIMIT 1`);
    expect(String(spikes[0]!.day)).toBe('2026-11-11');
    expect(Number(spikes[0]!.ratio)).toBeGreaterThan(1.2);
  });

  it('plants a canary model version with a higher escalation rate', async () => {
    const got = await rows(
      `SELECT deployment_variant, avg(CASE WHEN escalated THEN 1.0 ELSE 0 END) AS esc FROM requests WHERE ts >= '2026-11-09' GROUP BY 1 ORDER BY 1`,
    );
    expect(got.map((g) => g.deployment_variant)).toEqual(['baseline', 'canary']);
    expect(Number(got[1]!.esc)).toBeGreaterThan(Number(got[0]!.esc) + 0.02);
  });

  it('plants an embedding shift in production queries of the last week', async () => {
    const [r] =
      await rows(`SELECT avg(CASE WHEN ts >= '2026-11-09' THEN embedding[1] END) - avg(CASE WHEN ts < '2026-11-09' THEN embedding[1] END) AS shift
                            FROM query_embeddings WHERE source = 'production'`);
    expect(Number(r!.shift)).toBeGreaterThan(0.5);
  });

  it('plants PII and markup in some user messages', async () => {
    const [r] = await rows(`SELECT sum(CASE WHEN regexp_matches(user_message, '[a-z]+\\.[0-9]+@example\\.com') THEN 1 ELSE 0 END) AS emails,
                                   sum(CASE WHEN regexp_matches(user_message, '(\\+81 90-|\\(555\\) 01)') THEN 1 ELSE 0 END) AS phones,
                                   sum(CASE WHEN user_message LIKE '%<script>%' OR user_message LIKE '%onerror=%' THEN 1 ELSE 0 END) AS markup
                            FROM requests`);
    expect(Number(r!.emails)).toBeGreaterThan(0);
    expect(Number(r!.phones)).toBeGreaterThan(0);
    expect(Number(r!.markup)).toBeGreaterThan(0);
  });

  it('keeps session aggregates consistent with their turns', async () => {
    const [r] = await rows(
      `SELECT count(*) AS bad FROM sessions s JOIN (SELECT session_id, count(*) AS n FROM requests GROUP BY 1) r USING (session_id) WHERE s.turns <> r.n`,
    );
    expect(Number(r!.bad)).toBe(0);
  });
});
