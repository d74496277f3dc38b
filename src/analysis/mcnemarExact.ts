import { binomialUpperTail } from './binomialUpperTail';

/** McNemar's exact test of a paired pass/fail comparison. */
export interface McNemarResult {
  /** Entries that passed before and fail now (b), and that failed before and pass now (c). */
  worse: number;
  better: number;
  /** min(b, c): the statistic statsmodels reports for the exact test. */
  statistic: number;
  /** Two-sided exact p-value: 2 Pr(X <= min(b, c)) for X ~ Binomial(b + c, 1/2), at most 1; 1 with no discordant pair. */
  pValue: number;
}

/**
 * McNemar's exact test for paired binary outcomes (the same golden entries scored by a baseline and a candidate): only
 * the discordant pairs carry information, and under "no change" each is equally likely to go either way. Equals
 * statsmodels' `mcnemar([[a, b], [c, d]], exact=True)`.
 * Reference: https://www.statsmodels.org/stable/generated/statsmodels.stats.contingency_tables.mcnemar.html
 *
 * @throws RangeError for counts that are not whole numbers >= 0.
 * @example
 * mcnemarExact(9, 2).pValue // => 0.0654 (to 4 places, as statsmodels mcnemar([[40, 9], [2, 49]], exact=True))
 */
export function mcnemarExact(worse: number, better: number): McNemarResult {
  for (const [name, v] of [
    ['worse', worse],
    ['better', better],
  ] as const)
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a whole number >= 0, got ${v}`);
  const n = worse + better;
  const m = Math.min(worse, better);
  // Pr(X <= m) = Pr(X >= n - m) at p = 1/2: the upper tail keeps its precision when the p-value is tiny.
  const pValue = n === 0 ? 1 : Math.min(1, 2 * binomialUpperTail(n - m, n, 0.5));
  return { worse, better, statistic: m, pValue };
}
