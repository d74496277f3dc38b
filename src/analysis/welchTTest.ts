import jstat from 'jstat';

const { jStat } = jstat;

export interface TTestResult {
  statistic: number;
  pValue: number;
  df: number;
}

function meanVar(xs: ArrayLike<number>, name: string): { n: number; mean: number; variance: number } {
  const n = xs.length;
  if (n < 2) throw new RangeError(`${name} needs at least 2 values for a variance, got ${n}`);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    if (!Number.isFinite(x)) throw new RangeError(`${name}[${i}] is not a finite number (${x})`);
    mean += (x - mean) / (i + 1);
  }
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (xs[i]! - mean) ** 2;
  return { n, mean, variance: ss / (n - 1) };
}

/**
 * Welch's two-sample t-test (unequal variances), two-sided: t = (mean(a) - mean(b)) / sqrt(va/na + vb/nb) with
 * Welch-Satterthwaite degrees of freedom. Equals SciPy's `ttest_ind(a, b, equal_var=False)`.
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.ttest_ind.html
 *
 * Degenerate input: when both samples are constant no test is possible, and it throws rather than return NaN.
 * @throws RangeError for a sample with fewer than 2 values, a non-finite value, or zero variance in both samples.
 * @example
 * welchTTest([1, 2, 3, 4], [2, 4, 6, 8, 10]).pValue // => 0.0691 (to 4 places, as SciPy)
 */
export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>): TTestResult {
  return welchTTestSummary(meanVar(a, 'a'), meanVar(b, 'b'));
}

/**
 * Welch's t-test from summary statistics (count, mean, sample variance) of each sample: what a readout has when
 * the engine returns aggregates instead of rows. Same result as welchTTest on the rows.
 * @throws RangeError for a sample with fewer than 2 values or zero variance in both.
 * @example
 * welchTTestSummary({ n: 4, mean: 2.5, variance: 5 / 3 }, { n: 5, mean: 6, variance: 10 }).statistic // => -2.2514 (to 4 places)
 */
export function welchTTestSummary(
  x: { n: number; mean: number; variance: number },
  y: { n: number; mean: number; variance: number },
): TTestResult {
  if (x.n < 2 || y.n < 2) throw new RangeError(`each sample needs at least 2 values, got ${x.n} and ${y.n}`);
  const sa = x.variance / x.n;
  const sb = y.variance / y.n;
  if (sa + sb === 0) throw new RangeError('both samples are constant: the t statistic is undefined');
  const statistic = (x.mean - y.mean) / Math.sqrt(sa + sb);
  const df = (sa + sb) ** 2 / (sa ** 2 / (x.n - 1) + sb ** 2 / (y.n - 1));
  const pValue = Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(statistic), df));
  return { statistic, pValue, df };
}
