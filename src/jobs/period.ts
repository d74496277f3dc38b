// Resolving a report's period against what the source holds: shared by the weekly, cost and drift jobs.
import { calendarMonth, isoDay, isoWeek, lastCompleteWeek, type Period } from '../analysis/isoWeek';
import { InputError } from '../pipeline/errors';
import { readOverviewTimeRange, type OverviewTimeRangeRow } from '../pipeline/rows/overview';
import type { Source } from '../pipeline/source';

/** What the requests table spans: its first and last turn and how many there are. */
export type SourceSpan = OverviewTimeRangeRow;

/** The span of the requests table (queries/overview/time_range.sql), read once for a job. */
export async function sourceSpan(source: Source): Promise<SourceSpan | undefined> {
  return (await readOverviewTimeRange(source))[0];
}

/**
 * Resolves the report's week and refuses an empty one.
 * @throws InputError for a malformed week, an empty requests table, or a week with no requests.
 */
export async function resolveWeek(source: Source, week?: string): Promise<Period> {
  return resolvePeriod(source, { week });
}

/**
 * Resolves a report period, `--day YYYY-MM-DD`, `--week YYYY-Www` or `--month YYYY-MM` (default: the latest complete
 * ISO week in the source), and refuses one the source holds no requests for.
 * @throws InputError for a malformed day, week or month, more than one given, an empty requests table, or a period with no requests.
 */
export async function resolvePeriod(
  source: Source,
  spec: { week?: string; day?: string; month?: string },
  known?: SourceSpan,
): Promise<Period> {
  const given = (['day', 'week', 'month'] as const).filter((k) => spec[k]);
  if (given.length > 1)
    throw new InputError(given.map((k) => `--${k}`).join('/'), `give one of --day, --week and --month, not ${given.length}`);
  const span = known ?? (await sourceSpan(source));
  if (!span || !span.requests || !span.firstTs || !span.lastTs) {
    throw new InputError(source.description, 'the requests table is empty: nothing to report on');
  }
  const covers = `${span.firstTs.toISOString().slice(0, 10)} to ${span.lastTs.toISOString().slice(0, 10)}`;
  let period: Period;
  const [flag, text] = spec.day ? ['--day', spec.day] : spec.month ? ['--month', spec.month] : ['--week', spec.week];
  try {
    period = spec.day
      ? isoDay(spec.day)
      : spec.month
        ? calendarMonth(spec.month)
        : spec.week
          ? isoWeek(spec.week)
          : lastCompleteWeek(span.lastTs);
  } catch (e) {
    throw new InputError(flag, (e as Error).message);
  }
  if (period.to.getTime() <= span.firstTs.getTime() || period.from.getTime() > span.lastTs.getTime()) {
    throw new InputError(
      text ? `${flag} ${text}` : 'default week',
      `no requests between ${period.from.toISOString().slice(0, 10)} and ${period.to.toISOString().slice(0, 10)} in ${source.description} (it covers ${covers})`,
    );
  }
  return period;
}
