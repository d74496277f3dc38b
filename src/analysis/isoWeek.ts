/** A half-open UTC period [from, to) with the label reports file it under. */
export interface Period {
  label: string;
  from: Date;
  to: Date;
}

const DAY_MS = 86_400_000;

/**
 * The ISO 8601 week `YYYY-Www` as a UTC period from its Monday 00:00 to the next Monday 00:00.
 * Week 1 is the week holding the year's first Thursday; a year has 52 or 53 weeks.
 * Reference: https://en.wikipedia.org/wiki/ISO_week_date
 *
 * @throws RangeError when the text is not YYYY-Www or the year has no such week.
 * @example
 * isoWeek('2026-W46').from.toISOString() // => '2026-11-09T00:00:00.000Z'
 * isoWeek('2020-W53').to.toISOString()   // => '2021-01-04T00:00:00.000Z'
 */
export function isoWeek(text: string): Period {
  const m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!m) throw new RangeError(`week "${text}" is not written YYYY-Www (for example 2026-W46)`);
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > isoWeeksInYear(year)) {
    throw new RangeError(`week "${text}" does not exist: ${year} has ${isoWeeksInYear(year)} ISO weeks`);
  }
  const from = new Date(week1Monday(year) + (week - 1) * 7 * DAY_MS);
  return { label: text, from, to: new Date(from.getTime() + 7 * DAY_MS) };
}

/** The Monday (UTC ms) of ISO week 1 of `year`. */
function week1Monday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  return jan4 - dow * DAY_MS;
}

/** 53 when the year starts on a Thursday, or is a leap year starting on a Wednesday; otherwise 52. */
export function isoWeeksInYear(year: number): number {
  return (week1Monday(year + 1) - week1Monday(year)) / (7 * DAY_MS);
}

/**
 * The ISO week that holds an instant.
 * @example
 * isoWeekOf(new Date('2027-01-01T12:00:00Z')).label // => '2026-W53'
 */
export function isoWeekOf(instant: Date): Period {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('isoWeekOf needs a valid date');
  let year = instant.getUTCFullYear() + 1;
  while (week1Monday(year) > t) year -= 1;
  const week = Math.floor((t - week1Monday(year)) / (7 * DAY_MS)) + 1;
  return isoWeek(`${year}-W${String(week).padStart(2, '0')}`);
}

/** The period just before one of the same length, labelled as an ISO week when it is one. */
export function previousWeek(period: Period): Period {
  return isoWeekOf(new Date(period.from.getTime() - DAY_MS));
}

/**
 * The span of `weeks` whole ISO weeks ending with `last` (its label `first..last`, or last's own for one week): the
 * window of a measurement read over several weeks.
 * @throws RangeError for weeks below 1 or not whole.
 * @example
 * weeksEnding(isoWeek('2026-W46'), 12).label // => '2026-W35..2026-W46'
 */
export function weeksEnding(last: Period, weeks: number): Period {
  if (!Number.isInteger(weeks) || weeks < 1) throw new RangeError(`weeks must be a whole number >= 1, got ${weeks}`);
  let first = last;
  for (let i = 1; i < weeks; i++) first = previousWeek(first);
  return { label: weeks === 1 ? last.label : `${first.label}..${last.label}`, from: first.from, to: last.to };
}

/**
 * The latest complete ISO week given the newest timestamp in a source: a week is complete when the source holds
 * data from its last hour on (`graceMs`, default one hour), so an extract that ends on Sunday evening counts its
 * week, and a week still being written earlier in the week is never reported as if whole.
 * @example
 * lastCompleteWeek(new Date('2026-11-16T00:06:00Z')).label // => '2026-W46'
 * lastCompleteWeek(new Date('2026-11-15T23:20:00Z')).label // => '2026-W46'
 * lastCompleteWeek(new Date('2026-11-15T21:00:00Z')).label // => '2026-W45'
 */
export function lastCompleteWeek(newest: Date, graceMs = 3_600_000): Period {
  return previousWeek(isoWeekOf(new Date(newest.getTime() + graceMs)));
}

/**
 * A UTC calendar day `YYYY-MM-DD` as a period.
 * @throws RangeError when the text is not a real date.
 * @example
 * isoDay('2026-11-11').to.toISOString() // => '2026-11-12T00:00:00.000Z'
 */
export function isoDay(text: string): Period {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const from = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!from || from.toISOString().slice(0, 10) !== text) throw new RangeError(`day "${text}" is not a date written YYYY-MM-DD`);
  return { label: text, from, to: new Date(from.getTime() + DAY_MS) };
}

/**
 * A UTC calendar month `YYYY-MM` as a period from its first day 00:00 to the next month's.
 * @throws RangeError when the text is not YYYY-MM with a month from 01 to 12.
 * @example
 * calendarMonth('2026-11').to.toISOString() // => '2026-12-01T00:00:00.000Z'
 */
export function calendarMonth(text: string): Period {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (!m) throw new RangeError(`month "${text}" is not written YYYY-MM`);
  const year = Number(m[1]);
  const month = Number(m[2]) - 1;
  return { label: text, from: new Date(Date.UTC(year, month, 1)), to: new Date(Date.UTC(year, month + 1, 1)) };
}

/**
 * A UTC calendar quarter `YYYY-Qn` as a period from its first day 00:00 to the next quarter's; with a Date, the
 * quarter holding that instant.
 * @throws RangeError when the text is not YYYY-Q1 to YYYY-Q4.
 * @example
 * calendarQuarter('2026-Q4').from.toISOString() // => '2026-10-01T00:00:00.000Z'
 */
export function calendarQuarter(spec: string | Date): Period {
  let year: number;
  let q: number;
  if (spec instanceof Date) {
    year = spec.getUTCFullYear();
    q = Math.floor(spec.getUTCMonth() / 3) + 1;
  } else {
    const m = /^(\d{4})-Q([1-4])$/.exec(spec);
    if (!m) throw new RangeError(`quarter "${spec}" is not written YYYY-Q1 to YYYY-Q4`);
    year = Number(m[1]);
    q = Number(m[2]);
  }
  return { label: `${year}-Q${q}`, from: new Date(Date.UTC(year, 3 * (q - 1), 1)), to: new Date(Date.UTC(year, 3 * q, 1)) };
}
