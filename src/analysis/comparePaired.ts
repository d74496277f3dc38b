import { mcnemarExact } from './mcnemarExact';
import jstat from 'jstat';
import { pairedBootstrap, type PairedBootstrapResult } from './pairedBootstrap';

const normalQuantile = (p: number) => jstat.jStat.normal.inv(p, 0, 1);

/** How a per-entry measurement aggregates into the run's metric. */
export type PairedKind = 'rate' | 'mean' | 'sum';

/**
 * A metric of a candidate against its baseline on the same entries, with the noise it has to beat. The change and its
 * interval are in the metric's own units (a sum's are n times the mean's); the p-value is the test's below.
 */
export interface PairedComparison extends Pick<PairedBootstrapResult, 'n' | 'delta' | 'lower' | 'upper' | 'confidence' | 'pValue'> {
  /** McNemar's exact test for a pass/fail rate; the sign-flip permutation test for means and sums. */
  test: 'McNemar exact' | 'sign-flip permutation';
  /** For a rate: entries that went from pass to fail and from fail to pass. */
  worse: number | null;
  better: number | null;
  /** Entries whose value differs between the two runs. */
  changed: number;
  /**
   * The smallest change of the metric this many pairs detect with 80% power at `alpha` (two-sided, normal
   * approximation: (z(1 - alpha/2) + z(0.8)) sd / sqrt(n), sd the per-entry differences' standard deviation), in the
   * metric's units. For planning and for reading a change that is not beyond noise.
   */
  minimumDetectable: number;
  /** p-value below alpha: the change is larger than the noise of a set this size. */
  significant: boolean;
}

/**
 * Compares a metric measured per golden entry on a baseline and a candidate, paired by entry: a pass/fail rate by
 * McNemar's exact test, a mean or a sum by the sign-flip permutation test; the change's interval by the paired
 * percentile bootstrap either way (mcnemarExact, pairedBootstrap). Seeded: the same inputs give the same result.
 * Reference: Dietterich (1998), "Approximate statistical tests for comparing supervised classification learning
 * algorithms", on McNemar's test for paired classifiers; https://doi.org/10.1162/089976698300017197
 *
 * @throws RangeError as pairedBootstrap does, and for a rate's value that is not 0 or 1, or alpha outside (0, 1).
 * @example
 * comparePaired([1, 1, 0, 1], [1, 0, 0, 1], 'rate', { resamples: 1000 }).worse // => 1
 */
export function comparePaired(
  baseline: readonly number[],
  candidate: readonly number[],
  kind: PairedKind,
  options: { alpha?: number; resamples?: number; seed?: number } = {},
): PairedComparison {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${alpha}`);
  const boot = pairedBootstrap(baseline, candidate, { resamples: options.resamples, seed: options.seed, confidence: 1 - alpha });
  const scale = kind === 'sum' ? boot.n : 1;
  let worse: number | null = null;
  let better: number | null = null;
  let pValue = boot.pValue;
  if (kind === 'rate') {
    worse = 0;
    better = 0;
    for (let i = 0; i < baseline.length; i++) {
      const b = baseline[i]!;
      const c = candidate[i]!;
      if ((b !== 0 && b !== 1) || (c !== 0 && c !== 1))
        throw new RangeError(`pair ${i}: a rate's values must be 0 or 1, got ${b} and ${c}`);
      if (b === 1 && c === 0) worse++;
      if (b === 0 && c === 1) better++;
    }
    pValue = mcnemarExact(worse, better).pValue;
  }
  let changed = 0;
  let squares = 0;
  for (let i = 0; i < baseline.length; i++) {
    if (baseline[i] !== candidate[i]) changed++;
    squares += (candidate[i]! - baseline[i]! - boot.delta) ** 2;
  }
  const sd = Math.sqrt(squares / (boot.n - 1));
  const minimumDetectable = ((normalQuantile(1 - alpha / 2) + normalQuantile(0.8)) * sd * scale) / Math.sqrt(boot.n);
  return {
    n: boot.n,
    changed,
    minimumDetectable,
    delta: boot.delta * scale,
    lower: boot.lower * scale,
    upper: boot.upper * scale,
    confidence: boot.confidence,
    pValue,
    test: kind === 'rate' ? 'McNemar exact' : 'sign-flip permutation',
    worse,
    better,
    significant: pValue < alpha,
  };
}
