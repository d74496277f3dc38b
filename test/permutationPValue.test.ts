import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/analysis/aaSimulation';
import { permutationPValue } from '../src/analysis/permutationPValue';

describe('permutationPValue', () => {
  it('approaches the exact permutation p-value, enumerated here over all 20 labellings, and never reaches 0', () => {
    const values = [3.1, 2.4, 2.9, 1.2, 1.9, 0.7];
    const diff = (l: number[]) => {
      let a = 0;
      let b = 0;
      l.forEach((x, i) => (x ? (a += values[i]!) : (b += values[i]!)));
      return a / 3 - b / 3;
    };
    const observed = diff([1, 1, 1, 0, 0, 0]);
    // Exact: the share of the C(6, 3) = 20 labellings with a difference at least the observed one.
    let atLeast = 0;
    for (let m = 0; m < 64; m++) {
      const l = [0, 1, 2, 3, 4, 5].map((i) => (m >> i) & 1);
      if (l.reduce((s, x) => s + x, 0) === 3 && diff(l) >= observed - 1e-12) atLeast++;
    }
    expect(atLeast).toBe(1);
    const r = permutationPValue([1, 1, 1, 0, 0, 0], diff, { permutations: 19999, random: mulberry32(4) });
    expect(r.observed).toBeCloseTo(observed, 15);
    expect(Math.abs(r.pValue - atLeast / 20)).toBeLessThan(0.005);
    expect(permutationPValue([1, 0], () => 1, { permutations: 9, random: mulberry32(1) }).pValue).toBe(1);
  });
});
