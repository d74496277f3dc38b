import { describe, expect, it } from 'vitest';
import { evaluateAlertRule, type AlertRule, type WindowValue } from '../src/analysis/evaluateAlertRule';

const hour = (h: number, value: number | null, samples = 500): WindowValue => ({
  start: new Date(h * 3_600_000),
  end: new Date((h + 1) * 3_600_000),
  value,
  samples,
});
const rule = (over: Partial<AlertRule>): AlertRule => ({
  id: 'r',
  metric: 'm',
  kind: 'above',
  threshold: 0.05,
  windowMinutes: 60,
  tier: 'hard',
  ...over,
});

describe('evaluateAlertRule', () => {
  it('fires when any judged window is past a level, and keeps the worst window', () => {
    const r = evaluateAlertRule(rule({}), [hour(0, 0.02), hour(1, 0.07), hour(2, 0.06), hour(3, 0.2, 20)], null);
    expect(r.fired).toBe(true);
    expect(r.severity).toBe('critical');
    expect([r.windowsJudged, r.windowsBreached, r.windowsSkipped]).toEqual([3, 2, 1]);
    expect(r.worst!.value).toBe(0.07); // the 0.2 window had 20 samples, under the minimum of 100
  });

  it('judges below, increase over a baseline and relative change either way', () => {
    expect(
      evaluateAlertRule(rule({ kind: 'below', threshold: 0.9, tier: 'critical' }), [hour(0, 0.91), hour(1, 0.89)], null).worst!.value,
    ).toBe(0.89);
    const inc = evaluateAlertRule(rule({ kind: 'increase', threshold: 0.03, tier: 'warning' }), [hour(0, 0.12), hour(1, 0.131)], 0.1);
    expect([inc.fired, inc.windowsBreached, inc.severity]).toEqual([true, 1, 'warning']);
    const rel = evaluateAlertRule(rule({ kind: 'relative_change', threshold: 0.3, tier: 'warning' }), [hour(0, 65), hour(1, 131)], 100);
    expect([rel.fired, rel.windowsBreached, rel.worst!.value]).toEqual([true, 2, 65]);
    expect(evaluateAlertRule(rule({ kind: 'above', threshold: 0.05 }), [hour(0, 0.05)], null).fired).toBe(false);
  });

  it('says why a rule could not be judged instead of passing it', () => {
    expect(evaluateAlertRule(rule({ kind: 'increase' }), [hour(0, 0.1)], null).notJudged).toBe('no baseline value to compare with');
    expect(evaluateAlertRule(rule({ kind: 'relative_change' }), [hour(0, 0.1)], 0).notJudged).toMatch(/baseline is 0/);
    expect(evaluateAlertRule(rule({}), [hour(0, 0.3, 5)], null).notJudged).toBe('every window had fewer than 100 samples');
    expect(evaluateAlertRule(rule({}), [], null).notJudged).toBe('no windows in the period');
    expect(() => evaluateAlertRule(rule({ windowMinutes: 0 }), [], null)).toThrow(/positive whole number of minutes/);
  });
});
