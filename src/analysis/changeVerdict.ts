/** Which way a metric should move: up (thumbs-up rate), down (latency, cost) or neither (volume). */
export type Better = 'higher' | 'lower' | 'neither';

/** good or bad for the metric, flat within the tolerance, unknown when either value is missing. */
export type ChangeVerdict = 'good' | 'bad' | 'flat' | 'unknown';

/**
 * Whether a week-over-week change is good or bad news for a metric: a relative change within `tolerance` (default
 * 2%) is flat, so a KPI tile is coloured only when the change is large enough to talk about; a metric that is
 * better neither way (requests) is flat or unknown, never coloured.
 *
 * Reference: the KPI tiles of the weekly deck (docs/scheduling.md#the-weekly-deck).
 * @throws RangeError for a negative tolerance.
 * @example
 * changeVerdict(0.0037, 0.0034, 'lower') // => 'bad'
 * changeVerdict(0.66, 0.64, 'higher') // => 'good'
 * changeVerdict(101, 100, 'lower') // => 'flat'
 * changeVerdict(null, 100, 'lower') // => 'unknown'
 */
export function changeVerdict(
  value: number | null | undefined,
  baseline: number | null | undefined,
  better: Better,
  tolerance = 0.02,
): ChangeVerdict {
  if (!(tolerance >= 0)) throw new RangeError(`tolerance must be at least 0, got ${tolerance}`);
  if (value === null || value === undefined || baseline === null || baseline === undefined) return 'unknown';
  if (!Number.isFinite(value) || !Number.isFinite(baseline)) return 'unknown';
  const relative = baseline === 0 ? (value === 0 ? 0 : Infinity) : (value - baseline) / Math.abs(baseline);
  if (Math.abs(relative) <= tolerance || better === 'neither') return 'flat';
  return relative > 0 === (better === 'higher') ? 'good' : 'bad';
}
