import betainc from '@stdlib/math-base-special-betainc';

/**
 * Pr(X >= k) for X ~ Binomial(n, p): the one-sided exact binomial test's p-value for "the rate is above p", via the
 * regularised incomplete beta I_p(k, n - k + 1) (@stdlib, accurate to ~1e-15 where jStat's
 * continued fraction stops near 1e-8). Equals SciPy's `binom.sf(k - 1, n, p)`.
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.binomtest.html
 *
 * Degenerate input: k <= 0 gives 1, k > n gives 0.
 * @throws RangeError for n not a non-negative whole number, k not whole, or p outside [0, 1].
 * @example
 * binomialUpperTail(5, 100, 0.01) // => 0.0034 (to 4 places, as binom.sf(4, 100, 0.01))
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative whole number, got ${n}`);
  if (!Number.isInteger(k)) throw new RangeError(`k must be a whole number, got ${k}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be between 0 and 1, got ${p}`);
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p === 0) return 0;
  if (p === 1) return 1;
  return Math.min(1, Math.max(0, betainc(p, k, n - k + 1, true, false)));
}
