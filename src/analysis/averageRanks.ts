/**
 * Ranks from 1 to n, ties given the mean of the ranks they span: SciPy's `rankdata(x, method='average')`. Values with
 * few distinct ones (ratings) are ranked by counting; others are sorted once as a typed array, each run of equal values
 * gets the mean of its positions, and each value finds its run by binary search over the distinct values.
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.rankdata.html
 *
 * @throws RangeError for a NaN or non-finite value (SciPy would rank NaN last).
 * @example
 * averageRanks([10, 20, 20, 5]) // => [2, 3.5, 3.5, 1]
 */
export function averageRanks(values: readonly number[] | Float64Array, name = 'values'): Float64Array {
  const n = values.length;
  for (let i = 0; i < n; i++) if (!Number.isFinite(values[i])) throw new RangeError(`${name}[${i}] is not a finite number (${values[i]})`);
  return fewDistinctRanks(values) ?? sortedRanks(values);
}

/** At most this many distinct values are ranked by counting them (ratings, scores on a scale), not by sorting. */
const FEW = 4096;

/**
 * Ranks by counting: each distinct value's run of positions follows from the counts of the smaller values, so n
 * values with few distinct ones are ranked in one pass and a sort of the distinct values. Null when there are more
 * than FEW distinct values.
 */
function fewDistinctRanks(values: readonly number[] | Float64Array): Float64Array | null {
  const counts = new Map<number, number>(); // SameValueZero: 0 and -0 are one value, as === has them
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const c = counts.get(v);
    if (c !== undefined) counts.set(v, c + 1);
    else if (counts.size === FEW) return null;
    else counts.set(v, 1);
  }
  const rankOf = new Map<number, number>();
  let start = 0;
  for (const v of [...counts.keys()].sort((a, b) => a - b)) {
    const c = counts.get(v)!;
    rankOf.set(v, (start + 1 + start + c) / 2);
    start += c;
  }
  const ranks = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) ranks[i] = rankOf.get(values[i]!)!;
  return ranks;
}

function sortedRanks(values: readonly number[] | Float64Array): Float64Array {
  const n = values.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = values[i]!;
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
