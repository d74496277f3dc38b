// The experiment engine on the three-arm sample experiment: CUPED and ratio metrics against sums computed here from
// the raw rows, the multiple-testing correction against statsmodels, the decision naming the arm, and bad input.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cupedAdjust, type CovariateSums } from '../src/analysis/cupedAdjust';
import { deltaMethodRatio, type RatioSums } from '../src/analysis/deltaMethodRatio';
import { welchTTestSummary } from '../src/analysis/welchTTest';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { seedWarehouse } from '../src/pipeline/seed';
import { experimentReadout, type Readout } from '../src/jobs/experiments/readout';
import { alteredCopy, mangalab, pythonReference, ratioSumsOf } from './helpers';

const ID = 'exp-output-length';
let dir: string;
let warehouse: string;
let source: DuckDBSource;
let readout: Readout;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-engine-'));
  // 500k requests (about 155,000 sessions, 15,500 an arm of the three-arm experiment): enough for the planted effects to
  // be decided, seeded in a few seconds.
  warehouse = join(dir, 'warehouse.duckdb');
  await seedWarehouse({ out: warehouse, requests: 500_000 });
  source = await DuckDBSource.open(warehouse);
  readout = await experimentReadout(source, ID);
}, 120_000);
afterAll(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

async function rows(db: DuckDBSource, sql: string, params: Record<string, string> = {}): Promise<Record<string, unknown>[]> {
  return (await db.conn.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[];
}

const ts = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/** Per-session y and pre-period x for one metric, written here apart from queries/experiments/cuped_metrics.sql. */
async function unitSums(metric: 'conversion' | 'words', names: string[]): Promise<CovariateSums[]> {
  const pre = ts(readout.cuped.preFrom);
  const from = ts(readout.period.from);
  const to = ts(readout.period.to);
  const sql =
    metric === 'conversion'
      ? `WITH px AS (SELECT customer_id, avg(CASE WHEN converted THEN 1 ELSE 0 END) AS x FROM sessions
                     WHERE started_at >= $pre::TIMESTAMP AND started_at < $from::TIMESTAMP GROUP BY customer_id)
         SELECT s.variant, CASE WHEN s.converted THEN 1.0 ELSE 0.0 END AS y, px.x FROM sessions s LEFT JOIN px USING (customer_id)
         WHERE s.experiment_id = '${ID}' AND s.started_at >= $from::TIMESTAMP AND s.started_at < $to::TIMESTAMP`
      : `WITH px AS (SELECT customer_id, avg(output_tokens) AS x FROM requests
                     WHERE ts >= $pre::TIMESTAMP AND ts < $from::TIMESTAMP AND handler = 'llm' GROUP BY customer_id),
              sy AS (SELECT session_id, avg(response_words) FILTER (WHERE handler = 'llm') AS y FROM requests
                     WHERE experiment_id = '${ID}' AND ts >= $from::TIMESTAMP GROUP BY session_id)
         SELECT s.variant, sy.y, px.x FROM sessions s JOIN sy USING (session_id) LEFT JOIN px USING (customer_id)
         WHERE s.experiment_id = '${ID}' AND s.started_at >= $from::TIMESTAMP AND s.started_at < $to::TIMESTAMP AND sy.y IS NOT NULL`;
  const units = await rows(source, sql, { pre, from, to });
  return names.map((v) => {
    const s = { n: 0, sumY: 0, sumYY: 0, withCovariate: 0, sumX: 0, sumXX: 0, sumXY: 0, sumYWithoutCovariate: 0 };
    for (const u of units.filter((r) => r.variant === v)) {
      const y = Number(u.y);
      s.n += 1;
      s.sumY += y;
      s.sumYY += y * y;
      if (u.x === null) s.sumYWithoutCovariate += y;
      else {
        const x = Number(u.x);
        s.withCovariate += 1;
        s.sumX += x;
        s.sumXX += x * x;
        s.sumXY += x * y;
      }
    }
    return s;
  });
}

describe('the three-arm experiment readout', () => {
  const names = ['control', 'short', 'long'];

  it('adjusts by CUPED exactly as cupedAdjust does on per-session values computed from the raw rows', async () => {
    for (const [metric, key] of [
      ['conversion', 'conversion_rate'],
      ['words', 'response_words'],
    ] as const) {
      const want = cupedAdjust(await unitSums(metric, names));
      const got = readout.cuped.metrics.find((m) => m.metric === key)!;
      expect(got.applied).toBe(true);
      expect(got.theta!).toBeCloseTo(want.theta, 9);
      expect(got.varianceReduction!).toBeCloseTo(want.varianceReduction, 9);
      expect(got.missingCovariate).toBe(want.missingCovariate);
      expect(got.note).toMatch(/^[\d,]+ of [\d,]+ units \([\d.]+%\) have no pre-period value: they get the pooled pre-period mean/);
      for (const [i, arm] of readout.arms.entries()) {
        const m = arm.metrics.find((x) => x.metric.key === key)!;
        expect(m.basis).toBe('cuped');
        expect(m.cuped!.control).toBeCloseTo(want.arms[0]!.adjusted.mean, 9);
        expect(m.cuped!.treatment).toBeCloseTo(want.arms[i + 1]!.adjusted.mean, 9);
        expect(m.cuped!.pValue!).toBeCloseTo(welchTTestSummary(want.arms[0]!.adjusted, want.arms[i + 1]!.adjusted).pValue, 9);
      }
    }
    // The planted customer verbosity makes CUPED worth having for response length (a quarter of the variance or more).
    expect(readout.cuped.metrics.find((m) => m.metric === 'response_words')!.varianceReduction!).toBeGreaterThan(0.2);
  });

  it('reads thumbs-up per rated response with sessions as the unit, by the delta method on per-session counts', async () => {
    const perSession = await rows(
      source,
      `SELECT s.variant, count(f.feedback_id) AS den, count(f.feedback_id) FILTER (WHERE f.value = 'thumbs_up') AS num
       FROM sessions s LEFT JOIN feedback f USING (session_id)
       WHERE s.experiment_id = '${ID}' AND s.started_at >= $from::TIMESTAMP AND s.started_at < $to::TIMESTAMP GROUP BY s.session_id, s.variant`,
      { from: ts(readout.period.from), to: ts(readout.period.to) },
    );
    const sums = (v: string): RatioSums => {
      const mine = perSession.filter((x) => x.variant === v);
      return ratioSumsOf(
        mine.map((r) => Number(r.num)),
        mine.map((r) => Number(r.den)),
      );
    };
    const c = deltaMethodRatio(sums('control'));
    for (const arm of readout.arms) {
      const t = deltaMethodRatio(sums(arm.treatment));
      const m = arm.metrics.find((x) => x.metric.key === 'thumbs_up_per_rated')!;
      expect(m.basis).toBe('delta-method');
      expect(m.control!).toBeCloseTo(c.ratio, 12);
      expect(m.treatmentValue!).toBeCloseTo(t.ratio, 12);
      expect(m.frequentistP!).toBeCloseTo(welchTTestSummary(c.summary, t.summary).pValue, 10);
    }
  });

  it("corrects p-values across arms and metrics as statsmodels' multipletests does, family by family", () => {
    const tested = readout.arms.flatMap((a) => a.metrics.filter((m) => m.corrected));
    expect(readout.corrections.comparisons).toBe(tested.length);
    expect(readout.corrections).toMatchObject({ method: 'holm', scope: 'primary-exempt', primaryAlphaShare: 0.5 });
    for (const family of ['primary', 'secondary']) {
      const members = tested.filter((m) => m.corrected!.family === family);
      // Expected values: test/reference/paired_reference.py, statsmodels 0.13 multipletests(method='holm').
      const [holm] = pythonReference<number[][]>('paired_reference.py', [
        { kind: 'multipletests', p: members.map((m) => m.test!.pValue), method: 'holm' },
      ]);
      members.forEach((m, i) => expect(m.corrected!.adjustedPValue).toBeCloseTo(Math.min(1, holm![i]! / 0.5), 12));
    }
    expect(tested.filter((m) => m.corrected!.family === 'primary').length).toBe(2);
    expect(
      tested.every(
        (m) => m.corrected!.interval[1] - m.corrected!.interval[0] > m.corrected!.plainInterval[1] - m.corrected!.plainInterval[0],
      ),
    ).toBe(true);
  });

  it('names the arm to ship and what it beats', () => {
    expect(readout.decision.overall).toBe('ship');
    expect(readout.decision.bestArm).toBe('long');
    expect(readout.decision.reason).toMatch(/^ship long: it beats control and is ahead of short \((keep control|keep running)\)/);
    const long = readout.arms.find((a) => a.treatment === 'long')!;
    expect(long.metrics.find((m) => m.metric.key === 'response_words')!.decision).toBe('keep_control'); // longer answers
    expect(readout.srm.looks).toBeGreaterThan(14);
    expect(readout.srm.sequentialPValue).toBeGreaterThan(0.05);
  });

  it('finds the planted prompt improvement on thumbs-up in the two-arm experiment', async () => {
    const r = await experimentReadout(source, 'exp-prompt-v24');
    const thumbs = r.arms[0]!.metrics.find((m) => m.metric.key === 'thumbs_up_rate')!;
    expect(thumbs.chanceBetter!).toBeGreaterThan(0.99);
    expect(r.decision).toMatchObject({ overall: 'ship', bestArm: 'treatment' });
  });
});

describe('bad input to the experiment engine', () => {
  it('an arm with no units: the sample ratio fails, that arm is not read and says why', async () => {
    const db = await alteredCopy(warehouse, dir, 'no-short', [`DELETE FROM sessions WHERE experiment_id = '${ID}' AND variant = 'short'`]);
    const r = await experimentReadout(db, ID);
    await db.close();
    expect(r.sessions.short).toBe(0);
    expect(r.trustworthy).toBe(false);
    expect(r.decision.overall).toBe('untrustworthy');
    const short = r.arms.find((a) => a.treatment === 'short')!;
    expect(short.metrics.every((m) => m.decision === 'not_read' && m.reason === 'no sessions in short')).toBe(true);
    for (const m of r.cuped.metrics) expect(m.note).toBe('not applied: short has 0 units with a value');
  });

  it('covariates missing for most units: CUPED says how many and is not applied under the minimum coverage', async () => {
    const db = await alteredCopy(warehouse, dir, 'no-pre', [`DELETE FROM sessions WHERE started_at < TIMESTAMP '2026-10-25 21:00:00'`]);
    const r = await experimentReadout(db, ID);
    await db.close();
    const conv = r.cuped.metrics.find((m) => m.metric === 'conversion_rate')!;
    expect(conv.applied).toBe(false);
    expect(conv.note).toMatch(/^not applied: only [\d,]+ of [\d,]+ units \([\d.]+%\) have a pre-period value, under the 5.0% minimum$/);
    const m = r.arms[0]!.metrics.find((x) => x.metric.key === 'conversion_rate')!;
    expect(m.cuped).toBeNull();
    expect(m.basis).toBe('beta-binomial');
  });

  it('a ratio metric whose denominator is zero in an arm: not read, with the reason, never NaN', async () => {
    const db = await alteredCopy(warehouse, dir, 'no-resolved', [
      `UPDATE sessions SET resolved = false WHERE experiment_id = '${ID}' AND variant = 'long'`,
    ]);
    const r = await experimentReadout(db, ID);
    await db.close();
    const m = r.arms.find((a) => a.treatment === 'long')!.metrics.find((x) => x.metric.key === 'cost_per_resolution')!;
    expect(m.decision).toBe('not_read');
    expect(m.reason).toMatch(
      /^LLM cost per resolved session \(USD, delta method\), long: the denominator is zero over all [\d,]+ units, so the ratio is undefined$/,
    );
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it('a bad experiments config names the file, the field and the problem, exit 2, nothing written', () => {
    const config = join(dir, 'experiments.json');
    const good = JSON.parse(readFileSync('config/experiments.json', 'utf8'));
    const out = join(dir, 'bad-out');
    const cases: [unknown, RegExp][] = [
      [
        { ...good, corrections: { ...good.corrections, method: 'bonferroni' } },
        /corrections\.method must be one of holm, bh, none, got "bonferroni"/,
      ],
      [{ ...good, cuped: { ...good.cuped, pre_days: 0 } }, /cuped\.pre_days must be at least 1, got 0/],
    ];
    for (const [doc, message] of cases) {
      writeFileSync(config, JSON.stringify(doc));
      const r = mangalab('report', 'experiment', '--id', ID, '--source', warehouse, '--out', out, '--config', config);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(config);
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(out)).toBe(false);
  });
});

describe('mangalab report experiment on three arms', () => {
  it('shows CUPED and plain results, a ratio metric, corrected p-values, the sequential SRM and the decision naming the arm', () => {
    const out = join(dir, 'report');
    const r = mangalab('report', 'experiment', '--id', ID, '--source', warehouse, '--out', out);
    expect(r.code).toBe(0);
    const md = readFileSync(
      r.stdout
        .trim()
        .split('\n')
        .find((f) => f.endsWith('report.md'))!,
      'utf8',
    );
    expect(md).toContain('Decision over 2 treatments: ship. ship long: it beats control');
    expect(md).toContain('| Metric | control | long | Relative lift | 95% interval of lift | CUPED lift (95%) |');
    expect(md).toContain('Corrected p (Holm)');
    expect(md).toContain('Thumbs-up per rated response (sessions as the unit, delta method)');
    expect(md).toMatch(/sequential p = [\d.]+, valid over all \d+ daily looks/);
    expect(md).toContain('### CUPED: pre-period covariates (14 days before the start)');
    const promotion = JSON.parse(
      readFileSync(
        r.stdout
          .trim()
          .split('\n')
          .find((f) => f.endsWith('promotion.json'))!,
        'utf8',
      ),
    );
    expect(promotion).toMatchObject({ winner: 'long', weights: { control: 0, short: 0, long: 100 } });
  });
});
