import { describe, expect, it } from 'vitest';
import { perDimensionDrift } from '../src/analysis/perDimensionDrift';
import { gaussianVectors, pythonReference } from './helpers';

describe('perDimensionDrift', () => {
  it('equals SciPy ks_2samp per dimension with statsmodels fdr_bh, and finds one shifted dimension among 64', () => {
    const reference = gaussianVectors(1, 300, 64);
    const current = gaussianVectors(2, 250, 64, (d) => (d === 17 ? 1.4 : 0));
    const r = perDimensionDrift(reference, current, { top: 64 });
    // Expected values: test/reference/embedding_detectors.py (SciPy ks_2samp, statsmodels multipletests fdr_bh).
    const ref = pythonReference<{ perdim: { pValues: number[]; minQ: number; drifted: number } }>('embedding_detectors.py', {
      perdim: { reference, current },
    }).perdim;
    for (const t of r.top) expect(t.pValue).toBeCloseTo(ref.pValues[t.dim]!, 12);
    expect(r.pValue).toBeCloseTo(ref.minQ, 12);
    expect(r.drifted).toBe(ref.drifted);
    expect(r.top[0]!.dim).toBe(17);
    expect(r.top[0]!.standardisedShift).toBeGreaterThan(1.2);
  });

  it('stays quiet on two samples of one distribution, and refuses mixed lengths and NaN', () => {
    const r = perDimensionDrift(gaussianVectors(3, 200, 32), gaussianVectors(4, 200, 32));
    expect(r.drifted).toBe(0);
    expect(r.pValue).toBeGreaterThan(0.05);
    expect(() =>
      perDimensionDrift(
        [
          [1, 2],
          [3, 4],
        ],
        [[1], [2, 3]],
      ),
    ).toThrow(/current\[0\] has 1 components, the first reference vector 2/);
    expect(() =>
      perDimensionDrift(
        [
          [1, 2],
          [3, NaN],
        ],
        [
          [1, 2],
          [2, 3],
        ],
      ),
    ).toThrow(/reference\[1\] component 1 is not a finite number/);
    expect(() =>
      perDimensionDrift(
        [[1, 2]],
        [
          [1, 2],
          [2, 3],
        ],
      ),
    ).toThrow(/need at least 2 reference/);
  });
});
