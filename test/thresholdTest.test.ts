import { describe, expect, it } from 'vitest';
import { thresholdTest } from '../src/analysis/thresholdTest';
import { pythonReference } from './helpers';

describe('thresholdTest', () => {
  it("equals SciPy's binom.sf, binom.cdf and norm.sf for rates, percentiles and means", () => {
    // Expected values: test/reference/embedding_detectors.py (SciPy binom.sf, binom.cdf, norm.sf).
    const ref = pythonReference<{ threshold: { binomAbove: number; binomBelow: number; normAbove: number } }>('embedding_detectors.py', {
      threshold: { k: 17, n: 400, p: 0.02, mean: 4.06, line: 4, sd: 0.9, m: 2000 },
    }).threshold;
    const above = thresholdTest({ type: 'proportion', successes: 17, trials: 400 }, 'above', 0.02);
    expect(above.pValue / ref.binomAbove).toBeCloseTo(1, 10);
    expect(above.past).toBe(true);
    const below = thresholdTest({ type: 'proportion', successes: 17, trials: 400 }, 'below', 0.02);
    expect(below.pValue / ref.binomBelow).toBeCloseTo(1, 10);
    expect(below.past).toBe(false);
    const q = thresholdTest({ type: 'quantile', q: 0.98, n: 400, value: 5200, above: 17, below: 0 }, 'above', 5000);
    expect(q.pValue / ref.binomAbove).toBeCloseTo(1, 10);
    expect(q.share!.value).toBe(17 / 400);
    const m = thresholdTest({ type: 'mean', n: 2000, mean: 4.06, sd: 0.9 }, 'above', 4);
    expect(m.pValue / ref.normAbove).toBeCloseTo(1, 6);
    expect(() => thresholdTest({ type: 'proportion', successes: 1, trials: 2 }, 'above', 2)).toThrow(/between 0 and 1/);
    expect(thresholdTest({ type: 'proportion', successes: 0, trials: 0 }, 'above', 0.5)).toMatchObject({
      pValue: 1,
      past: false,
      estimate: null,
    });
  });
});
