import jstat from 'jstat';

const { jStat } = jstat;

/** A mean metric's summary for one arm: count, mean and sample variance. */
export interface MeanSummary {
  n: number;
  mean: number;
  variance: number;
}

export interface GaussianEffectOptions {
  /** Proper Gaussian prior on the relative lift; omitted: the improper flat prior. */
  prior?: { mean: number; variance: number };
  /** Whether a higher value is better (CSAT) or worse (latency, cost); default true. */
  higherIsBetter?: boolean;
}

export interface GaussianEffectResult {
  /** Posterior mean of the relative lift (mB - mA) / mA. */
  relativeLift: number;
  /** Its posterior standard deviation. */
  standardError: number;
  /** P(the treatment is better), read with higherIsBetter. */
  chanceToWin: number;
  interval95: [number, number];
  /** Expected relative loss of shipping the treatment, and of keeping the control (both >= 0). */
  riskShipTreatment: number;
  riskKeepControl: number;
}

/**
 * Bayesian readout of a mean metric as GrowthBook's effect model does it: the relative lift (mB - mA) / mA with
 * delta-method variance vB/nB/mA^2 + vA/nA * mB^2/mA^4, taken as a Gaussian posterior (flat prior by default, or
 * combined with a proper Gaussian prior by precision weighting). Chance to win, 95% interval and risk are closed form
 * from the normal: risk of shipping = E[max(-X, 0)] = s phi(m/s) - m Phi(-m/s) for X ~ N(m, s^2) oriented so that
 * positive is better. Reference: https://docs.growthbook.io/statistics/details ("Bayesian" and "Risk").
 *
 * @throws RangeError for fewer than 2 observations in an arm, a negative variance, or a control mean of zero
 * (a relative lift is undefined there).
 * @example
 * gaussianEffect({ n: 1000, mean: 4.0, variance: 1.0 }, { n: 1000, mean: 4.1, variance: 1.0 }).chanceToWin
 * // => 0.9864 (to 4 places)
 */
export function gaussianEffect(control: MeanSummary, treatment: MeanSummary, options: GaussianEffectOptions = {}): GaussianEffectResult {
  for (const [arm, s] of [
    ['control', control],
    ['treatment', treatment],
  ] as const) {
    if (!Number.isInteger(s.n) || s.n < 2) throw new RangeError(`${arm}.n must be at least 2, got ${s.n}`);
    if (!Number.isFinite(s.mean)) throw new RangeError(`${arm}.mean must be finite, got ${s.mean}`);
    if (!(s.variance >= 0)) throw new RangeError(`${arm}.variance must be non-negative, got ${s.variance}`);
  }
  const ma = control.mean;
  const mb = treatment.mean;
  if (ma === 0) throw new RangeError('control mean is 0: a relative lift is undefined');
  let mean = (mb - ma) / ma;
  let variance = treatment.variance / treatment.n / ma ** 2 + ((control.variance / control.n) * mb ** 2) / ma ** 4;
  if (options.prior) {
    const { mean: m0, variance: v0 } = options.prior;
    if (!(v0 > 0)) throw new RangeError(`prior variance must be positive, got ${v0}`);
    if (variance === 0) {
      // data without noise: the prior adds nothing
    } else {
      const precision = 1 / variance + 1 / v0;
      mean = (mean / variance + m0 / v0) / precision;
      variance = 1 / precision;
    }
  }
  const sd = Math.sqrt(variance);
  const sign = options.higherIsBetter === false ? -1 : 1;
  const m = sign * mean; // oriented: positive is better
  const z = jStat.normal.inv(0.975, 0, 1);
  let chanceToWin: number;
  let riskShip: number;
  let riskKeep: number;
  if (sd === 0) {
    chanceToWin = m > 0 ? 1 : m < 0 ? 0 : 0.5;
    riskShip = Math.max(-m, 0);
    riskKeep = Math.max(m, 0);
  } else {
    const phi = jStat.normal.pdf(m / sd, 0, 1);
    chanceToWin = jStat.normal.cdf(m / sd, 0, 1);
    riskShip = sd * phi - m * jStat.normal.cdf(-m / sd, 0, 1);
    riskKeep = sd * phi + m * jStat.normal.cdf(m / sd, 0, 1);
  }
  return {
    relativeLift: mean,
    standardError: sd,
    chanceToWin,
    interval95: [mean - z * sd, mean + z * sd],
    riskShipTreatment: Math.max(0, riskShip),
    riskKeepControl: Math.max(0, riskKeep),
  };
}
