import { mulberry32 } from './aaSimulation';
import { quantileSorted } from './quantileSorted';

/** A paired comparison of a per-entry measurement: the mean change, its bootstrap interval and a sign-flip p-value. */
export interface PairedBootstrapResult {
  /** Entries paired. */
  n: number;
  /** mean(candidate - baseline). */
  delta: number;
  /** Percentile bootstrap interval of the mean change. */
  lower: number;
  upper: number;
  confidence: number;
  /** Two-sided p-value of the paired sign-flip permutation test of "no change": (1 + extreme) / (1 + resamples). */
  pValue: number;
  resamples: number;
  method: 'percentile bootstrap; sign-flip permutation test';
}

export interface PairedBootstrapOptions {
  /** Resamples for the interval and for the test alike (default 10,000). */
  resamples?: number;
  /** Default 0.95. */
  confidence?: number;
  /** The generator's seed: the same seed gives the same interval and p-value (default 20261122). */
  seed?: number;
}

/**
 * Paired analysis of a metric measured per golden entry on a baseline and on a candidate (ROUGE-L, BERTScore, a judge's
 * score): the mean of the per-entry differences with a percentile bootstrap interval (entries resampled with
 * replacement), and a sign-flip permutation test (each entry's difference kept or negated at random, as swapping the
 * two runs' values within the pair would). Both seeded, so a report is reproducible.
 * References: SciPy's `stats.bootstrap((d,), np.mean, method='percentile')` and
 * `stats.permutation_test((x, y), statistic, permutation_type='samples')`, which this agrees with to Monte Carlo error.
 * https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.bootstrap.html
 *
 * @throws RangeError for lists of different lengths, fewer than 2 pairs, a value that is not finite, resamples below
 * 100 or a confidence outside (0, 1).
 * @example
 * pairedBootstrap([0.5, 0.6, 0.7, 0.4], [0.6, 0.7, 0.8, 0.5]).delta // => 0.1 (to 12 places)
 */
export function pairedBootstrap(
  baseline: readonly number[],
  candidate: readonly number[],
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult {
  const n = baseline.length;
  const resamples = options.resamples ?? 10_000;
  const confidence = options.confidence ?? 0.95;
  if (candidate.length !== n) throw new RangeError(`baseline has ${n} values and candidate ${candidate.length}: they must pair up`);
  if (n < 2) throw new RangeError(`a paired comparison needs at least 2 pairs, got ${n}`);
  if (!Number.isInteger(resamples) || resamples < 100) throw new RangeError(`resamples must be a whole number >= 100, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  const d = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = candidate[i]! - baseline[i]!;
    if (!Number.isFinite(x)) throw new RangeError(`pair ${i}: ${baseline[i]} and ${candidate[i]} do not give a finite difference`);
    d[i] = x;
    sum += x;
  }
  const delta = sum / n;
  const random = mulberry32(options.seed ?? 20261122);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += d[(random() * n) | 0]!;
    means[r] = s / n;
  }
  means.sort();

  const alpha = (1 - confidence) / 2;
  // Sign flips: a difference as far from 0 as the observed one (a small tolerance for rounding in the sums).
  const observed = Math.abs(sum);
  const tolerance = 1e-12 * Math.max(1, observed);
  let extreme = 0;
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    // One draw gives the signs of 32 entries, a bit each.
    for (let i = 0; i < n; i += 32) {
      let bits = (random() * 4294967296) >>> 0;
      const end = Math.min(n, i + 32);
      for (let j = i; j < end; j++, bits >>>= 1) s += bits & 1 ? d[j]! : -d[j]!;
    }
    if (Math.abs(s) >= observed - tolerance) extreme++;
  }
  return {
    n,
    delta,
    lower: quantileSorted(means, alpha),
    upper: quantileSorted(means, 1 - alpha),
    confidence,
    pValue: (1 + extreme) / (1 + resamples),
    resamples,
    method: 'percentile bootstrap; sign-flip permutation test',
  };
}
