import { chiSquareGoodnessOfFit, type ChiSquareResult } from './chiSquareGoodnessOfFit';

export interface SampleRatioResult extends ChiSquareResult {
  /** Sessions each arm should have had under the configured weights. */
  expected: number[];
}

/**
 * Sample ratio mismatch: Pearson's chi-square goodness of fit of the sessions each arm received against the
 * configured weights (any positive scale; they are normalised). Equals SciPy's `chisquare(observed, f_exp)` with
 * f_exp = total * weight / sum(weights). A p-value under 0.001 means the assignment itself is broken and the
 * readout cannot be trusted. Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.chisquare.html
 *
 * @throws RangeError for fewer than two arms, lengths that differ, negative or fractional counts, no sessions at all,
 * or a weight that is not positive.
 * @example
 * sampleRatioMismatch([5100, 4900], [50, 50]).pValue // => 0.0455 (to 4 places, as SciPy)
 */
export function sampleRatioMismatch(observed: readonly number[], weights: readonly number[]): SampleRatioResult {
  if (observed.length < 2) throw new RangeError(`a sample ratio check needs at least two arms, got ${observed.length}`);
  if (observed.length !== weights.length) throw new RangeError(`${observed.length} observed counts but ${weights.length} weights`);
  observed.forEach((o, i) => {
    if (!Number.isInteger(o) || o < 0) throw new RangeError(`observed[${i}] must be a non-negative whole number, got ${o}`);
  });
  weights.forEach((w, i) => {
    if (!(w > 0) || !Number.isFinite(w)) throw new RangeError(`weights[${i}] must be positive, got ${w}`);
  });
  const total = observed.reduce((s, o) => s + o, 0);
  if (total === 0) throw new RangeError('no sessions observed in any arm');
  const wsum = weights.reduce((s, w) => s + w, 0);
  const expected = weights.map((w) => (total * w) / wsum);
  return { ...chiSquareGoodnessOfFit(observed, expected), expected };
}
