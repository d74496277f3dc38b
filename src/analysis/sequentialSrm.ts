import betaln from '@stdlib/math-base-special-betaln';

export interface SequentialSrmOptions {
  /**
   * Concentration k of the Dirichlet mixture over the arms' true shares, centred on the configured weights
   * (alpha = k * weights). It tunes which mismatches are found fastest; any k keeps the error guarantee. Default 100,
   * as in Lindon's reference implementation (savvi).
   */
  concentration?: number;
}

export interface SequentialSrmResult {
  /** Always-valid p-value after each look: non-increasing, valid however often it is looked at. */
  pValues: number[];
  /** Bayes factor of the Dirichlet mixture against the configured shares at each look (log scale). */
  logBayesFactors: number[];
}

/** log of the multivariate Beta function, sum log Gamma(a_i) - log Gamma(sum a_i), as a chain of exact log Betas. */
function logMultiBeta(a: readonly number[]): number {
  let total = 0;
  let acc = a[0]!;
  for (let i = 1; i < a.length; i++) {
    total += betaln(acc, a[i]!);
    acc += a[i]!;
  }
  return total;
}

/**
 * Sequential sample ratio mismatch check, valid under daily peeking: the Dirichlet-multinomial Bayes factor of the
 * sessions each arm has received so far against the configured weights, and the always-valid p-value
 * min(1, min over looks of 1 / BF). With x the cumulative counts, n their sum, theta the weights (normalised) and
 * alpha = k theta: log BF = log B(alpha + x) - log B(alpha) - sum x_i log theta_i, B the multivariate Beta function.
 * Stopping the first time p < alpha keeps the false-alarm rate at or under alpha, however many looks (the fixed
 * chi-square, read every day, does not). Reference: M. Lindon, A. Malek, "Anytime-Valid Inference For Multinomial
 * Count Data", NeurIPS 2022 (https://arxiv.org/abs/2011.03567).
 *
 * @throws RangeError for fewer than two arms, looks of another length than the weights, counts that are negative, not
 * whole or that fall from one look to the next, a weight or concentration that is not positive.
 * @example
 * sequentialSrm([[5100, 4900]], [50, 50]).pValues[0] // => 1 (a 51/49 split of 10,000 is not yet evidence)
 */
export function sequentialSrm(
  looks: readonly (readonly number[])[],
  weights: readonly number[],
  options: SequentialSrmOptions = {},
): SequentialSrmResult {
  const k = options.concentration ?? 100;
  if (!(k > 0) || !Number.isFinite(k)) throw new RangeError(`concentration must be a positive number, got ${k}`);
  if (weights.length < 2) throw new RangeError(`a sample ratio check needs at least two arms, got ${weights.length}`);
  weights.forEach((w, i) => {
    if (!(w > 0) || !Number.isFinite(w)) throw new RangeError(`weights[${i}] must be positive, got ${w}`);
  });
  const wsum = weights.reduce((s, w) => s + w, 0);
  const theta = weights.map((w) => w / wsum);
  const alpha = theta.map((t) => k * t);
  const logBAlpha = logMultiBeta(alpha);
  const pValues: number[] = [];
  const logBayesFactors: number[] = [];
  let p = 1;
  let previous = weights.map(() => 0);
  looks.forEach((x, j) => {
    if (x.length !== weights.length) throw new RangeError(`look ${j} has ${x.length} counts for ${weights.length} arms`);
    x.forEach((c, i) => {
      if (!Number.isInteger(c) || c < 0) throw new RangeError(`look ${j}: count ${i} must be a non-negative whole number, got ${c}`);
      if (c < previous[i]!) throw new RangeError(`look ${j}: count ${i} fell from ${previous[i]} to ${c}; looks hold cumulative counts`);
    });
    previous = [...x];
    const logBf = logMultiBeta(alpha.map((a, i) => a + x[i]!)) - logBAlpha - x.reduce((s, c, i) => s + c * Math.log(theta[i]!), 0);
    logBayesFactors.push(logBf);
    p = Math.min(p, Math.exp(-logBf));
    pValues.push(Math.min(1, p));
  });
  return { pValues, logBayesFactors };
}
