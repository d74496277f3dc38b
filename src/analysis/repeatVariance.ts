/** How a per-entry metric varies across entries and across repeats of the same entry. */
export interface RepeatVariance {
  entries: number;
  repeats: number;
  mean: number;
  /** Sample variance of the entries' means over their repeats. */
  between: number;
  /** Mean over entries of each entry's sample variance across its repeats (repeat noise). */
  within: number;
  /** within / (between + within): the share of the spread that asking again changes. */
  withinShare: number | null;
  /** The standard error repeat noise alone gives the mean over entries of a run answered once: sqrt(within / entries). */
  repeatStandardError: number;
}

/**
 * Splits the variance of a metric measured on each golden entry, asked `repeats` times, into a between-entry part (the
 * variance of the entries' means) and a within-entry part (the mean of the entries' variances across repeats), as a
 * one-way layout with entries as groups does: within is the ANOVA's within-group mean square.
 * Reference: https://en.wikipedia.org/wiki/One-way_analysis_of_variance
 *
 * @throws RangeError for fewer than 2 entries, entries with different numbers of repeats, fewer than 2 repeats, or a
 * value that is not finite.
 * @example
 * repeatVariance([[1, 1], [0, 1]]).within // => 0.25 (entry 1 varies by 0, entry 2 by 0.5)
 */
export function repeatVariance(values: readonly (readonly number[])[]): RepeatVariance {
  const n = values.length;
  if (n < 2) throw new RangeError(`a variance split needs at least 2 entries, got ${n}`);
  const r = values[0]!.length;
  if (r < 2) throw new RangeError(`a variance split needs at least 2 repeats, got ${r}`);
  const means = new Float64Array(n);
  let within = 0;
  values.forEach((row, i) => {
    if (row.length !== r) throw new RangeError(`entry ${i} has ${row.length} repeats, entry 0 has ${r}`);
    let s = 0;
    for (const x of row) {
      if (!Number.isFinite(x)) throw new RangeError(`entry ${i}: ${x} is not a finite number`);
      s += x;
    }
    const m = s / r;
    means[i] = m;
    within += row.reduce((a, x) => a + (x - m) ** 2, 0) / (r - 1);
  });
  within /= n;
  const mean = means.reduce((a, x) => a + x, 0) / n;
  const between = means.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return {
    entries: n,
    repeats: r,
    mean,
    between,
    within,
    withinShare: between + within > 0 ? within / (between + within) : null,
    repeatStandardError: Math.sqrt(within / n),
  };
}
