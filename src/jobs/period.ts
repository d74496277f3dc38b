// Resolving a report's period against what the source holds: shared by the weekly, cost and drift jobs.
import { calendarMonth, isoDay, isoWeek, lastCompleteWeek, type Period } from '../analysis/isoWeek';
import { tableToObjects } from '../pipeline/arrow';
import { InputError } from '../pipeline/errors';
import type { Source } from '../pipeline/source';

interface Span {
  first_ts: Date | null;
  last_ts: Date | null;
  requests: number;
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
export async function resolvePeriod(source: Source, spec: { week?: string; day?: string; month?: string }): Promise<Period> {
  const given = (['day', 'week', 'month'] as const).filter((k) => spec[k]);
  if (given.length > 1)
    throw new InputError(given.map((k) => `--${k}`).join('/'), `give one of --day, --week and --month, not ${given.length}`);
  const [span] = tableToObjects<Span>(await source.query('overview/time_range'));
  if (!span || !span.requests || !span.first_ts || !span.last_ts) {
    throw new InputError(source.description, 'the requests table is empty: nothing to report on');
  }
  const covers = `${span.first_ts.toISOString().slice(0, 10)} to ${span.last_ts.toISOString().slice(0, 10)}`;
  let period: Period;
  const [flag, text] = spec.day ? ['--day', spec.day] : spec.month ? ['--month', spec.month] : ['--week', spec.week];
  try {
    period = spec.day
      ? isoDay(spec.day)
      : spec.month
        ? calendarMonth(spec.month)
        : spec.week
          ? isoWeek(spec.week)
          : lastCompleteWeek(span.last_ts);
  } catch (e) {
    throw new InputError(flag, (e as Error).message);
  }
  if (period.to.getTime() <= span.first_ts.getTime() || period.from.getTime() > span.last_ts.getTime()) {
    throw new InputError(
      text ? `${flag} ${text}` : 'default week',
      `no requests between ${period.from.toISOString().slice(0, 10)} and ${period.to.toISOString().slice(0, 10)} in ${source.description} (it covers ${covers})`,
    );
  }
  return period;
}
