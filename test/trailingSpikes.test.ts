import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { trailingSpikes, type DailyValue } from '../src/analysis/trailingSpikes';

const python = process.env.MANGALAB_REFERENCE_PYTHON ?? '/usr/bin/python3';

/** pandas: s.asfreq('D').rolling(window, min_periods=window).mean().shift(1) (test/reference/cost_reference.py spikes). */
function pandasTrailing(days: DailyValue[], window: number): Record<string, number | null> {
  const series = Object.fromEntries(days.map((d) => [d.day, d.value]));
  return JSON.parse(
    execFileSync(python, ['test/reference/cost_reference.py', 'spikes', JSON.stringify(series), String(window)], { encoding: 'utf8' }),
  ) as Record<string, number | null>;
}

const day = (i: number) => new Date(Date.UTC(2026, 9, 20 + i)).toISOString().slice(0, 10);

describe('trailingSpikes', () => {
  it('matches the pandas trailing mean (day excluded) on a month of daily cost', () => {
    // Deterministic, irregular costs around $80 a day with a planted 1.5x day.
    const days = Array.from({ length: 30 }, (_, i) => ({ day: day(i), value: 80 + 7 * Math.sin(i * 1.7) + (i === 21 ? 40 : 0) }));
    const expected = pandasTrailing(days, 7);
    const got = trailingSpikes(days, { window: 7, ratio: 1.2 });
    expect(got.map((d) => d.day)).toEqual(Object.keys(expected));
    for (const d of got) {
      if (expected[d.day] === null) expect(d.trailingMean, d.day).toBeNull();
      else expect(d.trailingMean, d.day).toBeCloseTo(expected[d.day]!, 10);
    }
    expect(got.filter((d) => d.spike).map((d) => d.day)).toEqual([day(21)]);
  });

  it('leaves a missing day out of the window instead of counting it as zero, as pandas does', () => {
    // Day 10 is absent: pandas asfreq('D') makes it NaN and rolling(7, min_periods=7) gives NaN for the 7 days after it.
    const days = Array.from({ length: 20 }, (_, i) => ({ day: day(i), value: 50 + i })).filter((_, i) => i !== 10);
    const expected = pandasTrailing(days, 7);
    const got = trailingSpikes(days, { window: 7 });
    for (const d of got) {
      if (expected[d.day] === null) expect(d.trailingMean, d.day).toBeNull();
      else expect(d.trailingMean, d.day).toBeCloseTo(expected[d.day]!, 10);
    }
    expect(got.find((d) => d.day === day(11))!.reason).toBe(`only 6 of the 7 days before ${day(11)} have a value (7 needed)`);
    expect(got.find((d) => d.day === day(18))!.trailingMean).toBeCloseTo((61 + 62 + 63 + 64 + 65 + 66 + 67) / 7, 12);
  });

  it('with minDays below the window, averages the days present (a gap shrinks the divisor, it is not a zero)', () => {
    const got = trailingSpikes(
      [
        { day: day(0), value: 10 },
        { day: day(2), value: 20 },
        { day: day(3), value: 45 },
      ],
      { window: 3, minDays: 2 },
    );
    // By hand: the window of day 3 holds days 0 and 2 (day 1 missing): (10 + 20) / 2 = 15, ratio 3.
    expect(got[2]).toEqual({ day: day(3), value: 45, trailingMean: 15, ratio: 3, spike: true, daysInWindow: 2 });
  });

  it('says why a ratio could not be computed: a null value, a zero mean, too few days', () => {
    const got = trailingSpikes(
      [
        { day: day(0), value: 0 },
        { day: day(1), value: 5 },
        { day: day(2), value: null },
      ],
      { window: 1 },
    );
    expect(got[0]).toMatchObject({
      trailingMean: null,
      ratio: null,
      spike: false,
      reason: `only 0 of the 1 days before ${day(0)} have a value (1 needed)`,
    });
    expect(got[1]).toMatchObject({
      trailingMean: 0,
      ratio: null,
      spike: false,
      reason: `the 1-day trailing mean before ${day(1)} is zero`,
    });
    expect(got[2]).toMatchObject({ trailingMean: 5, ratio: null, spike: false, reason: `${day(2)} has no value` });
  });

  it('flags only ratios strictly above the threshold', () => {
    const got = trailingSpikes(
      [
        { day: day(0), value: 10 },
        { day: day(1), value: 12 },
        { day: day(2), value: 12.0001 * 1.2 },
      ],
      { window: 1, ratio: 1.2 },
    );
    expect(got[1]!.ratio).toBeCloseTo(1.2, 12);
    expect(got[1]!.spike).toBe(false);
    expect(got[2]!.spike).toBe(true);
  });

  it('returns nothing for no days and sorts days given out of order', () => {
    expect(trailingSpikes([])).toEqual([]);
    expect(
      trailingSpikes(
        [
          { day: day(1), value: 2 },
          { day: day(0), value: 1 },
        ],
        { window: 1 },
      ).map((d) => d.trailingMean),
    ).toEqual([null, 1]);
  });

  it('throws on a malformed or repeated day and on bad options', () => {
    expect(() => trailingSpikes([{ day: '2026-13-01', value: 1 }])).toThrow(RangeError);
    expect(() =>
      trailingSpikes([
        { day: day(0), value: 1 },
        { day: day(0), value: 2 },
      ]),
    ).toThrow(`day ${day(0)} appears twice`);
    expect(() => trailingSpikes([], { window: 0 })).toThrow('window must be a whole number of days from 1, got 0');
    expect(() => trailingSpikes([], { window: 3, minDays: 4 })).toThrow('minDays must be from 1 to 3, got 4');
    expect(() => trailingSpikes([], { ratio: 0 })).toThrow('ratio must be a positive number, got 0');
  });
});
