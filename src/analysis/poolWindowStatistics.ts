import type { WindowStatistic } from './thresholdTest';

/**
 * Pools consecutive windows into one: counts add, means and deviations combine exactly; a pooled percentile keeps
 * only its counts (its value is unknown without the data), which is all its test needs. The long window of a
 * multi-window alert is pooled so.
 * Reference: https://en.wikipedia.org/wiki/Pooled_variance
 * @example
 * poolWindowStatistics([{ type: 'proportion', successes: 1, trials: 10 }, { type: 'proportion', successes: 3, trials: 30 }]) // => { type: 'proportion', successes: 4, trials: 40 }
 */
export function poolWindowStatistics(stats: readonly WindowStatistic[]): WindowStatistic | null {
  const first = stats[0];
  if (!first) return null;
  if (first.type === 'proportion') {
    const ps = stats as Extract<WindowStatistic, { type: 'proportion' }>[];
    return { type: 'proportion', successes: sum(ps.map((s) => s.successes)), trials: sum(ps.map((s) => s.trials)) };
  }
  if (first.type === 'quantile') {
    const qs = stats as Extract<WindowStatistic, { type: 'quantile' }>[];
    return {
      type: 'quantile',
      q: first.q,
      n: sum(qs.map((s) => s.n)),
      value: qs.length === 1 ? first.value : null,
      above: sum(qs.map((s) => s.above)),
      below: sum(qs.map((s) => s.below)),
    };
  }
  const ms = (stats as Extract<WindowStatistic, { type: 'mean' }>[]).filter((s) => s.n > 0 && s.mean !== null);
  const n = sum(ms.map((s) => s.n));
  if (n === 0) return { type: 'mean', n: 0, mean: null, sd: null };
  const mean = sum(ms.map((s) => s.n * s.mean!)) / n;
  const ss = sum(ms.map((s) => (s.n - 1) * (s.sd ?? 0) ** 2 + s.n * (s.mean! - mean) ** 2));
  return { type: 'mean', n, mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : null };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
