import type { SequentialLook } from '../../analysis/msprt';
import type { ExperimentsDailyCountsRow } from '../../pipeline/rows/experiments';

/**
 * Cumulative sessions per arm (in `names` order) at the end of each day of `days` (epoch ms, ascending): the looks of
 * the sequential sample-ratio check, valid however often the readout is opened.
 */
export function sessionsByLook(daily: readonly ExperimentsDailyCountsRow[], days: readonly number[], names: readonly string[]): number[][] {
  const cumulative = names.map(() => 0);
  return days.map((day) => {
    for (const d of daily.filter((x) => x.day!.getTime() === day)) {
      const arm = names.indexOf(d.variant ?? '');
      if (arm >= 0) cumulative[arm]! += d.sessions ?? 0;
    }
    return [...cumulative];
  });
}

/** Cumulative successes and trials of a rate metric for control and one treatment, day by day: the mSPRT's looks. */
export function rateLooks(
  daily: readonly ExperimentsDailyCountsRow[],
  days: readonly number[],
  control: string,
  treatment: string,
  key: 'thumbs_up_rate' | 'conversion_rate',
): SequentialLook[] {
  const cum: Record<string, { successes: number; trials: number }> = {
    [control]: { successes: 0, trials: 0 },
    [treatment]: { successes: 0, trials: 0 },
  };
  return days.map((day) => {
    for (const d of daily.filter((x) => x.day!.getTime() === day && (x.variant === control || x.variant === treatment))) {
      cum[d.variant!]!.successes += (key === 'thumbs_up_rate' ? d.thumbsUp : d.conversions) ?? 0;
      cum[d.variant!]!.trials += (key === 'thumbs_up_rate' ? d.rated : d.sessions) ?? 0;
    }
    return { control: { ...cum[control]! }, treatment: { ...cum[treatment]! } };
  });
}
