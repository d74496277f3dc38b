import type { MeanSummary } from './gaussianEffect';

/**
 * One arm's sums for CUPED, as a query returns them: over its `n` units the metric y; over the `withCovariate` units
 * that have a pre-period value, the covariate x and its products; and the sum of y over the units without one.
 */
export interface CovariateSums {
  n: number;
  sumY: number;
  sumYY: number;
  withCovariate: number;
  sumX: number;
  sumXX: number;
  sumXY: number;
  /** Sum of y over the n - withCovariate units with no covariate. */
  sumYWithoutCovariate: number;
}

/** One arm after CUPED: the plain summary, the adjusted one (same n), and its units without a covariate. */
export interface CupedArm {
  plain: MeanSummary;
  adjusted: MeanSummary;
  missingCovariate: number;
}

export interface CupedResult {
  /** The pooled within-arm regression slope of y on x. */
  theta: number;
  /** Mean of x over every unit with one, all arms: what a missing covariate is set to. */
  covariateMean: number;
  arms: CupedArm[];
  /** 1 - (pooled adjusted variance) / (pooled plain variance): the share of variance CUPED removed. */
  varianceReduction: number;
  /** Units without a covariate, all arms. */
  missingCovariate: number;
  /** Units in all arms. */
  units: number;
}

/**
 * CUPED (Deng, Xu, Kohavi and Walker 2013): each unit's metric y adjusted by a pre-experiment covariate x as
 * y - theta (x - mean x), with theta the within-arm pooled slope cov(x, y) / var(x). The adjusted means keep their
 * expectation (x predates assignment) and their variance shrinks by the squared correlation. The difference of adjusted
 * means is exactly the treatment coefficient of the OLS regression y ~ arm + x (one common slope). Units without a
 * covariate (no activity in the pre-period) get the pooled covariate mean, so they are counted and left unadjusted.
 * Computed from per-arm sums, so the units never leave the engine.
 * Reference: https://exp-platform.com/Documents/2013-02-CUPED-ImprovingSensitivityOfControlledExperiments.pdf and
 * https://docs.growthbook.io/statistics/cuped
 *
 * @throws RangeError for an arm with fewer than 2 units, sums that are not finite, or more covariate units than units.
 * @example
 * cupedAdjust([
 *   { n: 4, sumY: 10, sumYY: 30, withCovariate: 4, sumX: 10, sumXX: 30, sumXY: 30, sumYWithoutCovariate: 0 },
 *   { n: 4, sumY: 14, sumYY: 54, withCovariate: 4, sumX: 10, sumXX: 30, sumXY: 40, sumYWithoutCovariate: 0 },
 * ]).theta // => 1
 */
export function cupedAdjust(arms: readonly CovariateSums[]): CupedResult {
  arms.forEach((a, i) => {
    for (const [k, v] of Object.entries(a)) if (!Number.isFinite(v)) throw new RangeError(`arm ${i}: ${k} is not a finite number (${v})`);
    if (!Number.isInteger(a.n) || a.n < 2) throw new RangeError(`arm ${i}: needs at least 2 units, got ${a.n}`);
    if (a.withCovariate < 0 || a.withCovariate > a.n)
      throw new RangeError(`arm ${i}: ${a.withCovariate} units with a covariate out of ${a.n} units`);
  });
  const withX = arms.reduce((s, a) => s + a.withCovariate, 0);
  const covariateMean = withX > 0 ? arms.reduce((s, a) => s + a.sumX, 0) / withX : 0;
  // Moments with the missing covariates set to the pooled mean m: x sums gain (n - k) m, xx (n - k) m^2, xy m * sum(y | no x).
  const filled = arms.map((a) => {
    const missing = a.n - a.withCovariate;
    const sx = a.sumX + missing * covariateMean;
    const sxx = a.sumXX + missing * covariateMean * covariateMean;
    const sxy = a.sumXY + covariateMean * a.sumYWithoutCovariate;
    const my = a.sumY / a.n;
    const mx = sx / a.n;
    const ssY = Math.max(0, a.sumYY - a.n * my * my);
    const ssX = Math.max(0, sxx - a.n * mx * mx);
    const sXY = sxy - a.n * mx * my;
    return { a, missing, my, mx, ssY, ssX, sXY };
  });
  const poolSsX = filled.reduce((s, f) => s + f.ssX, 0);
  const poolSXY = filled.reduce((s, f) => s + f.sXY, 0);
  const theta = poolSsX > 0 ? poolSXY / poolSsX : 0;
  const units = arms.reduce((s, a) => s + a.n, 0);
  const grandX = filled.reduce((s, f) => s + f.mx * f.a.n, 0) / units;
  const out = filled.map<CupedArm>((f) => {
    const df = f.a.n - 1;
    const adjustedSs = Math.max(0, f.ssY - 2 * theta * f.sXY + theta * theta * f.ssX);
    return {
      plain: { n: f.a.n, mean: f.my, variance: f.ssY / df },
      adjusted: { n: f.a.n, mean: f.my - theta * (f.mx - grandX), variance: adjustedSs / df },
      missingCovariate: f.missing,
    };
  });
  const plainSs = filled.reduce((s, f) => s + f.ssY, 0);
  const adjustedSs = out.reduce((s, a) => s + a.adjusted.variance * (a.adjusted.n - 1), 0);
  return {
    theta,
    covariateMean,
    arms: out,
    varianceReduction: plainSs > 0 ? 1 - adjustedSs / plainSs : 0,
    missingCovariate: units - withX,
    units,
  };
}
