import { describe, expect, it } from 'vitest';
import { logisticRegression } from '../src/analysis/logisticRegression';
import { gaussianVectors, pythonReference } from './helpers';

describe('logisticRegression', () => {
  it('reaches the optimum scikit-learn LogisticRegression finds for the same L2 penalty', () => {
    const a = gaussianVectors(11, 150, 5);
    const b = gaussianVectors(12, 150, 5, (d) => (d === 0 ? 1 : d === 3 ? -0.5 : 0));
    const rows = [...a, ...b];
    const labels = rows.map((_, i) => i >= a.length);
    const m = logisticRegression(rows, labels, { lambda: 0.05, maxIterations: 5000, tolerance: 1e-10 });
    // Expected values: test/reference/embedding_detectors.py (scikit-learn LogisticRegression, C = 1 / (lambda n), lbfgs).
    const ref = pythonReference<{ logistic: { weights: number[]; intercept: number } }>('embedding_detectors.py', {
      logistic: { rows, labels: labels.map(Number), lambda: 0.05 },
    }).logistic;
    expect(m.converged).toBe(true);
    ref.weights.forEach((w, j) => expect(m.weights[j]!).toBeCloseTo(w, 6));
    expect(m.intercept).toBeCloseTo(ref.intercept, 6);
    expect(() => logisticRegression([[1]], [true], { lambda: 0 })).toThrow(/lambda must be positive/);
  });
});
