/** The change of a metric against its baseline, or why it cannot be stated. */
export type Change = { computable: true; absolute: number; relative: number | null } | { computable: false; reason: string };

/**
 * Absolute and relative change of `value` against `baseline`. Relative change is undefined (null) when the
 * baseline is zero; a missing value or baseline makes the change not computable, with the reason.
 *
 * @throws never: degenerate input is reported in the result.
 * @example
 * relativeChange(110, 100) // => { computable: true, absolute: 10, relative: 0.1 }
 * relativeChange(5, 0)     // => { computable: true, absolute: 5, relative: null }
 * relativeChange(null, 3)  // => { computable: false, reason: 'no value for this period' }
 */
export function relativeChange(value: number | null | undefined, baseline: number | null | undefined): Change {
  if (value === null || value === undefined || !Number.isFinite(value)) return { computable: false, reason: 'no value for this period' };
  if (baseline === null || baseline === undefined || !Number.isFinite(baseline))
    return { computable: false, reason: 'no value for the baseline period' };
  const absolute = value - baseline;
  return { computable: true, absolute, relative: baseline === 0 ? null : absolute / Math.abs(baseline) };
}
