import { describe, expect, it } from 'vitest';
import { toValueCounts } from '../src/analysis/toValueCounts';
import { wassersteinDistance } from '../src/analysis/wassersteinDistance';
import { lcg, pythonReference } from './helpers';

describe('wassersteinDistance', () => {
  it('equals SciPy wasserstein_distance on raw samples and on weighted values', () => {
    const rnd = lcg(3);
    const samples = [
      [30, 45],
      [500, 800],
      [4000, 3000],
    ].map(([n1, n2]) => ({
      a: Array.from({ length: n1! }, () => Math.round(800 * Math.exp(rnd()))),
      b: Array.from({ length: n2! }, () => Math.round(900 * Math.exp(rnd() * 1.1))),
    }));
    const cases = samples.map((s) => ({ kind: 'wasserstein', u: s.a, v: s.b }));
    // Expected values: test/reference/drift_reference.py, SciPy's stats.wasserstein_distance(u, v).
    const expected = pythonReference<{ distance: number }[]>('drift_reference.py', cases);
    samples.forEach((s, i) => expect(wassersteinDistance(toValueCounts(s.a, s.b))).toBeCloseTo(expected[i]!.distance, 9));
    // The docstring example: wasserstein_distance([0, 1, 3], [3]) = 1.6666666666666665 (SciPy 1.17).
    expect(wassersteinDistance({ values: [0, 1, 3], countsA: [1, 1, 1], countsB: [0, 0, 1] })).toBeCloseTo(1.6666666666666665, 14);
  });

  it('is 0 for identical samples and refuses an empty one', () => {
    expect(wassersteinDistance(toValueCounts([1, 2, 2, 9], [9, 2, 1, 2]))).toBe(0);
    expect(() => wassersteinDistance({ values: [1], countsA: [0], countsB: [3] })).toThrow(/sample a is empty/);
  });
});
