/**
 * Pools two raw samples into value counts (distinct values ascending): the shape ksTwoSampleCounts and
 * wassersteinDistance take, for callers holding rows rather than a GROUP BY result. Empty samples give empty counts.
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.wasserstein_distance.html (u_weights, v_weights)
 * @throws RangeError for NaN in either sample.
 * @example
 * toValueCounts([3, 1, 1], [2]) // => { values: [1, 2, 3], countsA: [2, 0, 1], countsB: [0, 1, 0] }
 */
export function toValueCounts(a: ArrayLike<number>, b: ArrayLike<number>): { values: number[]; countsA: number[]; countsB: number[] } {
  const sa = Float64Array.from(a as ArrayLike<number>).sort();
  const sb = Float64Array.from(b as ArrayLike<number>).sort();
  for (const [name, s] of [
    ['a', sa],
    ['b', sb],
  ] as const)
    if (s.length > 0 && Number.isNaN(s[s.length - 1]!)) throw new RangeError(`${name} holds NaN values`);
  const values: number[] = [];
  const countsA: number[] = [];
  const countsB: number[] = [];
  let i = 0;
  let j = 0;
  while (i < sa.length || j < sb.length) {
    const v = j >= sb.length || (i < sa.length && sa[i]! <= sb[j]!) ? sa[i]! : sb[j]!;
    let ca = 0;
    let cb = 0;
    while (i < sa.length && sa[i] === v) {
      i++;
      ca++;
    }
    while (j < sb.length && sb[j] === v) {
      j++;
      cb++;
    }
    values.push(v);
    countsA.push(ca);
    countsB.push(cb);
  }
  return { values, countsA, countsB };
}
