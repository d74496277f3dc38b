import { describe, expect, it } from 'vitest';
import { mmdTest } from '../src/analysis/mmdTest';
import { gaussianVectors, pythonReference } from './helpers';

describe('mmdTest', () => {
  it('computes the unbiased MMD² and median-heuristic bandwidth NumPy gives, and its permutation p is seeded', () => {
    const reference = gaussianVectors(21, 80, 8);
    const current = gaussianVectors(22, 60, 8).map((v) => v.map((x) => 1.4 * x)); // spread up 40%
    const r = mmdTest(reference, current, { permutations: 499, seed: 3 });
    // Expected values: test/reference/embedding_detectors.py (NumPy/SciPy pdist, Gretton et al. 2012 eq. 3).
    const ref = pythonReference<{ mmd: { mmd2: number; bandwidth: number } }>('embedding_detectors.py', {
      mmd: { reference, current },
    }).mmd;
    expect(r.mmd2).toBeCloseTo(ref.mmd2, 10);
    expect(r.bandwidth).toBeCloseTo(ref.bandwidth, 10);
    expect(r.pValue).toBeLessThan(0.01);
    expect(mmdTest(reference, current, { permutations: 499, seed: 3 }).pValue).toBe(r.pValue);
    const quiet = mmdTest(gaussianVectors(23, 80, 8), gaussianVectors(24, 80, 8), { permutations: 499, seed: 3 });
    expect(quiet.pValue).toBeGreaterThan(0.01);
  });
});
