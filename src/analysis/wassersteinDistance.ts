import type { ValueCounts } from './ksTwoSampleCounts';
import { checkValueCounts } from './ksTwoSampleCounts';

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

/**
 * Pools two raw samples into value counts (distinct values ascending): the shape ksTwoSampleCounts and
 * wassersteinDistance take, for callers holding rows rather than a GROUP BY result.
 * @throws RangeError for NaN in either sample.
 * @example
 * toValueCounts([3, 1, 1], [2]) // => { values: [1, 2, 3], countsA: [2, 0, 1], countsB: [0, 1, 0] }
 */
export function toValueCounts(a: ArrayLike<number>, b: ArrayLike<number>): { values: number[]; countsA: number[]; countsB: number[] } {
  const sa = Float64Array.from(a as ArrayLike<number>).sort();
  const sb = Float64Array.from(b as ArrayLike<number>).sort();
  for (const [name, s] of [['a', sa], ['b', sb]] as const) if (s.length > 0 && Number.isNaN(s[s.length - 1]!)) throw new RangeError(`${name} holds NaN values`);
  const values: number[] = [];
  const countsA: number[] = [];
  const countsB: number[] = [];
  let i = 0;
  let j = 0;
  while (i < sa.length || j < sb.length) {
    const v = j >= sb.length || (i < sa.length && sa[i]! <= sb[j]!) ? sa[i]! : sb[j]!;
    let ca = 0;
    let cb = 0;
    while (i < sa.length && sa[i] === v) { i++; ca++; }
    while (j < sb.length && sb[j] === v) { j++; cb++; }
    values.push(v);
    countsA.push(ca);
    countsB.push(cb);
  }
  return { values, countsA, countsB };
}
