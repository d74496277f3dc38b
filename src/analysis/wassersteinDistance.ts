import { checkValueCounts, type ValueCounts } from './ksTwoSampleCounts';

/**
 * The first Wasserstein (earth mover's) distance between two one-dimensional samples given as value counts: the
 * area between their empirical CDFs, sum over consecutive distinct values of |F_a - F_b| * (next - value). Equals
 * SciPy's `wasserstein_distance(values, values, countsA, countsB)`, and `wasserstein_distance(a, b)` on the samples
 * the counts describe. In the unit of the values (milliseconds for latency, words for length).
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.wasserstein_distance.html
 *
 * @throws RangeError for mismatched lengths, values not strictly ascending, NaN values, negative or fractional
 * counts, or an empty sample.
 * @example
 * wassersteinDistance({ values: [0, 1, 3], countsA: [1, 1, 1], countsB: [0, 0, 1] }) // => 1.6666666666666665 (SciPy wasserstein_distance([0, 1, 3], [3]))
 */
export function wassersteinDistance(vc: ValueCounts): number {
  const { n1, n2 } = checkValueCounts(vc);
  let ca = 0;
  let cb = 0;
  let total = 0;
  for (let i = 0; i + 1 < vc.values.length; i++) {
    ca += vc.countsA[i]!;
    cb += vc.countsB[i]!;
    total += Math.abs(ca / n1 - cb / n2) * (vc.values[i + 1]! - vc.values[i]!);
  }
  return total;
}
