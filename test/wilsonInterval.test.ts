import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../src/analysis/wilsonInterval';
import { pythonReference } from './helpers';

describe('wilsonInterval', () => {
  it('equals SciPy binomtest(k, n).proportion_ci(method="wilson") at 95% and 90%, including 0 and n successes', () => {
    const cases = [
      { k: 7, n: 20 },
      { k: 0, n: 12 },
      { k: 12, n: 12 },
      { k: 6123, n: 10021 },
      { k: 55, n: 80, confidence: 0.9 },
      { k: 1, n: 1 },
    ];
    // Expected values: test/reference/agreement_reference.py, SciPy's stats.binomtest(...).proportion_ci(method='wilson').
    const expected = pythonReference<{ lower: number; upper: number }[]>(
      'agreement_reference.py',
      cases.map((c) => ({ kind: 'wilson', ...c })),
    );
    cases.forEach((c, i) => {
      const w = wilsonInterval(c.k, c.n, c.confidence);
      expect(w.lower, `case ${i}`).toBeCloseTo(expected[i]!.lower, 12);
      expect(w.upper, `case ${i}`).toBeCloseTo(expected[i]!.upper, 12);
      expect(w.estimate).toBe(c.k / c.n);
    });
  });

  it('refuses no trials, impossible counts and a confidence outside (0, 1)', () => {
    expect(() => wilsonInterval(0, 0)).toThrow(/trials must be a positive whole number, got 0/);
    expect(() => wilsonInterval(5, 4)).toThrow(/from 0 to 4, got 5/);
    expect(() => wilsonInterval(1, 4, 1)).toThrow(/confidence/);
  });
});
