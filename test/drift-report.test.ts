import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { driftReport } from '../src/jobs/monitoring/report';
import { driftSection } from '../src/jobs/monitoring/drift-sections';
import { driftReadout, monitoringReadout, type DriftReadout } from '../src/jobs/monitoring/readout';
import type { Report } from '../src/jobs/report';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { loadMonitoringConfig } from '../src/pipeline/monitoring-config';
import { alteredCopy, mangalab, pythonReference, scalar } from './helpers';

const fixtures = inject('fixtures');
const config = loadMonitoringConfig();
let source: DuckDBSource;
let report: Report;
let drift: DriftReadout;
let dir: string;
let window: { from: Date; to: Date };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-drift-'));
  source = await DuckDBSource.open(fixtures.duckdb);
  report = await driftReport(source, { now: () => new Date('2026-11-22T06:00:00Z') });
  window = { from: new Date('2026-11-09T00:00:00Z'), to: new Date('2026-11-16T00:00:00Z') };
  drift = await driftReadout(source, window, config);
});
afterAll(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = async (db: DuckDBSource, sql: string) => (await db.conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];

describe('report drift', () => {
  it('covers the latest complete day, with Drift and Monitoring sections', () => {
    expect(report.job).toBe('drift');
    expect(report.period).toMatchObject({ label: '2026-11-15', from: '2026-11-15T00:00:00.000Z', to: '2026-11-16T00:00:00.000Z' });
    expect(report.sections.map((s) => s.id)).toEqual(['drift', 'monitoring']);
  });

  it('finds the planted intent drift with the shares and chi-square SciPy gives on the same counts', async () => {
    const counts = await rows(
      source,
      `SELECT intent, count(*) AS n FROM requests WHERE ts >= '2026-11-09' AND ts < '2026-11-16' GROUP BY intent ORDER BY intent`,
    );
    const base = await rows(source, 'SELECT intent, share FROM intent_baseline ORDER BY intent');
    const total = counts.reduce((s, r) => s + Number(r.n), 0);
    const byIntent = new Map(counts.map((r) => [String(r.intent), Number(r.n)]));
    for (const b of base) {
      const got = drift.intent!.intents.find((i) => i.intent === b.intent)!;
      expect(got.shiftPp).toBeCloseTo(((byIntent.get(String(b.intent)) ?? 0) / total - Number(b.share)) * 100, 10);
    }
    expect(drift.intent!.alerts.map((a) => a.intent).sort()).toEqual(['order_tracking', 'recommendation']);
    // Expected values: SciPy stats.chisquare on the counts above (test/reference/drift_reference.py).
    const [chi] = pythonReference<{ statistic: number }[]>('drift_reference.py', [
      {
        kind: 'chisquare',
        observed: base.map((b) => byIntent.get(String(b.intent)) ?? 0),
        expected: base.map((b) => Number(b.share) * total),
      },
    ]);
    expect(drift.intent!.chiSquare!.statistic).toBeCloseTo(chi!.statistic, 6);
    expect(report.sections[0]!.findings.filter((f) => f.id.startsWith('drift.intent.')).map((f) => f.severity)).toEqual([
      'warning',
      'warning',
    ]);
  });

  it('computes embedding drift in SQL equal to scikit-learn cosine similarity and SciPy ks_2samp on the raw embeddings', async () => {
    const emb = async (where: string) =>
      (await rows(source, `SELECT embedding FROM query_embeddings WHERE ${where} ORDER BY trace_id`)).map((r) => r.embedding as number[]);
    const training = await emb(`source = 'training'`);
    const production = await emb(`source = 'production' AND ts >= '2026-11-09' AND ts < '2026-11-16'`);
    // Expected values: test/reference/embedding_drift.py (scikit-learn 1.x cosine_similarity, SciPy ks_2samp).
    const ref = pythonReference<{ embedding: { statistic: number; pValue: number; productionMean: number } }>('embedding_drift.py', {
      training,
      production,
    }).embedding;
    // The fixture holds 17 production embeddings in the week: run the detectors from 10 up (the shipped minimum is 50).
    const small = { ...config, drift: { ...config.drift, embedding: { ...config.drift.embedding, minSamples: 10 } } };
    const e = (await driftReadout(source, drift.current, small)).embedding;
    expect(drift.embedding.result!.detectors.every((d) => !d.computed && /^needs 50 /.test(d.reason!))).toBe(true);
    expect(drift.embedding.productionEmbeddings).toBe(production.length);
    expect(e.ks!.statistic).toBeCloseTo(ref.statistic, 9);
    expect(e.ks!.pValue).toBeCloseTo(ref.pValue, 9);
    expect(e.productionMeanSimilarity!).toBeCloseTo(ref.productionMean, 9);
    // The verdict: any of the four detectors under 0.01 / 4; the planted shift of ten dimensions trips at least the
    // centroid KS, and the verdict names each detector that fired.
    expect(e.result!.detectors[0]).toMatchObject({
      detector: 'centroid_ks',
      fired: ref.pValue < 0.0025,
      samples: [5000, production.length],
    });
    expect(e.drifted).toBe(e.result!.detectors.some((d) => d.fired));
    expect(e.result!.fired).toEqual(e.result!.detectors.filter((d) => d.fired).map((d) => d.detector));
  });

  it('tests numeric drift from warehouse value counts exactly as SciPy does on the raw values', async () => {
    const latency = async (from: string, to: string) =>
      (await rows(source, `SELECT latency_ms FROM requests WHERE ts >= '${from}' AND ts < '${to}' AND latency_ms IS NOT NULL`)).map((r) =>
        Number(r.latency_ms),
      );
    // Expected values: test/reference/embedding_drift.py, SciPy ks_2samp and wasserstein_distance on the raw latencies.
    const ref = pythonReference<{ numeric: { statistic: number; pValue: number; wasserstein: number } }>('embedding_drift.py', {
      reference: await latency('2026-11-02', '2026-11-09'),
      current: await latency('2026-11-09', '2026-11-16'),
    }).numeric;
    const got = drift.numeric.find((m) => m.metric === 'latency_ms')!;
    expect(got.ks!.statistic).toBeCloseTo(ref.statistic, 12);
    expect(Math.abs(got.ks!.pValue - ref.pValue)).toBeLessThanOrEqual(1e-9 * Math.max(ref.pValue, 1e-300));
    expect(got.wasserstein!).toBeCloseTo(ref.wasserstein, 8);
  });

  it('measures classifier accuracy over the latest 1,000 labelled turns', async () => {
    const correct = await scalar(
      source,
      `SELECT sum(CASE WHEN predicted_intent = true_intent THEN 1 ELSE 0 END) FROM (SELECT * FROM classifier_labels WHERE ts < '2026-11-16' ORDER BY ts DESC, trace_id DESC LIMIT 1000)`,
    );
    const labelled = await scalar(source, `SELECT least(1000, count(*)) FROM classifier_labels WHERE ts < '2026-11-16'`);
    expect(drift.accuracy.labelled).toBe(labelled);
    expect(drift.accuracy.correct).toBe(correct);
  });

  it('fires a threshold alert for an hour of errors, with trace ids from that hour, and exits 1 under --fail-on critical', async () => {
    const db = await alteredCopy(fixtures.duckdb, dir, 'errors', [
      `UPDATE requests SET is_error = true WHERE ts >= '2026-11-15 10:00' AND ts < '2026-11-15 11:00'`,
    ]);
    // The fixture holds a few dozen turns an hour: judge windows from 5 samples up (the shipped minimum is 100). Every
    // turn of the hour fails, so the one-sided test and the 2h confirmation pass even on so few turns.
    const small = { ...config, alerts: config.alerts.map((a) => ({ ...a, minSamples: 5 })) };
    const m = await monitoringReadout(db, { from: new Date('2026-11-15T00:00:00Z'), to: new Date('2026-11-16T00:00:00Z') }, window, small);
    const err = m.alerts.find((a) => a.ruleId === 'error_rate_hard')!;
    const expected = await scalar(
      db,
      `SELECT avg(CASE WHEN is_error THEN 1.0 ELSE 0 END) FROM requests WHERE ts >= '2026-11-15 10:00' AND ts < '2026-11-15 11:00'`,
    );
    expect(err.fired).toBe(true);
    expect(err.worst!.start.toISOString()).toBe('2026-11-15T10:00:00.000Z');
    expect(err.worst!.test.estimate).toBeCloseTo(expected, 12);
    expect(err.worst!.guard).toMatch(/^passed: one-sided p .* confirmed by the 2h window/);
    expect(err.traceIds.length).toBeGreaterThan(0);
    for (const id of err.traceIds)
      expect(
        await scalar(
          db,
          `SELECT count(*) FROM requests WHERE trace_id = '${id}' AND is_error AND ts >= '2026-11-15 10:00' AND ts < '2026-11-15 11:00'`,
        ),
      ).toBe(1);
    await db.close();
    const file = join(dir, 'small.json');
    const doc = JSON.parse(readFileSync('config/monitoring.json', 'utf8')) as { alerts: { min_samples?: number }[] };
    doc.alerts.forEach((a) => {
      a.min_samples = 5;
    });
    writeFileSync(file, JSON.stringify(doc));
    const r = mangalab(
      'report',
      'drift',
      '--day',
      '2026-11-15',
      '--config',
      file,
      '--source',
      join(dir, 'errors.duckdb'),
      '--out',
      join(dir, 'out'),
      '--format',
      'json',
      '--fail-on',
      'critical',
    );
    const written = JSON.parse(readFileSync(r.stdout.trim(), 'utf8')) as Report;
    expect(written.sections[1]!.findings.find((f) => f.id === 'monitoring.error_rate_hard')).toMatchObject({
      severity: 'critical',
      traceIds: err.traceIds,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/critical finding is at or above --fail-on critical/);
  });

  it('refuses baseline shares that do not sum to 1, writing nothing; says "not computed" for mixed dimensions and NaN', async () => {
    (await alteredCopy(fixtures.duckdb, dir, 'shares', [`UPDATE intent_baseline SET share = share * 0.9`])).close();
    const out = join(dir, 'bad-out');
    const r = mangalab('report', 'drift', '--source', join(dir, 'shares.duckdb'), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/intent_baseline in .*shares\.duckdb: baseline shares sum to 0\.9\d*, not 1/);
    expect(() => rmSync(out)).toThrow(); // nothing was written
    const cur = { from: new Date('2026-11-09T00:00:00Z'), to: new Date('2026-11-16T00:00:00Z') };
    for (const [name, sql, said] of [
      [
        'dims',
        `UPDATE query_embeddings SET embedding = embedding[1:16] WHERE trace_id IN (SELECT trace_id FROM query_embeddings WHERE source = 'production' AND ts >= '2026-11-09' LIMIT 3)`,
        /^embeddings of mixed dimensions: production 16-d x 3, production 32-d x \d+, training 32-d x 5000$/,
      ],
      [
        'nan',
        `UPDATE query_embeddings SET embedding = list_transform(embedding, (x, i) -> CASE WHEN i = 5 THEN CAST('NaN' AS FLOAT) ELSE x END) WHERE trace_id IN (SELECT trace_id FROM query_embeddings WHERE source = 'training' LIMIT 2)`,
        /^2 training embeddings hold NaN, infinite or null components$/,
      ],
    ] as const) {
      const db = await alteredCopy(fixtures.duckdb, dir, name, [sql]);
      const d = await driftReadout(db, cur, config);
      await db.close();
      expect([d.embedding.result, d.embedding.drifted]).toEqual([null, false]);
      expect(d.embedding.note).toMatch(said);
      const f = driftSection(d).findings.find((x) => x.id === 'drift.embedding')!;
      expect([f.severity, f.message]).toEqual([
        'warning',
        expect.stringMatching(/^Embedding drift not computed: .* No detector ran, so this is not a pass\.$/),
      ]);
    }
    // Too few turns for the intent test: not computed, with the count and the setting, never a silent pass.
    const few = await driftReadout(source, cur, { ...config, drift: { ...config.drift, minIntentTurns: 10_000_000 } });
    expect([few.intent, few.intentNote]).toEqual([
      null,
      expect.stringMatching(/^\d+ turns in the window, fewer than the 10000000 the intent test needs \(drift\.min_intent_turns\)$/),
    ]);
    expect(driftSection(few).findings.find((x) => x.id === 'drift.intent')).toMatchObject({
      severity: 'warning',
      message: expect.stringMatching(/^Intent drift could not be computed: \d+ turns/),
    });
  });

  it('names the file and field of a bad monitoring config', () => {
    const file = join(dir, 'monitoring.json');
    writeFileSync(
      file,
      JSON.stringify({
        drift: {
          window_days: 7,
          intent_shift_pp: 5,
          psi_epsilon: 1e-4,
          numeric_metrics: ['latency_ms'],
          embedding_p_value: 0.01,
          accuracy_sample: 1000,
          min_accuracy: 0.88,
        },
        alerts: [{ id: 'x', metric: 'cost', kind: 'above', threshold: 1, window: '1h', tier: 'hard' }],
      }),
    );
    const r = mangalab('report', 'drift', '--source', fixtures.duckdb, '--config', file, '--out', join(dir, 'cfg-out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/monitoring\.json: alerts\[0\]\.metric must be one of hallucination_rate, .* got "cost"/);
  });
});

describe('traces and trace', () => {
  it('filters turns by intent and flag in a time range, as SQL counts them', async () => {
    const r = mangalab(
      'traces',
      '--source',
      fixtures.duckdb,
      '--intent',
      'faq_simple',
      '--flag',
      'escalated',
      '--from',
      '2026-11-14',
      '--to',
      '2026-11-15',
      '--limit',
      '10000',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout) as { intent: string; escalated: boolean; ts: string }[];
    expect(got.length).toBe(
      await scalar(
        source,
        `SELECT count(*) FROM requests WHERE intent = 'faq_simple' AND escalated AND ts >= '2026-11-14' AND ts < '2026-11-16'`,
      ),
    );
    expect(got.every((t) => t.intent === 'faq_simple' && t.escalated)).toBe(true);
  });

  it("prints one turn's lineage with the user message redacted in the warehouse", async () => {
    const [row] = await rows(source, `SELECT trace_id FROM requests WHERE handler = 'llm' ORDER BY trace_id LIMIT 1`);
    const id = String(row!.trace_id);
    (
      await alteredCopy(fixtures.duckdb, dir, 'pii', [
        `UPDATE requests SET user_message = 'mail me at jane.doe@example.com or 555-123-4567 <b>now</b>' WHERE trace_id = '${id}'`,
      ])
    ).close();
    const r = mangalab('trace', id, '--source', join(dir, 'pii.duckdb'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/user message\s+mail me at \[EMAIL\] or \[PHONE\] <b>now<\/b>/);
    expect(r.stdout).not.toMatch(/jane\.doe|555-123/);
    expect(r.stdout).toMatch(new RegExp(`trace\\s+${id}`));
    const missing = mangalab('trace', 'T-nope', '--source', fixtures.duckdb);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/trace T-nope: no turn with this trace id/);
  });
});
