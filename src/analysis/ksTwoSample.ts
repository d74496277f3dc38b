import { sortedSample } from './sortedSample';
import { ksTwoSamplePValue, type KsAlternative, type KsTwoSampleResult } from './ksTwoSamplePValue';

export type { KsAlternative, KsTwoSampleResult };

/**
 * The largest positive and negative gaps between two empirical CDFs, both evaluated at every pooled value with
 * right-side search (so ties count as SciPy counts them). `a` and `b` must be sorted ascending.
 */
export function ecdfGaps(a: Float64Array, b: Float64Array): { maxS: number; minS: number } {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = -Infinity;
  let minS = -Infinity;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < n1 && a[i]! <= v) i++;
    while (j < n2 && b[j]! <= v) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    if (-diff > minS) minS = -diff;
  }
  return { maxS, minS: Math.min(1, Math.max(0, minS)) };
}

/** D for the alternative from the two gaps, as ks_2samp picks it. */
export function ksStatistic(gaps: { maxS: number; minS: number }, alternative: KsAlternative): number {
  if (alternative === 'less' || (alternative === 'two-sided' && gaps.minS > gaps.maxS)) return gaps.minS;
  return gaps.maxS;
}

/**
 * Two-sample Kolmogorov-Smirnov test: are `a` and `b` drawn from the same continuous distribution? D is the largest
 * gap between their empirical CDFs; 'greater' tests whether a's CDF lies above b's (a tends smaller), 'less' the
 * reverse. Equals SciPy's `ks_2samp(a, b, alternative, method='auto')` (see ksTwoSamplePValue for the p-value).
 * Sorting dominates: O((n1 + n2) log(n1 + n2)).
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.ks_2samp.html
 *
 * @throws RangeError for an empty sample or one holding NaN (the message gives the count).
 * @example
 * ksTwoSample([1, 2, 3, 4, 5], [3, 4, 5, 6, 7, 8]) // => { statistic: 0.5, pValue: 0.357142857142857, method: 'exact', n1: 5, n2: 6 }
 * ksTwoSample([1, 1, 2, 2, 3], [2, 2, 3, 3, 4, 4]).pValue // => 0.474025974025974
 */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>, options: { alternative?: KsAlternative } = {}): KsTwoSampleResult {
  const alternative = options.alternative ?? 'two-sided';
  const sa = sortedSample(a, 'a');
  const sb = sortedSample(b, 'b');
  return ksTwoSamplePValue(ksStatistic(ecdfGaps(sa, sb), alternative), sa.length, sb.length, alternative);
}
