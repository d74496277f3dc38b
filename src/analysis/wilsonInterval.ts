import jstat from 'jstat';

const { jStat } = jstat;

export interface WilsonInterval {
  /** successes / trials */
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
}

/**
 * The Wilson score interval for a binomial proportion: (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n), z the
 * standard normal quantile at 1 - (1 - confidence)/2 (jStat). Unlike the Wald interval it stays inside [0, 1] and is
 * sensible for small n and rates near 0 or 1. Equals SciPy's `binomtest(k, n).proportion_ci(confidence, method='wilson')`.
 * Reference: https://en.wikipedia.org/wiki/Binomial_proportion_confidence_interval#Wilson_score_interval
 *
 * Degenerate input: no trials has no proportion, and throws.
 * @throws RangeError when trials is not a positive whole number, successes is not a whole number from 0 to trials, or confidence is not in (0, 1).
 * @example
 * wilsonInterval(7, 20).lower // => 0.1811918241010821 (SciPy 1.10.1)
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): WilsonInterval {
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`trials must be a positive whole number, got ${trials}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials)
    throw new RangeError(`successes must be a whole number from 0 to ${trials}, got ${successes}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  const z = jStat.normal.inv(1 - (1 - confidence) / 2, 0, 1);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const center = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials))) / (1 + z2n);
  return { estimate: p, lower: Math.max(0, center - half), upper: Math.min(1, center + half), confidence };
}
