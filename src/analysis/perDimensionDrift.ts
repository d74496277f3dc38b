import { adjustPValues } from './adjustPValues';
import { checkVectors } from './checkVectors';
import { ksTwoSample } from './ksTwoSample';

export interface DimensionShift {
  /** 0-based dimension. */
  dim: number;
  /** Two-sample Kolmogorov-Smirnov D of the dimension, current against reference. */
  statistic: number;
  pValue: number;
  /** Benjamini-Hochberg adjusted p-value over all dimensions. */
  qValue: number;
  /** Current mean minus reference mean, in reference standard deviations (signed; 0 when the reference is constant). */
  standardisedShift: number;
}

export interface PerDimensionDriftResult {
  dims: number;
  /** Dimensions whose BH-adjusted p-value is below the false-discovery rate. */
  drifted: number;
  /** drifted / dims: Evidently's "share of drifted components". */
  share: number;
  /** The global p-value: the smallest BH-adjusted p-value (Simes' test), valid for "some dimension moved". */
  pValue: number;
  fdr: number;
  /** The dimensions with the smallest p-values, at most `top`. */
  top: DimensionShift[];
}

/**
 * Per-dimension embedding drift: a two-sample Kolmogorov-Smirnov test on every embedding dimension, current against
 * reference, with Benjamini-Hochberg over the dimensions. The share of dimensions whose adjusted p-value is under
 * `fdr` says how widely the embedding moved; the smallest adjusted p-value is Simes' global test of "no dimension
 * moved", so one dimension shifted by a standard deviation is found among 1,024 that did not move. Blind to a shift
 * that leaves every marginal alone (a rotation); the domain classifier and MMD see those.
 * Reference: https://docs.evidentlyai.com/metrics/customize_embedding_drift (the "ratio" method);
 * Benjamini & Hochberg 1995; Simes 1986.
 *
 * @throws RangeError when either sample has fewer than 2 vectors, the vectors' lengths differ, or a component is
 * not finite.
 * @example
 * perDimensionDrift([[0, 1], [1, 2], [2, 3], [3, 4]], [[0, 11], [1, 12], [2, 13], [3, 14]]).top[0].dim // => 1
 */
export function perDimensionDrift(
  reference: readonly ArrayLike<number>[],
  current: readonly ArrayLike<number>[],
  options: { fdr?: number; top?: number } = {},
): PerDimensionDriftResult {
  const fdr = options.fdr ?? 0.05;
  const dims = checkVectors(reference, current);
  const stats: Omit<DimensionShift, 'qValue'>[] = [];
  const a = new Float64Array(reference.length);
  const b = new Float64Array(current.length);
  for (let d = 0; d < dims; d++) {
    for (let i = 0; i < reference.length; i++) a[i] = reference[i]![d]!;
    for (let i = 0; i < current.length; i++) b[i] = current[i]![d]!;
    const ks = ksTwoSample(b, a);
    const [ma, sa] = meanSd(a);
    const [mb] = meanSd(b);
    stats.push({ dim: d, statistic: ks.statistic, pValue: ks.pValue, standardisedShift: sa > 0 ? (mb - ma) / sa : 0 });
  }
  const q = adjustPValues(
    stats.map((s) => s.pValue),
    'bh',
  );
  const all = stats.map((s, i) => ({ ...s, qValue: q[i]! }));
  const drifted = all.filter((s) => s.qValue < fdr).length;
  const top = [...all].sort((x, y) => x.pValue - y.pValue || x.dim - y.dim).slice(0, options.top ?? 5);
  return { dims, drifted, share: drifted / dims, pValue: Math.min(...q), fdr, top };
}

function meanSd(x: Float64Array): [number, number] {
  let s = 0;
  for (const v of x) s += v;
  const m = s / x.length;
  let ss = 0;
  for (const v of x) ss += (v - m) * (v - m);
  return [m, Math.sqrt(ss / (x.length - 1))];
}
