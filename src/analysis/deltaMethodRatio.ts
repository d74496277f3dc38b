import type { MeanSummary } from './gaussianEffect';

/**
 * One arm's sums for a ratio metric over its units (sessions): the numerator N and denominator D of each unit, their
 * squares and their product, so the ratio sum(N) / sum(D) and its variance come from the engine's aggregates.
 */
export interface RatioSums {
  n: number;
  sumNum: number;
  sumDen: number;
  sumNumSq: number;
  sumDenSq: number;
  sumNumDen: number;
}

export interface RatioEstimate {
  /** sum(N) / sum(D). */
  ratio: number;
  /** Delta-method variance of the ratio. */
  variance: number;
  /** The ratio as a mean summary (n units, variance n * Var(ratio)): what gaussianEffect and Welch's test take. */
  summary: MeanSummary;
}

/**
 * A ratio metric whose denominator is not the unit of randomisation (thumbs-up per rated response, cost per resolved
 * session, with sessions as the unit): R = mean(N) / mean(D) with the delta-method variance
 * Var(R) = (s_N^2 - 2 R s_ND + R^2 s_D^2) / (n mean(D)^2), s the sample (co)variances of the unit values. Treating the
 * responses as independent instead understates the variance when a session's responses move together.
 * Reference: Deng, Knoblich and Lu (2018), "Applying the Delta Method in Metric Analytics", https://arxiv.org/abs/1803.06336;
 * https://docs.growthbook.io/statistics/details (ratio metrics).
 *
 * @throws RangeError for fewer than 2 units, a non-finite sum, or a denominator that sums to zero.
 * @example
 * deltaMethodRatio({ n: 3, sumNum: 3, sumDen: 6, sumNumSq: 5, sumDenSq: 14, sumNumDen: 8 }).ratio // => 0.5
 */
export function deltaMethodRatio(sums: RatioSums, name = 'ratio'): RatioEstimate {
  for (const [k, v] of Object.entries(sums)) if (!Number.isFinite(v)) throw new RangeError(`${name}: ${k} is not a finite number (${v})`);
  const { n } = sums;
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`${name}: needs at least 2 units, got ${n}`);
  if (sums.sumDen === 0) throw new RangeError(`${name}: the denominator is zero over all ${n} units, so the ratio is undefined`);
  const mN = sums.sumNum / n;
  const mD = sums.sumDen / n;
  const vN = Math.max(0, (sums.sumNumSq - n * mN * mN) / (n - 1));
  const vD = Math.max(0, (sums.sumDenSq - n * mD * mD) / (n - 1));
  const cND = (sums.sumNumDen - n * mN * mD) / (n - 1);
  const ratio = mN / mD;
  const variance = Math.max(0, (vN - 2 * ratio * cND + ratio * ratio * vD) / (n * mD * mD));
  return { ratio, variance, summary: { n, mean: ratio, variance: variance * n } };
}
