import betainc from '@stdlib/math-base-special-betainc';
import { averageRanks } from './averageRanks';

export interface SpearmanResult {
  /** Spearman's rank correlation: Pearson's correlation of the average ranks. */
  rho: number;
  /** Two-sided p-value from Student's t with n - 2 degrees of freedom (0 when |rho| is 1). */
  pValue: number;
  n: number;
}

/**
 * Spearman's rank correlation of paired samples with its two-sided p-value, as SciPy's `spearmanr(x, y)` computes
 * them: ties take average ranks, rho is the Pearson correlation of the ranks, and t = rho * sqrt((n - 2) / ((1 + rho)
 * (1 - rho))) is referred to Student's t on n - 2 degrees of freedom: p = I_{df/(df+t^2)}(df/2, 1/2), the regularized incomplete
 * beta function of @stdlib (as SciPy's stdtr).
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.spearmanr.html
 *
 * Degenerate input: with fewer than 3 pairs, or a sample whose values are all equal, the correlation is undefined
 * (SciPy returns NaN); this throws instead.
 * @throws RangeError for samples of different lengths, fewer than 3 pairs, a non-finite value, or a constant sample.
 * @example
 * spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).rho // => 0.8207826816681233 (SciPy 1.10.1)
 */
export function spearman(x: readonly number[], y: readonly number[]): SpearmanResult {
  if (x.length !== y.length) throw new RangeError(`x has ${x.length} values and y ${y.length}; they must be paired`);
  const n = x.length;
  if (n < 3) throw new RangeError(`Spearman's correlation needs at least 3 pairs, got ${n}`);
  const rx = averageRanks(x, 'x');
  const ry = averageRanks(y, 'y');
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i]! - mean;
    const dy = ry[i]! - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) throw new RangeError(`${sxx === 0 ? 'x' : 'y'} is constant: a rank correlation is undefined`);
  const rho = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  if (Math.abs(rho) === 1) return { rho, pValue: 0, n };
  const df = n - 2;
  const t2 = (rho * rho * df) / ((1 + rho) * (1 - rho));
  return { rho, pValue: Math.min(1, betainc(df / (df + t2), df / 2, 0.5, true, false)), n };
}
