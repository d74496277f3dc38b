import { ksStatistic } from './ksTwoSample';
import { ksTwoSamplePValue, type KsAlternative, type KsTwoSampleResult } from './ksTwoSamplePValue';

/** Distinct values ascending with how often each occurs in sample a and in sample b: what a GROUP BY returns. */
export interface ValueCounts {
  values: ArrayLike<number>;
  countsA: ArrayLike<number>;
  countsB: ArrayLike<number>;
}

/** Checks a ValueCounts and returns its totals. @throws RangeError naming the first problem. */
export function checkValueCounts(vc: ValueCounts): { n1: number; n2: number } {
  const k = vc.values.length;
  if (vc.countsA.length !== k || vc.countsB.length !== k) {
    throw new RangeError(`values (${k}), countsA (${vc.countsA.length}) and countsB (${vc.countsB.length}) differ in length`);
  }
  let n1 = 0;
  let n2 = 0;
  let nan = 0;
  for (let i = 0; i < k; i++) {
    const v = vc.values[i]!;
    if (Number.isNaN(v)) nan++;
    else if (i > 0 && !(v > vc.values[i - 1]!))
      throw new RangeError(`values must be distinct and ascending; values[${i}] = ${v} follows ${vc.values[i - 1]}`);
    for (const [name, c] of [
      ['countsA', vc.countsA[i]!],
      ['countsB', vc.countsB[i]!],
    ] as const) {
      if (!Number.isInteger(c) || c < 0) throw new RangeError(`${name}[${i}] must be a non-negative whole number, got ${c}`);
    }
    n1 += vc.countsA[i]!;
    n2 += vc.countsB[i]!;
  }
  if (nan > 0) throw new RangeError(`values hold ${nan} NaN value${nan === 1 ? '' : 's'}: remove them in the query first`);
  if (n1 === 0) throw new RangeError('sample a is empty (countsA sums to 0)');
  if (n2 === 0) throw new RangeError('sample b is empty (countsB sums to 0)');
  return { n1, n2 };
}

/**
 * The two-sample Kolmogorov-Smirnov test from value counts instead of raw samples: the same D and p-value as
 * ksTwoSample (and SciPy's ks_2samp) on the samples the counts describe, since both empirical CDFs only step at the
 * distinct values. This is the form a warehouse query returns, so a drift check moves one row per distinct value
 * out of the engine rather than one per request.
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.ks_2samp.html
 *
 * @throws RangeError for mismatched lengths, values not strictly ascending, NaN values, negative or fractional
 * counts, or an empty sample.
 * @example
 * ksTwoSampleCounts({ values: [1, 2, 3, 4], countsA: [2, 2, 1, 0], countsB: [0, 2, 2, 2] }).pValue // => 0.474025974025974
 */
export function ksTwoSampleCounts(vc: ValueCounts, options: { alternative?: KsAlternative } = {}): KsTwoSampleResult {
  const alternative = options.alternative ?? 'two-sided';
  const { n1, n2 } = checkValueCounts(vc);
  let ca = 0;
  let cb = 0;
  let maxS = -Infinity;
  let minS = -Infinity;
  for (let i = 0; i < vc.values.length; i++) {
    ca += vc.countsA[i]!;
    cb += vc.countsB[i]!;
    const diff = ca / n1 - cb / n2;
    if (diff > maxS) maxS = diff;
    if (-diff > minS) minS = -diff;
  }
  const d = ksStatistic({ maxS, minS: Math.min(1, Math.max(0, minS)) }, alternative);
  return ksTwoSamplePValue(d, n1, n2, alternative);
}
