import { comparePaired, type PairedComparison, type PairedKind } from '../../analysis/comparePaired';
import type { GateNoise } from '../../analysis/evaluateGates';
import { pairedClassF1, type ClassF1Change } from '../../analysis/pairedClassF1';
import type { EvalConfig } from '../../pipeline/eval-inputs';
import type { EntryResult } from '../../pipeline/results-store';

// The metrics an evaluation diff compares, and the paired test of each (src/analysis/comparePaired).

/** Means over a set of entry results; null where an entry lacks the measurement (no classifier, no guardrail). */
export interface EntrySummary {
  entries: number;
  intentAccuracy: number | null;
  avgRougeL: number;
  avgBertScoreF1: number | null;
  formatCompliance: number;
  guardrailPassRate: number | null;
  prohibitedViolations: number;
  meanChars: number;
  requiredCoverage: number | null;
  passRate: number;
}

/** Summarises entry results (the candidate's, or a stored baseline's over the same ids). */
export function summarizeEntries(results: EntryResult[]): EntrySummary {
  const n = results.length;
  const mean = (f: (r: EntryResult) => number) => results.reduce((s, r) => s + f(r), 0) / n;
  const known = <T>(f: (r: EntryResult) => T | null) => results.every((r) => f(r) !== null);
  const requiredTotal = results.reduce((s, r) => s + r.requiredTotal, 0);
  return {
    entries: n,
    intentAccuracy: known((r) => r.intentCorrect) ? mean((r) => (r.intentCorrect ? 1 : 0)) : null,
    avgRougeL: mean((r) => r.rougeL),
    avgBertScoreF1: known((r) => r.bertScoreF1) ? mean((r) => r.bertScoreF1!) : null,
    formatCompliance: mean((r) => (r.formatViolations.length === 0 ? 1 : 0)),
    guardrailPassRate: known((r) => r.guardrailPassed) ? mean((r) => (r.guardrailPassed ? 1 : 0)) : null,
    prohibitedViolations: results.reduce((s, r) => s + r.prohibitedFound.length, 0),
    meanChars: mean((r) => r.responseChars),
    requiredCoverage: requiredTotal > 0 ? 1 - results.reduce((s, r) => s + r.requiredMissing.length, 0) / requiredTotal : null,
    passRate: mean((r) => (r.passed ? 1 : 0)),
  };
}

/** Each compared metric: its summary field, and how one entry contributes to it (null: not a per-entry aggregate). */
export const COMPARED: [string, keyof EntrySummary, { kind: PairedKind; value: (r: EntryResult) => number | null } | null][] = [
  ['intent_accuracy', 'intentAccuracy', { kind: 'rate', value: (r) => (r.intentCorrect === null ? null : r.intentCorrect ? 1 : 0) }],
  ['avg_rouge_l', 'avgRougeL', { kind: 'mean', value: (r) => r.rougeL }],
  ['avg_bertscore_f1', 'avgBertScoreF1', { kind: 'mean', value: (r) => r.bertScoreF1 }],
  ['format_compliance', 'formatCompliance', { kind: 'rate', value: (r) => (r.formatViolations.length === 0 ? 1 : 0) }],
  [
    'guardrail_pass_rate',
    'guardrailPassRate',
    { kind: 'rate', value: (r) => (r.guardrailPassed === null ? null : r.guardrailPassed ? 1 : 0) },
  ],
  ['prohibited_violations', 'prohibitedViolations', { kind: 'sum', value: (r) => r.prohibitedFound.length }],
  ['mean_response_chars', 'meanChars', { kind: 'mean', value: (r) => r.responseChars }],
  ['required_element_coverage', 'requiredCoverage', null],
  ['entry_pass_rate', 'passRate', { kind: 'rate', value: (r) => (r.passed ? 1 : 0) }],
];

/** The paired test of one compared metric, or why there is none. */
export function pairedTest(
  spec: (typeof COMPARED)[number][2],
  before: EntryResult[],
  after: EntryResult[],
  config: EvalConfig,
  /** With repeats: each candidate entry's mean over its repeats, in `after` order (a rate is then a mean). */
  afterMeans: (number | null)[] | null = null,
): { paired: PairedComparison | null; untested: string | null } {
  if (!spec) return { paired: null, untested: 'a ratio over all required elements, not a per-entry measurement: not tested' };
  const b = before.map(spec.value);
  const c = afterMeans ?? after.map(spec.value);
  if (b.some((x) => x === null) || c.some((x) => x === null)) return { paired: null, untested: 'not measured on both sides' };
  if (b.length < 2) return { paired: null, untested: 'fewer than 2 entries pair up' };
  const sig = config.significance;
  const kind = afterMeans && spec.kind === 'rate' ? 'mean' : spec.kind;
  return {
    paired: comparePaired(b as number[], c as number[], kind, { alpha: sig.alpha, resamples: sig.resamples, seed: sig.seed }),
    untested: null,
  };
}

/** The gates on a change against the baseline, and the compared metric whose paired test each reads. */
const CHANGE_GATES: { gate: string; metric: string; what: string }[] = [
  { gate: 'rouge_l_delta', metric: 'avg_rouge_l', what: 'the drop in mean ROUGE-L' },
  { gate: 'response_length_delta', metric: 'mean_response_chars', what: 'the change in mean response length' },
];

/**
 * What the change gates need from the paired tests (evaluateGates' `noise`): each gate's change is beyond noise or
 * not, and if not, the sentence that says so with the smallest change this golden set detects.
 */
export function gateNoise(
  comparison: { metric: string; baseline: number | null; paired: PairedComparison | null }[],
  alpha: number,
): Record<string, GateNoise> {
  const out: Record<string, GateNoise> = {};
  for (const { gate, metric, what } of CHANGE_GATES) {
    const c = comparison.find((x) => x.metric === metric);
    if (!c?.paired || !c.baseline) continue;
    const p = c.paired;
    const relative = (x: number) => `${((x / c.baseline!) * 100).toFixed(1)}%`;
    out[gate] = {
      significant: p.significant,
      reason:
        `${what} (${relative(Math.abs(p.delta))} of the baseline) is not distinguishable from noise at n = ${p.n} (${p.test}, p ${p.pValue.toFixed(3)}); ` +
        `with this many entries the smallest change detected 80% of the time at level ${alpha} is about ${relative(p.minimumDetectable)}`,
    };
  }
  return out;
}

/**
 * Each intent's F1 on the baseline and the candidate over the entries that pair, with the paired bootstrap of its
 * change, Holm-corrected over the intents (pairedClassF1); null when either side has no classified intents.
 */
export function classChanges(baseline: Map<string, EntryResult>, candidate: EntryResult[], config: EvalConfig): ClassF1Change[] | null {
  const after = candidate.filter((r) => baseline.has(r.queryId));
  const before = after.map((r) => baseline.get(r.queryId)!);
  if (after.length < 2 || [...after, ...before].some((r) => r.predictedIntent === null)) return null;
  const sig = config.significance;
  return pairedClassF1(
    after.map((r) => r.expectedIntent),
    before.map((r) => r.predictedIntent!),
    after.map((r) => r.predictedIntent!),
    { resamples: sig.resamples, seed: sig.seed, alpha: sig.alpha, correction: 'holm' },
  );
}
