import { describe, expect, it } from 'vitest';
import { kstwoSf } from '../src/analysis/kstwoSf';
import { ksTwoSamplePValue } from '../src/analysis/ksTwoSamplePValue';
import { pythonReference } from './helpers';

describe('kstwoSf', () => {
  it('equals SciPy kstwo.sf in every algorithm region (Durbin, Pomeranz, Pelz-Good, Smirnov sum, Ruben-Gambino)', () => {
    const cases: { kind: 'kstwo'; n: number; x: number }[] = [];
    for (const n of [1, 3, 10, 50, 140, 141, 1000, 50000, 100000, 200000, 500000, 2000000]) {
      for (const x of [0.0004, 0.001, 0.003, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.6, 0.9]) cases.push({ kind: 'kstwo', n, x });
    }
    // Expected values: test/reference/drift_reference.py, SciPy's stats.kstwo.sf(x, n).
    const expected = pythonReference<{ sf: number }[]>('drift_reference.py', cases);
    cases.forEach((c, i) => {
      const want = expected[i]!.sf;
      const got = kstwoSf(c.n, c.x);
      // Relative 1e-8: the Smirnov sum is taken in logarithms here, in double-double in SciPy.
      expect(Math.abs(got - want), `n=${c.n} x=${c.x}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-8 * Math.max(want, 1e-300));
    });
  });

  it('is 1 at x <= 0 and 0 at x >= 1, and refuses a bad n', () => {
    expect(kstwoSf(10, 0)).toBe(1);
    expect(kstwoSf(10, 1)).toBe(0);
    expect(() => kstwoSf(2.5, 0.1)).toThrow(/positive whole number/);
    expect(() => kstwoSf(10, NaN)).toThrow(/NaN/);
  });
});

describe('ksTwoSamplePValue', () => {
  it('snaps D to the lattice of the exact distribution and refuses D outside [0, 1]', () => {
    // 5 and 6 values: lattice step 1/30; D = 0.5 + 1e-12 is reported as 15/30.
    expect(ksTwoSamplePValue(0.5 + 1e-12, 5, 6).statistic).toBe(0.5);
    expect(() => ksTwoSamplePValue(1.5, 5, 6)).toThrow(/between 0 and 1/);
    expect(() => ksTwoSamplePValue(0.5, 0, 6)).toThrow(/n1 must be a positive whole number/);
  });
});
