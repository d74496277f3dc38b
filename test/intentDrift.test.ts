import { describe, expect, it } from 'vitest';
import { chiSquareGoodnessOfFit } from '../src/analysis/chiSquareGoodnessOfFit';
import { intentDrift } from '../src/analysis/intentDrift';
import { jensenShannonDistance } from '../src/analysis/jensenShannonDistance';
import { pythonReference } from './helpers';

const BASELINE = {
  recommendation: 0.3,
  product_question: 0.2,
  faq_simple: 0.15,
  faq_complex: 0.06,
  order_tracking: 0.14,
  chitchat: 0.08,
  return_request: 0.04,
  escalation: 0.03,
};
const COUNTS = {
  recommendation: 23100,
  product_question: 20400,
  faq_simple: 15200,
  faq_complex: 6100,
  order_tracking: 21000,
  chitchat: 7900,
  return_request: 3900,
  escalation: 2400,
};

describe('intentDrift', () => {
  it('reports percentage-point shifts, alerts above 5pp, and SciPy chisquare and jensenshannon', () => {
    const r = intentDrift(BASELINE, COUNTS);
    const total = Object.values(COUNTS).reduce((a, b) => a + b, 0);
    expect(r.total).toBe(total);
    expect(r.intents.find((i) => i.intent === 'recommendation')!.shiftPp).toBeCloseTo((23100 / total - 0.3) * 100, 12);
    expect(r.alerts.map((a) => a.intent)).toEqual(['recommendation', 'order_tracking']);
    const names = Object.keys(BASELINE) as (keyof typeof BASELINE)[];
    // Expected values: test/reference/drift_reference.py, SciPy's stats.chisquare and spatial.distance.jensenshannon(base=2).
    const [chi, js] = pythonReference<[{ statistic: number; pValue: number }, { distance: number }]>('drift_reference.py', [
      { kind: 'chisquare', observed: names.map((n) => COUNTS[n]), expected: names.map((n) => BASELINE[n] * total) },
      { kind: 'jensenshannon', p: names.map((n) => BASELINE[n]), q: names.map((n) => COUNTS[n] / total) },
    ]);
    expect(r.chiSquare!.statistic).toBeCloseTo(chi.statistic, 8);
    expect(r.chiSquare!.df).toBe(7);
    expect(r.chiSquare!.pValue).toBe(chi.pValue); // both underflow to 0 at this size
    expect(r.jensenShannon).toBeCloseTo(js.distance, 12);
    // PSI over the eight intents, written out: sum (q - p) ln(q / p). A 7pp move in two intents is still 'stable' by PSI.
    const manual = names.reduce((s, n) => s + (COUNTS[n] / total - BASELINE[n]) * Math.log(COUNTS[n] / total / BASELINE[n]), 0);
    expect(r.psi.statistic).toBeCloseTo(manual, 14);
    expect(r.psi.band).toBe('stable');
  });

  it('leaves chi-square out, with the reason, when an intent has turns but no baseline share', () => {
    const r = intentDrift({ a: 0.5, b: 0.5 }, { a: 40, b: 50, c: 10 });
    expect(r.chiSquare).toBeNull();
    expect(r.chiSquareNote).toMatch(/c has turns but no baseline share/);
    expect(r.intents.map((i) => i.intent)).toEqual(['a', 'b', 'c']);
    expect(r.alerts.map((i) => i.intent)).toEqual(['a', 'c']);
  });

  it('refuses shares that do not sum to 1, negative shares and an empty period', () => {
    expect(() => intentDrift({ a: 0.5, b: 0.4 }, { a: 1 })).toThrow(/baseline shares sum to 0.9, not 1/);
    expect(() => intentDrift({ a: 1.2, b: -0.2 }, { a: 1 })).toThrow(/baseline share of "a" must be between 0 and 1/);
    expect(() => intentDrift({ a: 1 }, { a: 0 })).toThrow(/no turns/);
    expect(() => intentDrift({ a: 1 }, { a: 1.5 })).toThrow(/current count of "a"/);
  });
});

describe('chiSquareGoodnessOfFit', () => {
  it('equals SciPy chisquare, far into the tail', () => {
    // Expected values: test/reference/drift_reference.py, SciPy's stats.chisquare.
    const cases = [
      { kind: 'chisquare', observed: [16, 18, 16, 14, 12, 12], expected: [16, 16, 16, 16, 16, 8] },
      { kind: 'chisquare', observed: [900, 1100, 1000], expected: [1000, 900, 1100] },
    ];
    const expected = pythonReference<{ statistic: number; pValue: number }[]>('drift_reference.py', cases);
    cases.forEach((c, i) => {
      const r = chiSquareGoodnessOfFit(c.observed, c.expected);
      expect(r.statistic).toBeCloseTo(expected[i]!.statistic, 10);
      expect(Math.abs(r.pValue - expected[i]!.pValue)).toBeLessThanOrEqual(1e-10 * expected[i]!.pValue);
    });
  });

  it('refuses an expected count of 0 and totals that disagree', () => {
    expect(() => chiSquareGoodnessOfFit([1, 2], [3, 0])).toThrow(/expected\[1\] must be positive/);
    expect(() => chiSquareGoodnessOfFit([1, 2], [1, 1])).toThrow(/observed totals 3 but expected totals 2/);
  });
});

describe('jensenShannonDistance', () => {
  it('matches SciPy on the docstring example and is 0 for equal distributions', () => {
    // jensenshannon([1, 0], [0.5, 0.5], base=2) = 0.5579230452841438 (SciPy 1.17).
    expect(jensenShannonDistance([1, 0], [0.5, 0.5])).toBeCloseTo(0.5579230452841438, 14);
    expect(jensenShannonDistance([2, 2], [5, 5])).toBe(0);
    expect(() => jensenShannonDistance([0, 0], [1, 1])).toThrow(/p sums to 0/);
  });
});
