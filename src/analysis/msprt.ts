/** Cumulative counts of one rate metric at one look (say, the end of a day). */
export interface SequentialLook {
  control: { successes: number; trials: number };
  treatment: { successes: number; trials: number };
}

export interface MsprtOptions {
  /**
   * Standard deviation of the normal mixing distribution over the true difference in rates (tau). It says which
   * effects the test is tuned to find quickly; any tau keeps the error guarantee. Default 0.02: two points of rate.
   */
  tau?: number;
}

export interface MsprtResult {
  /** Always-valid p-value after each look: non-increasing, valid however often it is looked at. */
  pValues: number[];
  /** Likelihood ratio of the mixture against "no difference" at each look. */
  likelihoodRatios: number[];
}

/**
 * Mixture sequential probability ratio test (mSPRT) for the difference of two rates, with always-valid p-values:
 * at each look, with theta the observed difference and s2 = p_c(1-p_c)/n_c + p_t(1-p_t)/n_t its variance,
 * Lambda = sqrt(s2 / (s2 + tau^2)) * exp(tau^2 theta^2 / (2 s2 (s2 + tau^2))), and p = min over looks of 1/Lambda.
 * (Arms of equal size give Johari et al.'s per-pair form; an earlier version used (v_c + v_t)(1/n_c + 1/n_t)/2 for
 * s2, which is too small when the smaller arm has the larger variance, and so too quick to reject.)
 * Stopping the first time p < alpha keeps the false-positive rate at or under alpha whatever the number of looks.
 * Reference: Johari, Pekelis, Walsh, "Always valid inference: continuous monitoring of A/B tests" (2017), sec. 4.
 *
 * Degenerate looks (no trials in an arm, or no variance yet) leave the p-value where it was (1 at the start).
 * @throws RangeError for a non-positive tau, counts that are negative or not whole, or successes above trials.
 * @example
 * msprt([{ control: { successes: 600, trials: 1000 }, treatment: { successes: 650, trials: 1000 } }]).pValues[0]
 * // => 0.3970 (to 4 places)
 */
export function msprt(looks: readonly SequentialLook[], options: MsprtOptions = {}): MsprtResult {
  const tau = options.tau ?? 0.02;
  if (!(tau > 0) || !Number.isFinite(tau)) throw new RangeError(`tau must be a positive number, got ${tau}`);
  const tau2 = tau * tau;
  const pValues: number[] = [];
  const likelihoodRatios: number[] = [];
  let p = 1;
  looks.forEach((look, i) => {
    for (const arm of ['control', 'treatment'] as const) {
      const c = look[arm];
      if (!Number.isInteger(c.trials) || !Number.isInteger(c.successes) || c.trials < 0 || c.successes < 0 || c.successes > c.trials) {
        throw new RangeError(
          `look ${i}: ${arm} counts must be whole numbers with 0 <= successes <= trials, got ${c.successes}/${c.trials}`,
        );
      }
    }
    const { control: c, treatment: t } = look;
    let lambda = 1;
    if (c.trials > 0 && t.trials > 0) {
      const pc = c.successes / c.trials;
      const pt = t.successes / t.trials;
      const s2 = (pc * (1 - pc)) / c.trials + (pt * (1 - pt)) / t.trials;
      if (s2 > 0) {
        const theta = pt - pc;
        const logLambda = 0.5 * Math.log(s2 / (s2 + tau2)) + (tau2 * theta * theta) / (2 * s2 * (s2 + tau2));
        lambda = Math.exp(logLambda);
      }
    }
    likelihoodRatios.push(lambda);
    p = Math.min(p, 1 / lambda);
    pValues.push(Math.min(1, p));
  });
  return { pValues, likelihoodRatios };
}
