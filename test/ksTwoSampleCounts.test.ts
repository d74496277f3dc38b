import { describe, expect, it } from 'vitest';
import { ksTwoSample } from '../src/analysis/ksTwoSample';
import { ksTwoSampleCounts } from '../src/analysis/ksTwoSampleCounts';
import { toValueCounts } from '../src/analysis/toValueCounts';
import { lcg } from './helpers';

describe('ksTwoSampleCounts', () => {
  it('gives the same D and p-value as the raw-sample test on the samples the counts describe', () => {
    const rnd = lcg(5);
    for (const [n1, n2] of [
      [40, 55],
      [3000, 2000],
      [15000, 11000],
    ]) {
      const a = Array.from({ length: n1! }, () => Math.floor(rnd() * 60));
      const b = Array.from({ length: n2! }, () => Math.floor(rnd() * 64));
      for (const alternative of ['two-sided', 'less', 'greater'] as const) {
        expect(ksTwoSampleCounts(toValueCounts(a, b), { alternative })).toEqual(ksTwoSample(a, b, { alternative }));
      }
    }
  });

  it('gives the published tie example from counts', () => {
    // ks_2samp([1,1,2,2,3], [2,2,3,3,4,4]) = 0.474025974025974 (SciPy, as published in the issue).
    expect(ksTwoSampleCounts({ values: [1, 2, 3, 4], countsA: [2, 2, 1, 0], countsB: [0, 2, 2, 2] }).pValue).toBeCloseTo(
      0.474025974025974,
      14,
    );
  });

  it('refuses unsorted values, bad counts and empty samples', () => {
    expect(() => ksTwoSampleCounts({ values: [2, 1], countsA: [1, 1], countsB: [1, 1] })).toThrow(/ascending; values\[1\] = 1 follows 2/);
    expect(() => ksTwoSampleCounts({ values: [1, 2], countsA: [1, -1], countsB: [1, 1] })).toThrow(
      /countsA\[1\] must be a non-negative whole number/,
    );
    expect(() => ksTwoSampleCounts({ values: [1, 2], countsA: [0, 0], countsB: [1, 1] })).toThrow(/sample a is empty/);
    expect(() => ksTwoSampleCounts({ values: [1, NaN], countsA: [1, 1], countsB: [1, 1] })).toThrow(/1 NaN value/);
    expect(() => ksTwoSampleCounts({ values: [1], countsA: [1, 1], countsB: [1] })).toThrow(/differ in length/);
  });
});
