import { describe, expect, it } from 'vitest';
import { ksTwoSample, type KsAlternative } from '../src/analysis/ksTwoSample';
import { lcg, pythonReference } from './helpers';

interface Case {
  kind: 'ks';
  a: number[];
  b: number[];
  alternative: KsAlternative;
}

describe('ksTwoSample', () => {
  it('gives the two published SciPy results, ties included', () => {
    // Published in the issue, confirmed with SciPy 1.17 (Debian python3-scipy) ks_2samp.
    const r1 = ksTwoSample([1, 2, 3, 4, 5], [3, 4, 5, 6, 7, 8]);
    expect(r1.statistic).toBe(0.5);
    expect(r1.pValue).toBeCloseTo(0.357142857142857, 14);
    expect(r1.method).toBe('exact');
    const r2 = ksTwoSample([1, 1, 2, 2, 3], [2, 2, 3, 3, 4, 4]);
    expect(r2.statistic).toBeCloseTo(0.466667, 6);
    expect(r2.pValue).toBeCloseTo(0.474025974025974, 14);
  });

  it('equals SciPy ks_2samp(method=auto) on exact and asymptotic sizes, all three alternatives', () => {
    const rnd = lcg(11);
    const norm = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
    const cases: Case[] = [];
    // Equal and unequal sizes on both sides of 10,000 (exact vs asymptotic), values rounded so ties occur.
    for (const [n1, n2] of [
      [7, 7],
      [20, 31],
      [300, 300],
      [250, 1000],
      [60, 12000],
      [11000, 12500],
      [130, 20000],
    ]) {
      for (const shift of [0, 0.15, 0.8]) {
        for (const alternative of ['two-sided', 'less', 'greater'] as const) {
          cases.push({
            kind: 'ks',
            a: Array.from({ length: n1! }, () => Math.round(norm() * 50) / 10),
            b: Array.from({ length: n2! }, () => Math.round((norm() + shift) * 50) / 10),
            alternative,
          });
        }
      }
    }
    // Expected values: test/reference/drift_reference.py, SciPy's stats.ks_2samp on the same samples.
    const expected = pythonReference<{ statistic: number; pValue: number }[]>('drift_reference.py', cases);
    cases.forEach((c, i) => {
      const got = ksTwoSample(c.a, c.b, { alternative: c.alternative });
      expect(got.statistic, `case ${i} D`).toBe(expected[i]!.statistic);
      const want = expected[i]!.pValue;
      expect(
        Math.abs(got.pValue - want),
        `case ${i} (${c.a.length} vs ${c.b.length}, ${c.alternative}) p ${got.pValue} vs ${want}`,
      ).toBeLessThanOrEqual(1e-9 * Math.max(want, 1e-300));
    });
  });

  it('refuses empty samples and NaN values, naming the sample and the count', () => {
    expect(() => ksTwoSample([], [1])).toThrow(/a is empty/);
    expect(() => ksTwoSample([1, NaN, NaN], [1])).toThrow(/a holds 2 NaN values of 3/);
    expect(() => ksTwoSample([1], [NaN])).toThrow(/b holds 1 NaN value of 1/);
  });

  it('does not depend on input order', () => {
    const a = [5, 3, 9, 1, 7, 7, 2];
    const b = [4, 8, 6, 6, 0, 10];
    expect(ksTwoSample(a, b)).toEqual(ksTwoSample([...a].reverse(), [...b].sort()));
  });
});
