import { isoDay } from './isoWeek';

/** One day's value; null when it could not be computed (its reason is the caller's to report). */
export interface DailyValue {
  /** UTC calendar day, YYYY-MM-DD. */
  day: string;
  value: number | null;
}

export interface TrailingSpikeOptions {
  /** Calendar days before each day that form its baseline (the day itself is never in it). Default 7. */
  window?: number;
  /** A day is a spike when value / trailing mean is above this. Default 1.2 (US-6.2: 120%). */
  ratio?: number;
  /** Fewest days with a value the window needs before a mean is stated. Default: the whole window. */
  minDays?: number;
}

export interface TrailingSpikeDay {
  day: string;
  value: number | null;
  /** Mean of the values in the window, or null with `reason`. */
  trailingMean: number | null;
  /** value / trailingMean, or null with `reason`. */
  ratio: number | null;
  spike: boolean;
  /** Days of the window that had a value. */
  daysInWindow: number;
  reason?: string;
}

const DAY_MS = 86_400_000;

/**
 * Flags the days whose value exceeds `ratio` times the mean of the `window` calendar days before them (the day itself
 * excluded), the daily LLM-cost alert of US-6.2. A day missing from the input is missing from the window (never
 * read as zero); a window with fewer than `minDays` values, a null value or a zero mean give no ratio, with the
 * reason. Matches pandas `s.asfreq('D').rolling(window, min_periods=minDays).mean().shift(1)`.
 * Reference: https://pandas.pydata.org/docs/reference/api/pandas.core.window.rolling.Rolling.mean.html
 *
 * @throws RangeError for a day that is not YYYY-MM-DD, a repeated day, a window under 1, minDays outside 1..window,
 * or a ratio that is not positive.
 * @example
 * const days = ['01', '02', '03', '04'].map((d, i) => ({ day: `2026-11-${d}`, value: [10, 10, 10, 13][i]! }));
 * trailingSpikes(days, { window: 3 })[3] // => { day: '2026-11-04', value: 13, trailingMean: 10, ratio: 1.3, spike: true, daysInWindow: 3 }
 */
export function trailingSpikes(days: DailyValue[], options: TrailingSpikeOptions = {}): TrailingSpikeDay[] {
  const window = options.window ?? 7;
  const threshold = options.ratio ?? 1.2;
  const minDays = options.minDays ?? window;
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be a whole number of days from 1, got ${window}`);
  if (!Number.isInteger(minDays) || minDays < 1 || minDays > window)
    throw new RangeError(`minDays must be from 1 to ${window}, got ${minDays}`);
  if (!(threshold > 0) || !Number.isFinite(threshold)) throw new RangeError(`ratio must be a positive number, got ${threshold}`);
  const byTime = new Map<number, number | null>();
  for (const d of days) {
    const t = isoDay(d.day).from.getTime();
    if (byTime.has(t)) throw new RangeError(`day ${d.day} appears twice`);
    byTime.set(t, d.value === null || !Number.isFinite(d.value) ? null : d.value);
  }
  return [...byTime.keys()]
    .sort((a, b) => a - b)
    .map((t) => {
      const day = new Date(t).toISOString().slice(0, 10);
      const value = byTime.get(t)!;
      let sum = 0;
      let n = 0;
      for (let k = 1; k <= window; k += 1) {
        const v = byTime.get(t - k * DAY_MS);
        if (v !== undefined && v !== null) {
          sum += v;
          n += 1;
        }
      }
      const base = { day, value, daysInWindow: n, spike: false };
      if (n < minDays) {
        return {
          ...base,
          trailingMean: null,
          ratio: null,
          reason: `only ${n} of the ${window} days before ${day} have a value (${minDays} needed)`,
        };
      }
      const trailingMean = sum / n;
      if (value === null) return { ...base, trailingMean, ratio: null, reason: `${day} has no value` };
      if (trailingMean === 0)
        return { ...base, trailingMean, ratio: null, reason: `the ${window}-day trailing mean before ${day} is zero` };
      const ratio = value / trailingMean;
      return { ...base, trailingMean, ratio, spike: ratio > threshold };
    });
}
