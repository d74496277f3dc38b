import type { MeanSummary } from './gaussianEffect';

export interface GaussianMsprtOptions {
  /** Standard deviation of the normal mixing distribution over the true difference of means, in the metric's unit. */
  tau: number;
}

/**
 * Always-valid p-value for the difference of two means at the current look: the mixture likelihood ratio of the
 * mSPRT with a normal mixing distribution of standard deviation tau, Lambda = sqrt(s2 / (s2 + tau^2)) *
 * exp(tau^2 theta^2 / (2 s2 (s2 + tau^2))), theta the observed difference and s2 = v_c/n_c + v_t/n_t its variance,
 * and p = min(1, 1 / Lambda). Lambda is a nonnegative martingale under no difference, so by Ville's inequality
 * P(1/Lambda <= alpha at any look) <= alpha: the p-value stays valid however often and whenever it is read, without
 * the history of looks (the running minimum over looks, as msprt keeps for rates, is valid too and never larger).
 * The same formula msprt uses for rates, with the sample variances in place of p(1 - p).
 * Reference: Johari, Pekelis, Walsh, "Always valid inference: continuous monitoring of A/B tests" (2017), sec. 4.
 *
 * @throws RangeError for a non-positive tau, fewer than 2 units in an arm or a negative variance.
 * @example
 * gaussianMsprt({ n: 1000, mean: 4, variance: 1 }, { n: 1000, mean: 4.2, variance: 1 }, { tau: 0.2 }) // => 0.0003 (to 4 places)
 */
export function gaussianMsprt(control: MeanSummary, treatment: MeanSummary, options: GaussianMsprtOptions): number {
  const { tau } = options;
  if (!(tau > 0) || !Number.isFinite(tau)) throw new RangeError(`tau must be a positive number, got ${tau}`);
  for (const [arm, s] of [
    ['control', control],
    ['treatment', treatment],
  ] as const) {
    if (!(s.n >= 2)) throw new RangeError(`${arm}.n must be at least 2, got ${s.n}`);
    if (!(s.variance >= 0)) throw new RangeError(`${arm}.variance must be non-negative, got ${s.variance}`);
  }
  const s2 = control.variance / control.n + treatment.variance / treatment.n;
  if (s2 === 0) return 1; // no noise yet: no evidence either way
  const tau2 = tau * tau;
  const theta = treatment.mean - control.mean;
  const logLambda = 0.5 * Math.log(s2 / (s2 + tau2)) + (tau2 * theta * theta) / (2 * s2 * (s2 + tau2));
  return Math.min(1, Math.exp(-logLambda));
}
