import { describe, expect, it } from 'vitest';
import { domainClassifierDrift } from '../src/analysis/domainClassifierDrift';
import { gaussianVectors } from './helpers';

describe('domainClassifierDrift', () => {
  it('separates a shift spread thinly over every dimension, stays near 0.5 on no change, and is seeded', () => {
    const reference = gaussianVectors(31, 400, 64);
    const spread = gaussianVectors(32, 400, 64, () => 1 / Math.sqrt(64)); // 1 sd in total, 0.125 sd a dimension
    const r = domainClassifierDrift(reference, spread, { seed: 5, permutations: 999 });
    expect(r.auc).toBeGreaterThan(0.65);
    expect(r.pValue).toBe(0.001); // no permutation reached it: the smallest p 999 permutations can give
    expect([r.trainSize, r.testSize]).toEqual([400, 400]);
    const quiet = domainClassifierDrift(reference, gaussianVectors(33, 400, 64), { seed: 5, permutations: 999 });
    expect(Math.abs(quiet.auc - 0.5)).toBeLessThan(0.06);
    expect(quiet.pValue).toBeGreaterThan(0.01);
    expect(domainClassifierDrift(reference, spread, { seed: 5, permutations: 999 })).toEqual(r);
    expect(() => domainClassifierDrift([[1], [2], [3]], [[1], [2], [3], [4]])).toThrow(/need at least 4 reference/);
  });
});
