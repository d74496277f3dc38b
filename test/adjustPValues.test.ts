import { describe, expect, it } from 'vitest';
import { adjustPValues } from '../src/analysis/adjustPValues';
import { pythonReference } from './helpers';

describe('adjustPValues', () => {
  it("equals statsmodels' multipletests for Holm and Benjamini-Hochberg, ties and p = 1 included", () => {
    const families = [[0.01, 0.04, 0.03], [0.001, 0.2, 0.2, 0.049, 0.5, 1, 0.0001, 0.03], [0.5]];
    // Expected values: test/reference/paired_reference.py, statsmodels 0.13 multipletests(method='holm' | 'fdr_bh').
    const want = pythonReference<number[][]>(
      'paired_reference.py',
      families.flatMap((p) => [
        { kind: 'multipletests', p, method: 'holm' },
        { kind: 'multipletests', p, method: 'fdr_bh' },
      ]),
    );
    families.forEach((p, i) => {
      adjustPValues(p, 'holm').forEach((x, j) => expect(x).toBeCloseTo(want[2 * i]![j]!, 14));
      adjustPValues(p, 'bh').forEach((x, j) => expect(x).toBeCloseTo(want[2 * i + 1]![j]!, 14));
    });
  });

  it('refuses a p-value outside [0, 1]', () => {
    expect(() => adjustPValues([0.2, 1.5], 'holm')).toThrow('p-value 1 must be between 0 and 1, got 1.5');
  });
});
