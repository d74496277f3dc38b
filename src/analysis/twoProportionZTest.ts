import jstat from 'jstat';
import type { BinomialCounts } from './betaBinomialAB';

const { jStat } = jstat;

export interface ZTestResult {
  statistic: number;
  pValue: number;
  /** treatment rate minus control rate */
  difference: number;
  /** 95% Wald interval of the difference (unpooled standard error). */
  interval95: [number, number];
}

/**
 * Two-sided two-proportion z-test with the pooled standard error, the frequentist companion of the Bayesian readout:
 * z = (p_t - p_c) / sqrt(p(1-p)(1/n_c + 1/n_t)). The formula of statsmodels' `proportions_ztest` (pooled variance).
 * Reference: https://www.statsmodels.org/stable/generated/statsmodels.stats.proportion.proportions_ztest.html
 *
 * @throws RangeError for zero trials, successes above trials, or both arms at 0% or 100% (no variance).
 * @example
 * twoProportionZTest({ successes: 120, trials: 1000 }, { successes: 150, trials: 1000 }).pValue // => 0.0496 (to 4 places)
 */
export function twoProportionZTest(control: BinomialCounts, treatment: BinomialCounts): ZTestResult {
  for (const [arm, c] of [
    ['control', control],
    ['treatment', treatment],
  ] as const) {
    if (!Number.isInteger(c.trials) || c.trials <= 0)
      throw new RangeError(`${arm}.trials must be a positive whole number, got ${c.trials}`);
    if (!Number.isInteger(c.successes) || c.successes < 0 || c.successes > c.trials) {
      throw new RangeError(`${arm}.successes must be a whole number from 0 to ${c.trials}, got ${c.successes}`);
    }
  }
  const pc = control.successes / control.trials;
  const pt = treatment.successes / treatment.trials;
  const pooled = (control.successes + treatment.successes) / (control.trials + treatment.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / control.trials + 1 / treatment.trials));
  if (se === 0) throw new RangeError('both arms are all successes or all failures: the z statistic is undefined');
  const statistic = (pt - pc) / se;
  const seDiff = Math.sqrt((pc * (1 - pc)) / control.trials + (pt * (1 - pt)) / treatment.trials);
  const z = jStat.normal.inv(0.975, 0, 1);
  return {
    statistic,
    pValue: Math.min(1, 2 * (1 - jStat.normal.cdf(Math.abs(statistic), 0, 1))),
    difference: pt - pc,
    interval95: [pt - pc - z * seDiff, pt - pc + z * seDiff],
  };
}
