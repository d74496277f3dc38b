import { describe, expect, it } from 'vitest';
import { evaluateAlertRule, perWindowAlpha, type AlertRule, type WindowValue } from '../src/analysis/evaluateAlertRule';
import { binomialUpperTail } from '../src/analysis/binomialUpperTail';

/** An hour of a rate: k of n. */
const hour = (h: number, k: number, n = 1000): WindowValue => ({
  start: new Date(h * 3_600_000),
  end: new Date((h + 1) * 3_600_000),
  stat: { type: 'proportion', successes: k, trials: n },
});
const rule = (over: Partial<AlertRule>): AlertRule => ({
  id: 'r',
  metric: 'm',
  kind: 'above',
  threshold: 0.05,
  windowMinutes: 60,
  tier: 'hard',
  alpha: 0.001,
  ...over,
});

describe('evaluateAlertRule', () => {
  it('fires only on a window past the line beyond noise, and keeps that window with its test', () => {
    // 55 of 1000 is past 5% but p = Pr(X >= 55 | 1000, 0.05) is 0.25: noise. 90 of 1000 is not.
    const r = evaluateAlertRule(rule({}), [hour(0, 20), hour(1, 55), hour(2, 90), hour(3, 15, 20)], null);
    expect(r.fired).toBe(true);
    expect(r.severity).toBe('critical');
    expect([r.windowsJudged, r.windowsPast, r.windowsSignificant, r.windowsFired, r.windowsSkipped]).toEqual([3, 2, 1, 1, 1]);
    expect(r.worst!.test.estimate).toBe(0.09);
    // Expected value: the exact binomial tail, as SciPy's binom.sf(89, 1000, 0.05) (binomialUpperTail is checked against it).
    expect(r.worst!.test.pValue).toBeCloseTo(binomialUpperTail(90, 1000, 0.05), 15);
    expect(r.worst!.guard).toMatch(/^passed: one-sided p 9\.7e-8 < 0\.001$/);
    const noise = evaluateAlertRule(rule({}), [hour(0, 55)], null);
    expect([noise.fired, noise.windowsPast]).toEqual([false, 1]);
    expect(noise.worst!.guard).toMatch(/past the line but not significant \(one-sided p 0\.2\d\d >= 0\.001\)/);
  });

  it('asks the long window to confirm: a single bad hour among quiet ones does not fire', () => {
    const confirmRule = rule({ confirmMinutes: 180 });
    const single = evaluateAlertRule(confirmRule, [hour(0, 20), hour(1, 20), hour(2, 90)], null);
    expect([single.fired, single.windowsSignificant, single.windowsFired]).toEqual([false, 1, 0]);
    expect(single.worst!.confirm).toMatchObject({ samples: 3000, estimate: 130 / 3000 });
    expect(single.worst!.guard).toMatch(/significant, but the 3h window does not confirm it/);
    const sustained = evaluateAlertRule(confirmRule, [hour(0, 90), hour(1, 95), hour(2, 90)], null, { judgeFrom: new Date(2 * 3_600_000) });
    expect([sustained.fired, sustained.windowsJudged]).toEqual([true, 1]); // hours 0 and 1 only fill the long window
    expect(sustained.worst!.guard).toMatch(/confirmed by the 3h window/);
  });

  it('pools exactly the windows inside the long one, in whatever order the windows come', () => {
    // A day of hours, the 12th bad; shuffled, the long window of each hour is still its own and the two hours before.
    const hours = Array.from({ length: 24 }, (_, h) => hour(h, h === 12 ? 90 : 40 + h));
    const shuffled = [...hours].reverse();
    shuffled.push(shuffled.splice(5, 1)[0]!);
    const confirmRule = rule({ confirmMinutes: 180, threshold: 0.06 });
    const sorted = evaluateAlertRule(confirmRule, hours, null);
    const mixed = evaluateAlertRule(confirmRule, shuffled, null);
    expect(mixed).toEqual(sorted);
    // Hour 12's long window: hours 10, 11 and 12, (50 + 51 + 90) of 3000.
    expect(sorted.worst!.start).toEqual(new Date(12 * 3_600_000));
    expect(sorted.worst!.confirm).toMatchObject({ samples: 3000, estimate: 191 / 3000 });
  });

  it('judges below, increase over a baseline, relative change either way, means and percentiles', () => {
    const below = evaluateAlertRule(rule({ kind: 'below', threshold: 0.9, tier: 'critical' }), [hour(0, 850)], null);
    expect([below.fired, below.lines]).toEqual([true, { below: 0.9 }]);
    const inc = evaluateAlertRule(rule({ kind: 'increase', threshold: 0.03, tier: 'warning' }), [hour(0, 200)], 0.1);
    expect([inc.fired, inc.severity, inc.lines.above]).toEqual([true, 'warning', 0.13]);
    const mean = (m: number): WindowValue => ({
      start: new Date(0),
      end: new Date(3_600_000),
      stat: { type: 'mean', n: 400, mean: m, sd: 40 },
    });
    const rel = rule({ kind: 'relative_change', threshold: 0.3, tier: 'warning' });
    expect(evaluateAlertRule(rel, [mean(60)], 100).fired).toBe(true); // 60 is 10 se under the 70 line
    expect(evaluateAlertRule(rel, [mean(128)], 100).fired).toBe(false); // 128 is under 130
    expect(evaluateAlertRule(rel, [mean(140)], 100).fired).toBe(true);
    const p99 = (above: number): WindowValue => ({
      start: new Date(0),
      end: new Date(900_000),
      stat: { type: 'quantile', q: 0.99, n: 400, value: 6000, above, below: 0 },
    });
    const lat = rule({ threshold: 5000, windowMinutes: 15, tier: 'critical' });
    // 6 of 400 turns past 5 s: a sample P99 over 5 s, but 1.5% is not beyond noise for 1% allowed.
    expect(evaluateAlertRule(lat, [p99(6)], null).fired).toBe(false);
    expect(evaluateAlertRule(lat, [p99(20)], null).worst!.test.share).toEqual({ value: 0.05, allowed: 0.010000000000000009 });
    expect(evaluateAlertRule(lat, [p99(20)], null).fired).toBe(true);
  });

  it('sets the level from false alarms a year, and says why a rule could not be judged instead of passing it', () => {
    expect(perWindowAlpha(1, 15)).toBeCloseTo(1 / (365 * 96), 15);
    expect(evaluateAlertRule({ ...rule({}), alpha: undefined }, [hour(0, 20)], null).alpha).toBeCloseTo(1 / 8760, 15);
    expect(evaluateAlertRule(rule({ kind: 'increase' }), [hour(0, 100)], null).notJudged).toBe('no baseline value to compare with');
    expect(evaluateAlertRule(rule({ kind: 'relative_change' }), [hour(0, 100)], 0).notJudged).toMatch(/baseline is 0/);
    expect(evaluateAlertRule(rule({}), [hour(0, 3, 5)], null).notJudged).toBe('every window had fewer than 100 samples');
    expect(evaluateAlertRule(rule({}), [], null).notJudged).toBe('no windows in the period');
    expect(() => evaluateAlertRule(rule({ windowMinutes: 0 }), [], null)).toThrow(/positive whole number of minutes/);
    expect(() => evaluateAlertRule(rule({ confirmMinutes: 90 }), [], null)).toThrow(/must be a multiple of the window/);
  });
});
