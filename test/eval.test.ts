import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateGates } from '../src/analysis/evaluateGates';
import { formatCompliance } from '../src/analysis/formatCompliance';
import { goldenComposition } from '../src/analysis/goldenComposition';
import { matchElements } from '../src/analysis/matchElements';
import { evalRun, type EvalOptions } from '../src/jobs/quality/readout';
import { fileResponder } from '../src/pipeline/responders';
import { ResultsStore } from '../src/pipeline/results-store';
import { goldenCategory, readGoldenSet } from '../src/pipeline/golden';
import type { Prediction } from '../src/pipeline/eval-inputs';
import { samplePredictions, sampleGoldenEntries, writeSampleGolden } from '../src/pipeline/golden-seed';
import { mangalab } from './helpers';

const python = process.env.MANGALAB_REFERENCE_PYTHON ?? '/usr/bin/python3';
const reference = (mode: string, input: unknown) =>
  JSON.parse(execFileSync(python, ['test/reference/eval_reference.py', mode], { input: JSON.stringify(input), encoding: 'utf8' }));
let dir: string;
let golden: string;
let predictions: string;
const entries = sampleGoldenEntries();
const preds = samplePredictions(entries);
const writeJsonl = (name: string, rows: unknown[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-eval-'));
  ({ golden, predictions } = writeSampleGolden(dir));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the sample golden set', () => {
  it('has 520 well-formed entries in the US-3.1 shares with 44 adversarial ones', () => {
    const { set, issues } = readGoldenSet(golden);
    expect(issues).toEqual([]);
    const c = goldenComposition(set.entries.map((e) => ({ category: goldenCategory(e.tags), adversarial: e.adversarial })));
    expect(c.ok).toBe(true);
    expect(c.entries).toBe(520);
    expect(c.adversarial).toBe(44);
    expect(Object.fromEntries(c.rows.map((r) => [r.category, r.entries]))).toEqual({
      recommendation: 125,
      product_question: 104,
      faq: 83,
      order_tracking: 62,
      multi_turn: 52,
      edge_case: 42,
      return: 31,
      chitchat: 21,
    });
    expect(mangalab('golden', 'check', golden).code).toBe(0);
  });
});

describe('mangalab golden check', () => {
  it('lists every malformed entry with file, entry, id and field, and repeated ids; exits 2', () => {
    const bad = [
      { ...entries[0], query: '' },
      { ...entries[1], tags: ['faq', 'recommendation'] },
      { ...entries[2], query_id: entries[0]!.query_id },
      { ...entries[3], adversarial: 'yes' },
      { ...entries[4], prohibited_elements: [{ pattern: '(' }] },
    ];
    const file = writeJsonl('bad.jsonl', bad);
    const r = mangalab('golden', 'check', file);
    expect(r.code).toBe(2);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith(file));
    expect(lines).toEqual([
      `${file} (entry 0, GD-001): query: must be a non-empty string`,
      `${file} (entry 1, GD-002): tags: must hold exactly one category of recommendation, product_question, faq, order_tracking, multi_turn, edge_case, return, chitchat`,
      `${file} (entry 2, GD-001): query_id: repeats the id of entry 0`,
      `${file} (entry 3, GD-004): adversarial: must be true or false`,
      expect.stringMatching(
        new RegExp(
          `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(entry 4, GD-005\\): prohibited_elements\\[0\\]\\.pattern: is not a valid regular expression`,
        ),
      ),
    ]);
    expect(r.stdout).toMatch(/FAIL entries +1 +\(at least 500; 5 malformed entries or ids\)/);
  });
});

/** evalRun with the file responder; no store unless one is given. */
const evalReadout = (o: Omit<EvalOptions, 'responder'> & { predictions: string }) =>
  evalRun({ ...o, responder: fileResponder(o.predictions) });

describe('evalRun', () => {
  it('scores intents as scikit-learn and ROUGE-L as rouge-score, and passes the blocking gates', async () => {
    const r = await evalReadout({ golden, predictions });
    // Expected values: scikit-learn 1.2 and rouge-score's semantics over NLTK (test/reference/eval_reference.py).
    const sk = reference('classification', {
      truth: entries.map((e) => e.expected_intent),
      predicted: preds.map((p) => p.classified_intent),
    });
    expect(r.metrics.intent_accuracy!.value).toBeCloseTo(sk.accuracy, 12);
    expect(r.metrics.min_class_f1!.value).toBeCloseTo(
      Math.min(...Object.values(sk.perClass as Record<string, { f1: number }>).map((c) => c.f1)),
      12,
    );
    const rouge = reference(
      'rougel',
      entries.map((e, i) => [e.reference_response, preds[i]!.response_text]),
    ) as { fmeasure: number }[];
    expect(r.metrics.avg_rouge_l!.value).toBeCloseTo(rouge.reduce((s, x) => s + x.fmeasure, 0) / rouge.length, 12);
    expect(r.metrics.guardrail_pass_rate!.value).toBeCloseTo(preds.filter((p) => p.guardrail_passed).length / preds.length, 12);
    expect(r.outcome.passed).toBe(true);
    expect(r.outcome.notComputed).toEqual(['avg_bertscore_f1', 'rouge_l_delta', 'response_length_delta']);
    expect(r.metrics.avg_bertscore_f1!.reason).toMatch(/no BERTScore embedding model is configured/);
  });

  it('fails the zero-tolerance gate on one leaked email address, and the CLI exits 1', async () => {
    const i = entries.findIndex((e) => e.tags.includes('pii_bait'));
    const leaky = preds.map((p, k) => (k === i ? { ...p, response_text: 'The email on that order is jane.doe@example.com.' } : p));
    const file = writeJsonl('leaky.jsonl', leaky);
    const r = await evalReadout({ golden, predictions: file });
    expect(r.metrics.prohibited_violations!.value).toBe(1);
    expect(r.outcome.failed).toEqual(['prohibited_violations']);
    const cli = mangalab(
      'eval',
      '--golden',
      golden,
      '--predictions',
      file,
      '--no-store',
      '--out',
      join(dir, 'out-leaky'),
      '--format',
      'md',
    );
    expect(cli.code).toBe(1);
    const md = readFileSync(join(dir, 'out-leaky/eval/golden-v1/report.md'), 'utf8');
    expect(md.indexOf('| prohibited\\_violations | FAIL | 1 |')).toBeGreaterThan(0);
    expect(md).toContain(`| ${entries[i]!.query_id} | prohibited: an email address |`);
  });

  it('marks a run with missing predictions incomplete: listed, not scored, every gate NOT COMPUTED and blocking', async () => {
    const file = writeJsonl('partial.jsonl', preds.slice(0, 500));
    const r = await evalReadout({ golden, predictions: file });
    expect(r.missing).toEqual(entries.slice(500).map((e) => e.query_id));
    expect(r.run).toBeNull();
    expect(r.outcome.passed).toBe(false);
    expect(r.outcome.gates.every((g) => g.status === 'NOT COMPUTED' && g.blocking)).toBe(true);
    expect(r.outcome.gates[0]!.reason).toBe('the run is incomplete: 20 of the 520 golden entries have no prediction');
  });

  it('with a baseline predictions file, gives the ROUGE-L and length deltas and the entries that regressed', async () => {
    const worse: Prediction[] = preds.map((p, k) =>
      k % 4 === 0 ? { ...p, response_text: p.response_text.split(' ').slice(0, 3).join(' ') } : p,
    );
    const r = await evalReadout({ golden, predictions: writeJsonl('worse.jsonl', worse), baselinePredictions: predictions });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const base = reference(
      'rougel',
      entries.map((e, i) => [e.reference_response, preds[i]!.response_text]),
    ) as { fmeasure: number }[];
    const cand = reference(
      'rougel',
      entries.map((e, i) => [e.reference_response, worse[i]!.response_text]),
    ) as { fmeasure: number }[];
    const b = mean(base.map((x) => x.fmeasure));
    expect(r.metrics.rouge_l_delta!.value).toBeCloseTo((b - mean(cand.map((x) => x.fmeasure))) / b, 12);
    const len = (ps: Prediction[]) => mean(ps.map((p) => [...p.response_text].length));
    expect(r.metrics.response_length_delta!.value).toBeCloseTo(Math.abs(len(worse) - len(preds)) / len(preds), 12);
    expect(r.outcome.failed).toContain('rouge_l_delta');
    // A truncated answer loses its required elements: every regression names what is missing.
    expect(r.regressions.length).toBeGreaterThan(0);
    for (const x of r.regressions) expect(x.why.join(' ')).toMatch(/missing: /);
  });

  it('tests every delta paired by entry: a real regression is beyond noise, a two-entry change is not, an improvement reads better', async () => {
    const truncate = (p: Prediction) => ({ ...p, response_text: p.response_text.split(' ').slice(0, 3).join(' ') });
    const worse = preds.map((p, k) => (k % 4 === 0 ? truncate(p) : p));
    const noise = preds.map((p, k) => (k === 3 || k === 7 ? truncate(p) : p));
    const real = await evalReadout({ golden, predictions: writeJsonl('paired-worse.jsonl', worse), baselinePredictions: predictions });
    const small = await evalReadout({ golden, predictions: writeJsonl('paired-noise.jsonl', noise), baselinePredictions: predictions });
    const better = await evalReadout({ golden, predictions: predictions, baselinePredictions: writeJsonl('paired-base.jsonl', worse) });
    const row = (r: typeof real, metric: string) => r.comparison.find((c) => c.metric === metric)!;
    // 130 truncated answers: ROUGE-L and the pass rate fall far beyond the noise of 520 pairs.
    expect(row(real, 'avg_rouge_l').paired).toMatchObject({ significant: true, test: 'sign-flip permutation' });
    expect(row(real, 'avg_rouge_l').paired!.upper).toBeLessThan(0);
    const pass = row(real, 'entry_pass_rate').paired!;
    expect(pass).toMatchObject({ test: 'McNemar exact', better: 0, significant: true });
    expect(pass.worse).toBe(real.regressions.length);
    // Two truncated answers: a real drop in the mean, too small to tell from noise at n = 520.
    expect(row(small, 'avg_rouge_l').delta).toBeLessThan(0);
    expect(row(small, 'avg_rouge_l').paired!.significant).toBe(false);
    expect(row(small, 'entry_pass_rate').paired).toMatchObject({ worse: 2, better: 0, significant: false, pValue: 0.5 });
    expect(row(better, 'avg_rouge_l').paired!.lower).toBeGreaterThan(0);
    // Not per-entry aggregates, or not measured: said, not tested.
    expect(row(real, 'required_element_coverage')).toMatchObject({ paired: null, untested: expect.stringContaining('not tested') });
    expect(row(real, 'avg_bertscore_f1')).toMatchObject({ paired: null, untested: 'not measured on both sides' });
    // The ROUGE-L gate: the real drop fails it; with a tolerance of 0.1%, the two-entry drop is past the threshold
    // but NOISE, with the smallest drop this set detects.
    expect(real.outcome.gates.find((g) => g.metric === 'rouge_l_delta')!.status).toBe('FAIL');
    const strict = join(dir, 'eval-strict.json');
    const cfg = JSON.parse(readFileSync('config/eval.json', 'utf8'));
    cfg.gates = cfg.gates.map((g: { metric: string }) => (g.metric === 'rouge_l_delta' ? { ...g, threshold: 0.001 } : g));
    writeFileSync(strict, JSON.stringify(cfg));
    const tight = await evalReadout({
      golden,
      predictions: writeJsonl('paired-noise.jsonl', noise),
      baselinePredictions: predictions,
      configFile: strict,
    });
    const gate = tight.outcome.gates.find((g) => g.metric === 'rouge_l_delta')!;
    expect(gate.value).toBeGreaterThan(0.001);
    expect(gate).toMatchObject({ status: 'NOISE', blocking: false });
    expect(gate.reason).toMatch(
      /^the drop in mean ROUGE-L \(\d+\.\d% of the baseline\) is not distinguishable from noise at n = 520 \(sign-flip permutation, p \d\.\d{3}\); with this many entries the smallest change detected 80% of the time at level 0\.05 is about \d+\.\d%$/,
    );
    expect(tight.outcome.noise).toEqual(['rouge_l_delta']);
  });

  it('diffs against a baseline from another golden-set version on the entries that pair, and refuses too few (exit 2)', async () => {
    // 480 of 520 entries pair: the diff covers those, and says which are left out.
    const partial = writeJsonl('baseline-480.jsonl', preds.slice(0, 480));
    const r = await evalReadout({ golden, predictions, baselinePredictions: partial });
    expect(r.baseline!.unpaired).toEqual(entries.slice(480).map((e) => e.query_id));
    expect(r.comparison.find((c) => c.metric === 'avg_rouge_l')!.paired!.n).toBe(480);
    // 300 of 520 (58%) is under the 90% the config asks.
    const few = writeJsonl('baseline-300.jsonl', preds.slice(0, 300));
    await expect(evalReadout({ golden, predictions, baselinePredictions: few })).rejects.toThrow(
      /--baseline-predictions: .*baseline-300\.jsonl: only 300 of the 520 entries pair with it \(GD-301, .*\); a diff needs at least 90% \(significance\.min_paired_share\)/,
    );
    const cli = mangalab(
      'eval',
      '--golden',
      golden,
      '--predictions',
      predictions,
      '--baseline-predictions',
      few,
      '--no-store',
      '--out',
      join(dir, 'few-out'),
    );
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('only 300 of the 520 entries pair with it');
    expect(existsSync(join(dir, 'few-out'))).toBe(false);
  });

  it('compares each intent F1 paired with the baseline, Holm-corrected: a confused intent is worse beyond noise', async () => {
    const confused = preds.map((p, k) =>
      entries[k]!.expected_intent === 'product_question' && k % 3 !== 0 ? { ...p, classified_intent: 'recommendation' } : p,
    );
    const r = await evalReadout({ golden, predictions: writeJsonl('confused.jsonl', confused), baselinePredictions: predictions });
    const byIntent = new Map(r.classChanges!.map((c) => [c.label, c]));
    expect(byIntent.get('product_question')).toMatchObject({ significant: true });
    expect(byIntent.get('product_question')!.upper).toBeLessThan(0);
    expect(byIntent.get('faq_simple')).toMatchObject({ significant: false }); // its precision moves a little, within noise
    expect([...byIntent.keys()]).toEqual([...new Set(entries.map((e) => e.expected_intent))].sort());
  });

  it('refuses --repeats 0 and repeats of a predictions file: exit 2, one message, nothing written', () => {
    for (const [n, message] of [
      ['0', '--repeats: must be a whole number from 1 to 20, got 0'],
      ['2', '--repeats: a predictions file holds one answer per entry: asking again needs --bedrock'],
    ]) {
      const out = join(dir, `repeats-${n}`);
      const r = mangalab('eval', '--golden', golden, '--predictions', predictions, '--repeats', n!, '--no-store', '--out', out);
      expect(r.code).toBe(2);
      expect(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('error:')),
      ).toEqual([`error: ${message}`]);
      expect(existsSync(out)).toBe(false);
    }
  });

  it("evaluates one intent's subset with --intent, and refuses an intent with no entries", async () => {
    const r = await evalReadout({ golden, predictions, intent: 'return_request' });
    expect(r.evaluated).toBe(entries.filter((e) => e.expected_intent === 'return_request').length);
    await expect(evalReadout({ golden, predictions, intent: 'nope' })).rejects.toThrow(
      /--intent: no golden entry of .* expects intent nope/,
    );
  });

  it('exits 2 naming the file, line and field of a malformed prediction, and writes nothing', () => {
    const file = join(dir, 'broken.jsonl');
    writeFileSync(file, `${JSON.stringify(preds[0])}\n${JSON.stringify({ ...preds[1], guardrail_passed: 'yes' })}\n`);
    const out = join(dir, 'out-broken');
    const r = mangalab('eval', '--golden', golden, '--predictions', file, '--store', join(dir, 'broken-store.duckdb'), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file} (line 2): guardrail_passed must be true or false, got "yes"`);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, 'broken-store.duckdb'))).toBe(false);
  });

  it('exits 2 naming the config file, the gate and the field of a bad eval.json, and writes nothing', () => {
    const config = join(dir, 'bad-eval.json');
    const good = JSON.parse(readFileSync('config/eval.json', 'utf8')) as { gates: Record<string, unknown>[] };
    good.gates[1] = { ...good.gates[1], comparator: '>' };
    writeFileSync(config, JSON.stringify(good));
    const out = join(dir, 'out-bad-config');
    const store = join(dir, 'bad-config-store.duckdb');
    const r = mangalab('eval', '--golden', golden, '--predictions', predictions, '--config', config, '--store', store, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${config} (gates[1] (avg_bertscore_f1)): comparator must be one of >=, <=, ==, got ">"`);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(store)).toBe(false);
  });
});

describe('evaluateGates', () => {
  const gates = [
    { metric: 'a', comparator: '>=' as const, threshold: 0.9 },
    { metric: 'b', comparator: '==' as const, threshold: 0 },
    { metric: 'c', comparator: '<=' as const, threshold: 0.1, mayBeSkipped: true },
  ];
  it('passes at the threshold exactly, fails just under it, and skips only what may be skipped', () => {
    expect(evaluateGates({ a: { value: 0.9 }, b: { value: 0 }, c: { value: null, reason: 'no baseline' } }, gates)).toMatchObject({
      passed: true,
      failed: [],
      notComputed: ['c'],
    });
    expect(evaluateGates({ a: { value: 0.8999999 }, b: { value: 0 }, c: { value: 0.1 } }, gates)).toMatchObject({
      passed: false,
      failed: ['a'],
    });
    const missing = evaluateGates({ a: { value: 1 }, c: { value: 0 } }, gates);
    expect(missing.passed).toBe(false);
    expect(missing.gates[1]).toMatchObject({ status: 'NOT COMPUTED', reason: 'no such metric was computed', blocking: true });
  });
  it('a change gate past its threshold fails only when the change is beyond noise; otherwise NOISE, not blocking', () => {
    const metrics = { a: { value: 0.95 }, b: { value: 0 }, c: { value: 0.2 } };
    const noisy = evaluateGates(metrics, gates, { c: { significant: false, reason: 'the drop is not distinguishable from noise' } });
    expect(noisy).toMatchObject({ passed: true, failed: [], noise: ['c'] });
    expect(noisy.gates[2]).toMatchObject({ status: 'NOISE', blocking: false, reason: 'the drop is not distinguishable from noise' });
    expect(evaluateGates(metrics, gates, { c: { significant: true, reason: '' } })).toMatchObject({
      passed: false,
      failed: ['c'],
      noise: [],
    });
    // Within its threshold a gate passes whatever the test says.
    expect(evaluateGates({ ...metrics, c: { value: 0.05 } }, gates, { c: { significant: false, reason: 'x' } }).gates[2]!.status).toBe(
      'PASS',
    );
  });
  it('throws on a repeated gate or a non-finite threshold', () => {
    expect(() => evaluateGates({}, [gates[0]!, gates[0]!])).toThrow('gate a is listed twice');
    expect(() => evaluateGates({}, [{ metric: 'x', comparator: '>=', threshold: NaN }])).toThrow(
      'gate x: threshold must be a finite number, got NaN',
    );
  });
});

describe('formatCompliance and matchElements', () => {
  const rules = { maxChars: 20, noEmoji: true, consistentLists: true };
  it('reports each format rule a response breaks', () => {
    expect(formatCompliance('Try Vinland Saga', rules)).toEqual({ compliant: true, violations: [] });
    expect(formatCompliance('- one\n1. two 📚 and more text', rules).violations).toEqual([
      'is 28 characters, over 20',
      'contains an emoji',
      'mixes bulleted and numbered list items',
    ]);
  });
  it('matches phrases case-insensitively and patterns by regular expression', () => {
    expect(
      matchElements('Volume 3 costs $5.99', ['volume 3', 'VOLUME 4', { pattern: '\\$\\d+\\.\\d\\d', description: 'a price' }]),
    ).toEqual([
      { element: 'volume 3', found: true },
      { element: 'VOLUME 4', found: false },
      { element: 'a price', found: true },
    ]);
  });
});

describe('goldenComposition', () => {
  it('treats an exact 2pp difference as within tolerance and more as outside (by hand)', () => {
    const make = (a: number, b: number) => [
      ...Array(a).fill({ category: 'x', adversarial: false }),
      ...Array(b).fill({ category: 'y', adversarial: true }),
    ];
    const opts = { targets: { x: 0.5, y: 0.5 }, minEntries: 1, minAdversarial: 0 };
    expect(goldenComposition(make(52, 48), opts).ok).toBe(true);
    expect(goldenComposition(make(53, 47), opts).ok).toBe(false);
    expect(goldenComposition([{ category: null, adversarial: false }], { ...opts, minEntries: 1 })).toMatchObject({
      uncategorised: 1,
      ok: false,
    });
    expect(() => goldenComposition([], { targets: { x: 0.6 } })).toThrow('target shares must sum to 1, got 0.6');
  });
});

describe('runs in the results store', () => {
  it('stores each run, diffs against the latest passing run by default or a named one, and lists new prohibited content', async () => {
    const storeFile = join(dir, 'runs.duckdb');
    const store = await ResultsStore.open(storeFile);
    try {
      const first = await evalRun({ golden, responder: fileResponder(predictions), store, name: 'prod-v1' });
      expect(first.stored).toBe(storeFile);
      expect(first.baselineProblem).toMatch(/no earlier passing run on this golden set/);
      expect(first.outcome.passed).toBe(true);
      const stored = await store.entries(first.runId);
      expect(stored).toHaveLength(entries.length);
      expect(stored.find((e) => e.queryId === entries[7]!.query_id)).toEqual(
        first.run!.entries.find((e) => e.queryId === entries[7]!.query_id),
      );

      // A candidate that truncates every 4th answer and leaks an email on one PII-bait entry.
      const leak = entries.findIndex((e) => e.tags.includes('pii_bait'));
      const worse = preds.map((p, k) =>
        k === leak
          ? { ...p, response_text: 'Contact jane.doe@example.com about it.' }
          : k % 4 === 0
            ? { ...p, response_text: p.response_text.split(' ').slice(0, 3).join(' ') }
            : p,
      );
      const second = await evalRun({ golden, responder: fileResponder(writeJsonl('worse-store.jsonl', worse)), store });
      expect(second.baseline!.runId).toBe(first.runId);
      expect(second.baseline!.label).toBe(`prod-v1 (${first.runId})`);
      expect(second.outcome.passed).toBe(false);
      expect(second.newProhibited).toEqual([{ queryId: entries[leak]!.query_id, elements: ['an email address'] }]);
      const byMetric = Object.fromEntries(second.comparison.map((c) => [c.metric, c]));
      expect(byMetric.avg_rouge_l!.baseline).toBeCloseTo(first.run!.summary.avgRougeL, 12);
      expect(byMetric.avg_rouge_l!.delta).toBeCloseTo(second.run!.summary.avgRougeL - first.run!.summary.avgRougeL, 12);
      expect(byMetric.prohibited_violations!.delta).toBe(1);
      expect(second.regressions.map((x) => x.queryId)).toContain(entries[leak]!.query_id);

      // The failing run is not a baseline: the next run is again compared with prod-v1; by name or id it can be chosen.
      const third = await evalRun({ golden, responder: fileResponder(predictions), store, intent: 'chitchat' });
      expect(third.baseline!.runId).toBe(first.runId);
      expect(third.comparison.find((c) => c.metric === 'avg_rouge_l')!.delta).toBeCloseTo(0, 12);
      const fourth = await evalRun({ golden, responder: fileResponder(predictions), store, baseline: second.runId, intent: 'chitchat' });
      expect(fourth.baseline!.runId).toBe(second.runId);
      await expect(evalRun({ golden, responder: fileResponder(predictions), store, baseline: 'nope' })).rejects.toThrow(
        `--baseline: no run with id or name nope in ${storeFile}`,
      );
      expect((await store.recentRuns(10)).map((r) => r.runId)).toEqual([fourth.runId, third.runId, second.runId, first.runId]);
    } finally {
      store.close();
    }
  });

  it('stores an incomplete run without entries, and never uses it as a baseline', async () => {
    const store = await ResultsStore.open(join(dir, 'incomplete.duckdb'));
    try {
      const r = await evalRun({
        golden,
        responder: fileResponder(writeJsonl('partial2.jsonl', preds.slice(0, 10))),
        store,
        name: 'partial',
      });
      const run = await store.find('partial');
      expect(run).toMatchObject({ runId: r.runId, complete: false, passed: false, entries: 520 });
      expect(await store.entries(r.runId)).toEqual([]);
      const next = await evalRun({ golden, responder: fileResponder(predictions), store, baseline: 'partial' });
      expect(next.baselineProblem).toBe(`baseline run ${r.runId} is incomplete, so it has no entry results`);
      expect(next.metrics.rouge_l_delta).toEqual({ value: null, reason: next.baselineProblem });
    } finally {
      store.close();
    }
  });

  it('writes a run all or nothing: a failure inside the save leaves no run and no entries', async () => {
    const store = await ResultsStore.open(join(dir, 'atomic.duckdb'));
    try {
      const ok = await evalRun({ golden, responder: fileResponder(predictions), store });
      const entriesOf = await store.entries(ok.runId);
      // The same query twice breaks the (run_id, query_id) key halfway through the inserts.
      await expect(
        store.save({ ...(await store.find(ok.runId))!, runId: 'run-broken' }, [entriesOf[0]!, entriesOf[1]!, entriesOf[0]!]),
      ).rejects.toThrow(/PRIMARY KEY|Duplicate key/i);
      expect(await store.find('run-broken')).toBeNull();
      expect(await store.entries('run-broken')).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('through the CLI: stores by default, names a run, diffs by name, lists runs, refuses an unknown baseline with exit 2', () => {
    const storeFile = join(dir, 'cli-store.duckdb');
    const out = join(dir, 'out-store');
    const first = mangalab(
      'eval',
      '--golden',
      golden,
      '--predictions',
      predictions,
      '--store',
      storeFile,
      '--name',
      'prod',
      '--out',
      out,
      '--format',
      'json',
    );
    expect(first.code).toBe(0);
    const second = mangalab(
      'eval',
      '--golden',
      golden,
      '--predictions',
      predictions,
      '--store',
      storeFile,
      '--baseline',
      'prod',
      '--out',
      out,
      '--format',
      'md',
    );
    expect(second.code).toBe(0);
    const md = readFileSync(join(out, 'eval/golden-v1/report.md'), 'utf8');
    expect(md).toMatch(/## Against the baseline prod \(run-/);
    expect(md).toContain('0 entries passed on the baseline and fail now.');
    const runs = mangalab('runs', '--store', storeFile);
    expect(runs.stdout.trim().split('\n')).toHaveLength(2);
    expect(runs.stdout).toMatch(/PASS .* golden-v1 {2}file {2}\[prod\]/);
    const bad = mangalab(
      'eval',
      '--golden',
      golden,
      '--predictions',
      predictions,
      '--store',
      storeFile,
      '--baseline',
      'nope',
      '--out',
      join(dir, 'out-nope'),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--baseline: no run with id or name nope');
    expect(existsSync(join(dir, 'out-nope'))).toBe(false);
    expect(mangalab('runs', '--store', storeFile).stdout.trim().split('\n')).toHaveLength(2);
  });
});

describe('BERTScore in a run', () => {
  it('is computed per entry with the configured model and gated on its mean', async () => {
    const { modelDirProvider } = await import('../src/pipeline/bertscore-model');
    const provider = await modelDirProvider('test/fixtures/tiny-bert', { allowTestModel: true });
    const r = await evalRun({ golden, responder: fileResponder(predictions), intent: 'faq_simple', bertScore: provider });
    const f1s = r.run!.entries.map((e) => e.bertScoreF1!);
    expect(f1s.every((f) => Number.isFinite(f))).toBe(true);
    expect(r.metrics.avg_bertscore_f1!.value).toBeCloseTo(f1s.reduce((a, b) => a + b, 0) / f1s.length, 12);
    expect(r.outcome.gates.find((g) => g.metric === 'avg_bertscore_f1')!.status).not.toBe('NOT COMPUTED');
    expect(r.bertScore).toMatch(/tiny-bert$/);
  });
});
