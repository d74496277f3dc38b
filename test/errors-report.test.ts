import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { categorizeFailure } from '../src/analysis/categorizeFailure';
import { isoWeek, previousWeek } from '../src/analysis/isoWeek';
import { errorParams, errorsReadout, type ErrorsReadout } from '../src/jobs/errors/readout';
import { errorsReport } from '../src/jobs/errors/report';
import { humanEvalReadout, type HumanEvalReadout } from '../src/jobs/human-eval/readout';
import type { Report } from '../src/jobs/report';
import { tableToObjects } from '../src/pipeline/arrow';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { loadErrorsConfig } from '../src/pipeline/errors-config';
import { mangalab, pythonReference, scalar } from './helpers';

const fixtures = inject('fixtures');
const config = loadErrorsConfig();
const week = isoWeek('2026-W46');
let source: DuckDBSource;
let readout: ErrorsReadout;
let human: HumanEvalReadout;
let report: Report;
let files: Record<string, string>;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-errors-'));
  source = await DuckDBSource.open(fixtures.duckdb);
  readout = await errorsReadout(source, week, previousWeek(week), config);
  human = await humanEvalReadout(source, week, config);
  ({ report, files } = await errorsReport(source, { week: '2026-W46', now: () => new Date('2026-11-22T06:00:00Z') }));
});
afterAll(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = async (sql: string) => (await source.conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
const NEGATIVE = `(r.escalated OR NOT r.guardrail_passed OR EXISTS (SELECT 1 FROM feedback f WHERE f.trace_id = r.trace_id AND f.value = 'thumbs_down'))`;

describe('error analysis (report errors)', () => {
  it('counts every negative signal of the week and the week before, as SQL counts them', async () => {
    const cur = await scalar(source, `SELECT count(*) FROM requests r WHERE ts >= '2026-11-09' AND ts < '2026-11-16' AND ${NEGATIVE}`);
    const prev = await scalar(source, `SELECT count(*) FROM requests r WHERE ts >= '2026-11-02' AND ts < '2026-11-09' AND ${NEGATIVE}`);
    expect(readout.summary.total).toBe(cur);
    expect(readout.summary.previousTotal).toBe(prev);
    expect(readout.summary.categories.reduce((s, c) => s + c.turns, 0)).toBe(cur);
    expect(report.sections.map((s) => s.id)).toEqual(['errors', 'human']);
  });

  it('categorizes the warehouse groups exactly as the rules categorize each turn one by one', async () => {
    const turns = tableToObjects<Record<string, unknown>>(
      await source.query('errors/turns', {
        ...errorParams(week, previousWeek(week), config),
        labelled: false,
        max_turns: 100_000,
        trace_ids: '',
      }),
    );
    expect(turns.length).toBe(readout.summary.total);
    const perTurn = new Map<string, number>();
    for (const t of turns) {
      const c = categorizeFailure({
        thumbsDown: t.thumbs_down as boolean,
        escalated: t.escalated as boolean,
        guardrailStage: t.guardrail_stage as string | null,
        hallucinationFlag: t.hallucination_flag as boolean,
        lowConfidence: t.low_confidence as boolean,
        labelMismatch: t.label_mismatch as boolean | null,
        isError: t.is_error as boolean,
        slow: t.slow as boolean,
        stopReason: t.stop_reason as string | null,
        noRetrieval: t.no_retrieval as boolean,
        shortAnswer: t.short_answer as boolean,
        feedbackHint: t.feedback_hint as never,
        intent: t.intent as string | null,
      }).category;
      perTurn.set(c, (perTurn.get(c) ?? 0) + 1);
    }
    expect(new Map(readout.summary.categories.filter((c) => c.turns > 0).map((c) => [c.category, c.turns]))).toEqual(perTurn);
    expect(readout.summary.byFrequency.length).toBeLessThanOrEqual(5);
    expect(readout.summary.byImpact.map((c) => c.impactUsd)).toEqual(
      [...readout.summary.byImpact.map((c) => c.impactUsd)].sort((a, b) => b - a),
    );
  });

  it("prices the impact from escalations, unconverted sessions and the clean sessions' conversion, as SQL computes them", async () => {
    const [x] =
      await rows(`WITH n AS (SELECT r.session_id, r.escalated FROM requests r WHERE ts >= '2026-11-09' AND ts < '2026-11-16' AND ${NEGATIVE}),
      k AS (SELECT session_id, count(*) AS c FROM n GROUP BY session_id)
      SELECT (SELECT count(*) FROM n WHERE escalated) AS esc,
             (SELECT sum(CASE WHEN NOT s.converted THEN 1 ELSE 0 END) FROM k JOIN sessions s USING (session_id)) AS lost,
             (SELECT avg(CASE WHEN converted THEN 1.0 ELSE 0 END) FROM sessions WHERE started_at >= '2026-11-09' AND started_at < '2026-11-16' AND session_id NOT IN (SELECT session_id FROM n)) AS base`);
    expect(readout.baselineConversion).toBeCloseTo(Number(x!.base), 12);
    expect(readout.summary.categories.reduce((s, c) => s + c.unconvertedSessions, 0)).toBeCloseTo(Number(x!.lost), 6);
    expect(readout.summary.totalImpactUsd).toBeCloseTo(Number(x!.esc) * 6.5 + Number(x!.lost) * Number(x!.base) * 42, 4);
  });

  it('gives thumbs-up rates per rated response with the Wilson intervals SciPy gives', async () => {
    const byIntent =
      await rows(`SELECT r.intent, count(*) AS n, sum(CASE WHEN f.value = 'thumbs_up' THEN 1 ELSE 0 END) AS up FROM feedback f JOIN requests r USING (trace_id)
      WHERE r.ts >= '2026-11-09' AND r.ts < '2026-11-16' GROUP BY r.intent ORDER BY r.intent`);
    const cases = byIntent.map((r) => ({ kind: 'wilson', k: Number(r.up), n: Number(r.n) }));
    // Expected values: test/reference/agreement_reference.py, SciPy's binomtest(k, n).proportion_ci(method='wilson').
    const want = pythonReference<{ lower: number; upper: number }[]>('agreement_reference.py', cases);
    byIntent.forEach((r, i) => {
      const got = readout.feedback.find((f) => f.week === '2026-11-09' && f.dimension === 'intent' && f.value === r.intent)!;
      expect(got.rated).toBe(Number(r.n));
      expect(got.interval!.lower).toBeCloseTo(want[i]!.lower, 12);
      expect(got.interval!.upper).toBeCloseTo(want[i]!.upper, 12);
    });
    expect(new Set(readout.feedback.map((f) => f.dimension))).toEqual(new Set(['all', 'intent', 'model_version', 'prompt_version']));
  });

  it("measures the rules against the annotators' agreed failure categories", async () => {
    const labelled = await scalar(
      source,
      `SELECT count(*) FROM (SELECT h.trace_id FROM human_annotations h JOIN requests r USING (trace_id) WHERE r.ts >= '2026-11-09' AND r.ts < '2026-11-16'
      GROUP BY h.trace_id HAVING min(failure_category) = max(failure_category) AND min(failure_category) <> 'none')`,
    );
    expect(readout.labelled.n).toBe(labelled);
    expect(labelled).toBeGreaterThan(0);
    expect(readout.labelled.rules.accuracy).toBeGreaterThan(0);
    expect(readout.labelled.llm).toBeNull();
  });

  it('writes backlog.md ranked by impact, and no user text in the report', () => {
    expect(files['backlog.md']).toMatch(/^# Error analysis backlog, 2026-W46/);
    const items = [...files['backlog.md']!.matchAll(/^\| (\d) \| \\\[([a-z_\\]+)\\\]/gm)].map((m) => m[2]!.replace(/\\/g, ''));
    expect(items).toEqual(readout.summary.byImpact.map((c) => c.category));
    expect(JSON.stringify(report)).not.toMatch(/<script>|@example\.com/);
  });
});

describe('human evaluation', () => {
  it("equals scikit-learn cohen_kappa_score on the warehouse's annotator pairs, per dimension", async () => {
    const pairs =
      await rows(`SELECT sample_id, list(factual_correctness ORDER BY annotator_id) AS f, list(helpfulness ORDER BY annotator_id) AS h,
      list(purchase_likelihood ORDER BY annotator_id) AS p FROM human_annotations WHERE week = '2026-11-09' GROUP BY sample_id ORDER BY sample_id`);
    const col = (k: string, i: number) => pairs.map((r) => (r[k] as unknown[])[i]);
    const cases = [
      { kind: 'kappa', a: col('f', 0), b: col('f', 1), weights: 'quadratic' },
      { kind: 'kappa', a: col('h', 0), b: col('h', 1) },
      { kind: 'kappa', a: col('p', 0).map(String), b: col('p', 1).map(String) },
    ];
    // Expected values: test/reference/agreement_reference.py, scikit-learn's cohen_kappa_score.
    const want = pythonReference<{ kappa: number }[]>('agreement_reference.py', cases);
    const dim = (d: string) => human.agreement.dimensions.find((x) => x.dimension === d)!;
    expect(dim('factual_correctness').weightedKappa).toBeCloseTo(want[0]!.kappa, 12);
    expect(dim('helpfulness').kappa).toBeCloseTo(want[1]!.kappa, 12);
    expect(dim('purchase_likelihood').kappa).toBeCloseTo(want[2]!.kappa, 12);
    expect(human.samples).toBe(pairs.length);
    expect(human.agreement.passes).toBe(human.agreement.dimensions.every((d) => d.gated !== null && d.gated >= 0.7));
  });

  it("correlates each sample's mean human score with thumbs as SciPy spearmanr does", async () => {
    const s =
      await rows(`SELECT h.sample_id, avg((factual_correctness + helpfulness + tone_appropriateness + format_quality) / 4.0) AS score,
      max(CASE WHEN f.value = 'thumbs_up' THEN 1 WHEN f.value = 'thumbs_down' THEN 0 END) AS up
      FROM human_annotations h LEFT JOIN feedback f USING (trace_id) WHERE week >= '2026-10-19' AND week < '2026-11-16' GROUP BY h.sample_id HAVING up IS NOT NULL`);
    // Expected values: test/reference/agreement_reference.py, SciPy's spearmanr.
    const [want] = pythonReference<{ rho: number; pValue: number }[]>('agreement_reference.py', [
      { kind: 'spearman', x: s.map((r) => Number(r.score)), y: s.map((r) => Number(r.up)) },
    ]);
    const got = human.calibration.find((c) => c.metric.startsWith('thumbs_up'))!.result!;
    expect(got.n).toBe(s.length);
    expect(got.rho).toBeCloseTo(want!.rho, 10);
    expect(got.pValue / want!.pValue).toBeCloseTo(1, 6);
    expect(got.rho).toBeGreaterThan(0.2); // the seed makes human scores fall with a thumbs-down
  });
});

describe('errors and human CLI', () => {
  it('report errors writes JSON, Markdown, HTML and backlog.md; the weekly report holds both sections', () => {
    const r = mangalab('report', 'errors', '--source', fixtures.duckdb, '--week', '2026-W46', '--out', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((f) => f.split('/').pop()),
    ).toEqual(['report.json', 'report.md', 'report.html', 'table-errors.rules.csv', 'backlog.md']);
    const html = readFileSync(join(dir, 'errors', '2026-W46', 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script>alert|onerror=alert/);
    const w = mangalab('report', 'weekly', '--source', fixtures.duckdb, '--week', '2026-W46', '--out', dir, '--format', 'json');
    expect(w.code, w.stderr).toBe(0);
    const weekly = JSON.parse(readFileSync(join(dir, 'weekly', '2026-W46', 'report.json'), 'utf8')) as Report;
    expect(weekly.sections.map((s) => s.title)).toEqual(expect.arrayContaining(['Errors & Feedback', 'Human Evaluation']));
  });

  it('exports a stratified, redacted sample and imports annotations; bad rows are refused with their lines and nothing is written', async () => {
    const out = join(dir, 'h');
    const e = mangalab('human', 'export', '--source', fixtures.duckdb, '--week', '2026-W46', '--out', out);
    expect(e.code, e.stderr).toBe(0);
    const sample = readFileSync(join(out, 'human', '2026-W46', 'sample.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(sample[0]).toBe('sample_id,trace_id,stratum,intent,user_message,response_text');
    const strata = new Map<string, number>();
    for (const line of sample.slice(1)) strata.set(line.split(',')[2]!, (strata.get(line.split(',')[2]!) ?? 0) + 1);
    for (const [k, v] of strata) expect(v, k).toBeLessThanOrEqual(config.humanEval.quotas[k]!);
    expect(strata.get('recommendation')).toBe(48);
    expect(sample.join('\n')).not.toMatch(/@example\.com|\(555\)/);
    const ids = sample.slice(1, 4).map((l) => l.split(',')[0]!);
    // Two annotators who agree on varied scores: kappa 1 on every dimension (an empty category reads as none).
    const scores = (i: number) => `${3 + i},${2 + i},${5 - i},${1 + i},${i % 2 ? 'yes' : 'no'}`;
    const good = ids.flatMap((id, i) => [
      `${id},ann-01,${scores(i)},${i === 0 ? 'hallucination' : ''}`,
      `${id},ann-02,${scores(i)},${i === 0 ? 'Hallucination' : 'none'}`,
    ]);
    const header =
      'sample_id,annotator_id,factual_correctness,helpfulness,tone_appropriateness,format_quality,purchase_likelihood,failure_category';
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, [header, ...good, `${ids[0]},ann-03,7,4,4,4,yes,`, 'HS-2026-W46-999,ann-01,4,4,4,4,no,'].join('\n'));
    const b = mangalab('human', 'import', bad, '--out', out);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(
      /bad\.csv: 2 problems, nothing imported: line 8, factual_correctness: must be a whole number from 1 to 5, got "7"; line 9, sample_id: "HS-2026-W46-999" is not in the exported sample/,
    );
    expect(existsSync(join(out, 'human', '2026-W46', 'annotations.csv'))).toBe(false);
    const ok = join(dir, 'ok.csv');
    writeFileSync(ok, [header, ...good].join('\n'));
    const g = mangalab('human', 'import', ok, '--out', out);
    expect(g.code, g.stderr).toBe(0);
    expect(g.stdout.trim().split('\n')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ok\s+factual_correctness\s+kappa 1\.000, weighted 1\.000 over 3 pairs$/),
        expect.stringMatching(/^ok\s+failure_category\s+kappa 1\.000 over 3 pairs$/),
      ]),
    );
    expect(readFileSync(join(out, 'human', '2026-W46', 'annotations.csv'), 'utf8').split('\n')[1]).toMatch(
      new RegExp(`^${ids[0]},T\\d+,ann-01,2026-11-09,3,2,5,1,false,hallucination$`),
    );
  });

  it('names the file and field of a bad errors config, writing nothing', () => {
    const bad = join(dir, 'errors.json');
    const cfg = JSON.parse(readFileSync('config/errors.json', 'utf8'));
    cfg.categorizer.feedback_hints.vibes = 'x';
    writeFileSync(bad, JSON.stringify(cfg));
    const r = mangalab('report', 'errors', '--source', fixtures.duckdb, '--config', bad, '--out', join(dir, 'none'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/errors\.json: categorizer\.feedback_hints\.vibes is not a failure category/);
    expect(existsSync(join(dir, 'none'))).toBe(false);
    // Redshift reads a pattern only as a literal: a backslash or a quote is refused before anything runs.
    cfg.categorizer.feedback_hints = { hallucination: 'made\\.up' };
    writeFileSync(bad, JSON.stringify(cfg));
    const slash = mangalab('report', 'errors', '--source', fixtures.duckdb, '--config', bad, '--out', join(dir, 'none'));
    expect(slash.code).toBe(2);
    expect(slash.stderr).toMatch(/errors\.json: categorizer\.feedback_hints\.hallucination holds a quote or a backslash/);
    expect(existsSync(join(dir, 'none'))).toBe(false);
  });
});
