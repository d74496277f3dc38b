import { describe, expect, it } from 'vitest';
import { mcnemarExact } from '../src/analysis/mcnemarExact';
import { pythonReference } from './helpers';

describe('mcnemarExact', () => {
  it("equals statsmodels' mcnemar(exact=True), from no discordant pair to a 500-entry golden set's worth", () => {
    const cases: [number, number][] = [
      [9, 2],
      [2, 9],
      [0, 0],
      [5, 5],
      [0, 12],
      [31, 12],
      [120, 160],
      [3, 97],
    ];
    // Expected values: test/reference/paired_reference.py, statsmodels 0.13 mcnemar([[a, b], [c, d]], exact=True);
    // the concordant cells a and d do not enter the exact test.
    const want = pythonReference<{ statistic: number; pValue: number }[]>(
      'paired_reference.py',
      cases.map(([b, c]) => ({
        kind: 'mcnemar',
        table: [
          [100, b],
          [c, 100],
        ],
      })),
    );
    cases.forEach(([b, c], i) => {
      const r = mcnemarExact(b, c);
      expect(r.statistic).toBe(want[i]!.statistic);
      // Relative precision: the tail of [3, 97] is about 1e-24.
      expect(Math.abs(r.pValue - want[i]!.pValue)).toBeLessThanOrEqual(1e-12 * want[i]!.pValue + 1e-300);
    });
  });

  it('refuses counts that are not whole numbers >= 0', () => {
    expect(() => mcnemarExact(-1, 2)).toThrow('worse must be a whole number >= 0, got -1');
    expect(() => mcnemarExact(1, 2.5)).toThrow('better must be a whole number >= 0, got 2.5');
  });
});
