import { describe, expect, it } from 'vitest';
import { psi } from '../src/analysis/psi';
import { lcg, pythonReference } from './helpers';

describe('psi', () => {
  it('equals the numpy computation on quantile bins of the expected sample', () => {
    const rnd = lcg(9);
    const cases = [
      {
        kind: 'psi',
        expected: Array.from({ length: 2000 }, () => rnd() * 100),
        actual: Array.from({ length: 1500 }, () => rnd() * 100 + 8),
        bins: 10,
      },
      {
        kind: 'psi',
        expected: Array.from({ length: 500 }, () => Math.floor(rnd() * 4)),
        actual: Array.from({ length: 700 }, () => Math.floor(rnd() * 6)),
        bins: 10,
      },
      {
        kind: 'psi',
        expected: Array.from({ length: 300 }, () => rnd()),
        actual: Array.from({ length: 300 }, () => rnd() * 0.5),
        bins: 5,
        epsilon: 0.001,
      },
    ];
    // Expected values: test/reference/drift_reference.py (numpy 2: np.quantile edges, searchsorted right, epsilon floor).
    const expected = pythonReference<{ psi: number; bins: number }[]>('drift_reference.py', cases);
    cases.forEach((c, i) => {
      const r = psi(c.expected, c.actual, { bins: c.bins, epsilon: c.epsilon });
      expect(r.statistic).toBeCloseTo(expected[i]!.psi, 12);
      expect(r.bins).toHaveLength(expected[i]!.bins);
    });
  });

  it('computes categorical PSI from counts or shares, with the epsilon floor for a missing category', () => {
    // (0.6 - 0.5) ln(0.6/0.5) + (0.4 - 0.5) ln(0.4/0.5), by hand.
    const r = psi({ a: 0.5, b: 0.5 }, { a: 60, b: 40 });
    expect(r.statistic).toBeCloseTo(0.1 * Math.log(1.2) - 0.1 * Math.log(0.8), 14);
    expect(r.band).toBe('stable');
    const missing = psi({ a: 1 }, { a: 9, b: 1 });
    // a: (0.9 - 1) ln 0.9; b: (0.1 - 1e-4) ln(0.1 / 1e-4).
    expect(missing.statistic).toBeCloseTo(-0.1 * Math.log(0.9) + (0.1 - 1e-4) * Math.log(1000), 12);
    expect(missing.band).toBe('significant');
  });

  it('refuses empty input, NaN with its count, mixed kinds and bad options', () => {
    expect(() => psi([], [1])).toThrow(/expected is empty/);
    expect(() => psi([1, 2], [NaN, 1, NaN])).toThrow(/actual holds 2 NaN values of 3/);
    expect(() => psi([1, 2], { a: 1 })).toThrow(/both be samples or both be category records/);
    expect(() => psi({ a: 0 }, { a: 1 })).toThrow(/expected is empty/);
    expect(() => psi([1, 2], [1, 2], { bins: 1 })).toThrow(/bins must be/);
    expect(() => psi([1, 2], [1, 2], { epsilon: 0 })).toThrow(/epsilon/);
  });
});
