/** A multiple-comparison correction of p-values. */
export type PValueCorrection = 'holm' | 'bh';

/**
 * Adjusts a family of p-values for multiple comparisons: Holm's step-down (controls the family-wise error rate) or
 * Benjamini-Hochberg's step-up (controls the false-discovery rate). Adjusted values come back in the input order.
 * Equals statsmodels' `multipletests(p, method='holm' | 'fdr_bh')[1]`.
 * Reference: https://www.statsmodels.org/stable/generated/statsmodels.stats.multitest.multipletests.html
 *
 * @throws RangeError for a p-value outside [0, 1].
 * @example
 * adjustPValues([0.01, 0.04, 0.03], 'holm') // => [0.03, 0.06, 0.06]
 */
export function adjustPValues(pValues: readonly number[], method: PValueCorrection): number[] {
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value ${i} must be between 0 and 1, got ${p}`);
  });
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const out = new Array<number>(m);
  if (method === 'holm') {
    let running = 0;
    order.forEach(({ p, i }, k) => {
      running = Math.max(running, Math.min(1, (m - k) * p));
      out[i] = running;
    });
  } else {
    let running = 1;
    for (let k = m - 1; k >= 0; k--) {
      const { p, i } = order[k]!;
      running = Math.min(running, (m / (k + 1)) * p);
      out[i] = Math.min(1, running);
    }
  }
  return out;
}
