/**
 * The Jensen-Shannon distance between two discrete distributions, base 2 (so it lies in [0, 1]): the square root of
 * the mean Kullback-Leibler divergence of p and q from their midpoint. Inputs are normalised to sum to 1 first, so
 * counts work as well as shares. Equals SciPy's `spatial.distance.jensenshannon(p, q, base=2)`.
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.spatial.distance.jensenshannon.html
 *
 * @throws RangeError for different lengths, a negative or non-finite entry, or a distribution summing to 0.
 * @example
 * jensenShannonDistance([1, 0], [0.5, 0.5]) // => 0.5579230452841438 (as SciPy)
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new RangeError(`p has ${p.length} entries and q ${q.length}`);
  const norm = (xs: ArrayLike<number>, name: string) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (!Number.isFinite(x) || x < 0) throw new RangeError(`${name}[${i}] must be a non-negative finite number, got ${x}`);
      s += x;
    }
    if (s === 0) throw new RangeError(`${name} sums to 0: not a distribution`);
    return Array.from(xs, (x) => x / s);
  };
  const pn = norm(p, 'p');
  const qn = norm(q, 'q');
  let js = 0;
  for (let i = 0; i < pn.length; i++) {
    const m = (pn[i]! + qn[i]!) / 2;
    if (pn[i]! > 0) js += pn[i]! * Math.log(pn[i]! / m);
    if (qn[i]! > 0) js += qn[i]! * Math.log(qn[i]! / m);
  }
  return Math.sqrt(Math.max(0, js / 2) / Math.LN2);
}
