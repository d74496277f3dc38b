import gammainc from '@stdlib/math-base-special-gammainc';

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  df: number;
}

/**
 * Pearson's chi-square goodness-of-fit test: observed counts against expected counts (same total), statistic
 * sum (o - e)^2 / e on k - 1 degrees of freedom, p-value from the chi-square survival function
 * (the upper regularised incomplete gamma of @stdlib, accurate far into the tail). Equals
 * SciPy's `stats.chisquare(observed, expected)`.
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.chisquare.html
 *
 * Degenerate input: a category with zero expected count makes the statistic infinite, so it is refused.
 * @throws RangeError for different lengths, fewer than 2 categories, negative or non-finite counts, an expected
 * count of 0, or totals that differ by more than 1e-8 relative.
 * @example
 * chiSquareGoodnessOfFit([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8]) // => { statistic: 3.5, pValue: 0.6233876277495822, df: 5 }
 */
export function chiSquareGoodnessOfFit(observed: ArrayLike<number>, expected: ArrayLike<number>): ChiSquareResult {
  if (observed.length !== expected.length)
    throw new RangeError(`observed has ${observed.length} categories and expected ${expected.length}`);
  if (observed.length < 2) throw new RangeError('the test needs at least 2 categories');
  let so = 0;
  let se = 0;
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i]!;
    const e = expected[i]!;
    if (!Number.isFinite(o) || o < 0) throw new RangeError(`observed[${i}] must be a non-negative count, got ${o}`);
    if (!Number.isFinite(e) || e <= 0)
      throw new RangeError(`expected[${i}] must be positive, got ${e}: a category expected never cannot be tested`);
    so += o;
    se += e;
    statistic += (o - e) ** 2 / e;
  }
  if (Math.abs(so - se) > 1e-8 * Math.max(so, se)) throw new RangeError(`observed totals ${so} but expected totals ${se}: they must agree`);
  const df = observed.length - 1;
  return { statistic, pValue: gammainc(statistic / 2, df / 2, true, true), df };
}
