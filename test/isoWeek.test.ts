import { describe, expect, it } from 'vitest';
import {
  calendarMonth,
  calendarQuarter,
  isoDay,
  isoWeek,
  isoWeekOf,
  isoWeeksInYear,
  lastCompleteWeek,
  previousWeek,
  weeksEnding,
} from '../src/analysis/isoWeek';

// Expected dates from Python 3.11: datetime.date.fromisocalendar(y, w, 1) and date.isocalendar().
describe('isoWeek', () => {
  it.each([
    ['2026-W46', '2026-11-09', '2026-11-16'],
    ['2020-W53', '2020-12-28', '2021-01-04'],
    ['2026-W01', '2025-12-29', '2026-01-05'],
    ['2027-W01', '2027-01-04', '2027-01-11'],
    ['2026-W53', '2026-12-28', '2027-01-04'],
  ])('maps %s to the UTC Monday-to-Monday period Python computes', (week, from, to) => {
    const p = isoWeek(week);
    expect(p.from.toISOString().slice(0, 10)).toBe(from);
    expect(p.to.toISOString().slice(0, 10)).toBe(to);
    expect(p.label).toBe(week);
  });

  it('refuses malformed text and weeks the year does not have', () => {
    expect(() => isoWeek('2026-46')).toThrow(/YYYY-Www/);
    expect(() => isoWeek('2027-W53')).toThrow(/2027 has 52 ISO weeks/);
    expect(() => isoWeek('2026-W00')).toThrow(RangeError);
  });

  it.each([
    [2015, 53],
    [2020, 53],
    [2026, 53],
    [2027, 52],
    [2032, 53],
    [2004, 53],
    [2100, 52],
  ])('counts %i ISO weeks in %i as Python does (isocalendar of Dec 28)', (year, weeks) => {
    expect(isoWeeksInYear(year)).toBe(weeks);
  });
});

describe('isoWeekOf', () => {
  it.each([
    ['2027-01-01T12:00:00Z', '2026-W53'],
    ['2026-11-16T00:00:00Z', '2026-W47'],
    ['2026-11-15T23:59:59Z', '2026-W46'],
    ['2021-01-03T10:00:00Z', '2020-W53'],
    ['2024-12-30T00:00:00Z', '2025-W01'],
  ])('puts %s in %s (Python isocalendar)', (instant, label) => {
    expect(isoWeekOf(new Date(instant)).label).toBe(label);
  });

  it('refuses an invalid date', () => {
    expect(() => isoWeekOf(new Date('nope'))).toThrow(RangeError);
  });
});

describe('lastCompleteWeek', () => {
  it('counts a week complete only when the source has data from its last hour on', () => {
    expect(lastCompleteWeek(new Date('2026-11-16T00:06:00Z')).label).toBe('2026-W46');
    expect(lastCompleteWeek(new Date('2026-11-15T23:00:00Z')).label).toBe('2026-W46');
    expect(lastCompleteWeek(new Date('2026-11-15T22:59:59Z')).label).toBe('2026-W45');
    expect(lastCompleteWeek(new Date('2026-11-15T22:00:00Z'), 0).label).toBe('2026-W45');
  });

  it('steps back across a year boundary', () => {
    expect(previousWeek(isoWeek('2027-W01')).label).toBe('2026-W53');
  });
});

describe('isoDay', () => {
  it('maps a date to its UTC day and refuses impossible dates', () => {
    expect(isoDay('2026-11-11').to.toISOString()).toBe('2026-11-12T00:00:00.000Z');
    expect(() => isoDay('2026-02-30')).toThrow(/not a date/);
  });
});

describe('calendarMonth', () => {
  it('maps a month to its UTC days, across a year end and a leap February', () => {
    // By hand (calendar): December ends at the next year's 1 January; February 2028 has 29 days.
    expect(calendarMonth('2026-12')).toEqual({
      label: '2026-12',
      from: new Date('2026-12-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
    });
    expect((calendarMonth('2028-02').to.getTime() - calendarMonth('2028-02').from.getTime()) / 86_400_000).toBe(29);
  });

  it('refuses a month that is not YYYY-MM', () => {
    for (const bad of ['2026-13', '2026-00', '2026-1', 'Nov 2026'])
      expect(() => calendarMonth(bad), bad).toThrow(`month "${bad}" is not written YYYY-MM`);
  });
});

describe('calendarQuarter', () => {
  it('spans three months, holds the instant it is given, and refuses a fifth quarter', () => {
    expect(calendarQuarter('2026-Q4')).toEqual({
      label: '2026-Q4',
      from: new Date('2026-10-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
    });
    expect(calendarQuarter(new Date('2026-03-31T23:59:59Z')).label).toBe('2026-Q1');
    expect(() => calendarQuarter('2026-Q5')).toThrow(/not written YYYY-Q1/);
  });
});

describe('weeksEnding', () => {
  it('spans whole ISO weeks ending with the last, across a year boundary', () => {
    const w = weeksEnding(isoWeek('2026-W02'), 3);
    expect(w.label).toBe('2025-W52..2026-W02');
    expect(w.from.toISOString()).toBe('2025-12-22T00:00:00.000Z'); // Monday of 2025-W52 (ISO 8601)
    expect(w.to.toISOString()).toBe(isoWeek('2026-W02').to.toISOString());
    expect(weeksEnding(isoWeek('2026-W46'), 1).label).toBe('2026-W46');
    expect(weeksEnding(isoWeek('2026-W46'), 12).label).toBe('2026-W35..2026-W46');
    expect(() => weeksEnding(isoWeek('2026-W46'), 0)).toThrow(/whole number >= 1/);
  });
});
