import { mulberry32 } from './aaSimulation';
import { adjustPValues, type PValueCorrection } from './adjustPValues';
import { quantileSorted } from './quantileSorted';

/** One class's F1 on a baseline and a candidate over the same entries, with the change's bootstrap interval. */
export interface ClassF1Change {
  label: string;
  /** Entries whose true class this is. */
  support: number;
  baselineF1: number;
  candidateF1: number;
  delta: number;
  lower: number;
  upper: number;
  /** Two-sided bootstrap p-value: twice the smaller share of resampled changes on either side of 0 (at most 1). */
  pValue: number;
  /** The p-value corrected over the classes compared (Holm or Benjamini-Hochberg). */
  adjustedP: number;
  significant: boolean;
}

export interface PairedClassF1Options {
  resamples?: number;
  seed?: number;
  alpha?: number;
  correction?: PValueCorrection;
}

/** Per class: true positives, predictions and truths of one side, over a resample's entry indices. */
function f1s(truth: Int32Array, predicted: Int32Array, k: number, pick: (i: number) => number, n: number): Float64Array {
  const tp = new Float64Array(k);
  const pred = new Float64Array(k);
  const real = new Float64Array(k);
  for (let j = 0; j < n; j++) {
    const i = pick(j);
    const t = truth[i]!;
    const p = predicted[i]!;
    real[t]! += 1;
    if (p >= 0) pred[p]! += 1;
    if (p === t) tp[t]! += 1;
  }
  const out = new Float64Array(k);
  for (let c = 0; c < k; c++) out[c] = pred[c]! + real[c]! > 0 ? (2 * tp[c]!) / (pred[c]! + real[c]!) : 0;
  return out;
}

/**
 * Per-class F1 of a baseline and a candidate classifier on the same golden entries, each class's change with a paired
 * percentile bootstrap interval (entries resampled with replacement, both sides together) and a bootstrap p-value,
 * corrected across the classes (Holm by default, or Benjamini-Hochberg). Classes with no true entry are left out, as
 * min_class_f1 leaves them out. F1 as scikit-learn's f1_score(average=None, zero_division=0): 2 tp / (predicted + true).
 * Seeded: the same inputs give the same result.
 * Reference: https://scikit-learn.org/stable/modules/generated/sklearn.metrics.f1_score.html
 *
 * @throws RangeError for lists of different lengths or fewer than 2 entries, or resamples below 100.
 * @example
 * pairedClassF1(['a', 'a', 'b', 'b'], ['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b'], { resamples: 200 })[0]!.candidateF1 // => 0.6667 (to 4 places)
 */
export function pairedClassF1(
  truth: readonly string[],
  baseline: readonly string[],
  candidate: readonly string[],
  options: PairedClassF1Options = {},
): ClassF1Change[] {
  const n = truth.length;
  if (baseline.length !== n || candidate.length !== n)
    throw new RangeError(`truth, baseline and candidate have ${n}, ${baseline.length} and ${candidate.length} labels: they must pair up`);
  if (n < 2) throw new RangeError(`a paired comparison needs at least 2 entries, got ${n}`);
  const resamples = options.resamples ?? 10_000;
  if (!Number.isInteger(resamples) || resamples < 100) throw new RangeError(`resamples must be a whole number >= 100, got ${resamples}`);
  const alpha = options.alpha ?? 0.05;
  const labels = [...new Set(truth)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(labels.map((l, i) => [l, i]));
  const k = labels.length;
  const code = (xs: readonly string[]) => Int32Array.from(xs, (x) => index.get(x) ?? -1);
  const t = code(truth);
  const b = code(baseline);
  const c = code(candidate);
  const whole = (i: number) => i;
  const b0 = f1s(t, b, k, whole, n);
  const c0 = f1s(t, c, k, whole, n);
  const random = mulberry32(options.seed ?? 20261122);
  const deltas = labels.map(() => new Float64Array(resamples));
  const picks = new Int32Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let j = 0; j < n; j++) picks[j] = (random() * n) | 0;
    const pick = (j: number) => picks[j]!;
    const bb = f1s(t, b, k, pick, n);
    const cc = f1s(t, c, k, pick, n);
    for (let l = 0; l < k; l++) deltas[l]![r] = cc[l]! - bb[l]!;
  }

  const support = new Array<number>(k).fill(0);
  for (const x of t) support[x]! += 1;
  const raw = labels.map((_, l) => {
    const d = deltas[l]!.sort();
    let below = 0;
    let above = 0;
    for (const x of d) {
      if (x <= 0) below++;
      if (x >= 0) above++;
    }
    return {
      lower: quantileSorted(d, alpha / 2),
      upper: quantileSorted(d, 1 - alpha / 2),
      pValue: Math.min(1, (2 * Math.min(below, above)) / resamples),
    };
  });
  const adjusted = adjustPValues(
    raw.map((x) => x.pValue),
    options.correction ?? 'holm',
  );
  return labels.map((label, l) => ({
    label,
    support: support[l]!,
    baselineF1: b0[l]!,
    candidateF1: c0[l]!,
    delta: c0[l]! - b0[l]!,
    lower: raw[l]!.lower,
    upper: raw[l]!.upper,
    pValue: raw[l]!.pValue,
    adjustedP: adjusted[l]!,
    significant: adjusted[l]! < alpha,
  }));
}
