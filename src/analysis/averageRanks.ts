/**
 * Ranks from 1 to n, ties given the mean of the ranks they span: SciPy's `rankdata(x, method='average')`. The values
 * are sorted once as a typed array; each run of equal values gets the mean of its positions, and each value finds its
 * run by binary search over the distinct values.
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.rankdata.html
 *
 * @throws RangeError for a NaN or non-finite value (SciPy would rank NaN last).
 * @example
 * averageRanks([10, 20, 20, 5]) // => [2, 3.5, 3.5, 1]
 */
export function averageRanks(values: readonly number[] | Float64Array, name = 'values'): Float64Array {
  const n = values.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`${name}[${i}] is not a finite number (${values[i]})`);
    sorted[i] = values[i]!;
  }
  sorted.sort();
  const distinct = new Float64Array(n);
  const runRank = new Float64Array(n);
  let d = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && sorted[end] === sorted[start]) end++;
    distinct[d] = sorted[start]!;
    runRank[d++] = (start + 1 + end) / 2;
    start = end;
  }
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let lo = 0;
    let hi = d - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = runRank[lo]!;
  }
  return ranks;
}
