/**
 * The q-quantile of an ascending sample, interpolated linearly between order statistics: numpy's default
 * (`np.quantile(x, q)`, method 'linear'), which SciPy's percentile bootstrap uses too.
 * Reference: https://numpy.org/doc/stable/reference/generated/numpy.quantile.html
 *
 * @throws RangeError for an empty sample or q outside [0, 1].
 * @example
 * quantileSorted(Float64Array.of(1, 2, 3, 4), 0.25) // => 1.75
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new RangeError('quantileSorted needs a non-empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q must be between 0 and 1, got ${q}`);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
