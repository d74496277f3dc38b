/**
 * Ranks from 1 to n, ties given the mean of the ranks they span: SciPy's `rankdata(x, method='average')`.
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.rankdata.html
 *
 * @throws RangeError for a NaN or non-finite value (SciPy would rank NaN last).
 * @example
 * averageRanks([10, 20, 20, 5]) // => [2, 3.5, 3.5, 1]
 */
export function averageRanks(values: readonly number[], name = 'values'): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`${name}[${i}] is not a finite number (${values[i]})`);
    order[i] = i;
  }
  order.sort((i, j) => values[i]! - values[j]!);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    const rank = (start + 1 + end) / 2;
    for (let t = start; t < end; t++) ranks[order[t]!] = rank;
    start = end;
  }
  return ranks;
}
