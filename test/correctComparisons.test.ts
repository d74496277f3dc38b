import jstat from 'jstat';
import { describe, expect, it } from 'vitest';
import { correctComparisons, type Comparison } from '../src/analysis/correctComparisons';
import { pythonReference } from './helpers';

const { jStat } = jstat;

const family: Comparison[] = [
  { metric: 'conversion', arm: 'short', primary: true, estimate: -0.004, standardError: 0.0025, pValue: 0.11 },
  { metric: 'conversion', arm: 'long', primary: true, estimate: 0.007, standardError: 0.0025, pValue: 0.005 },
  { metric: 'csat', arm: 'short', primary: false, estimate: 0.02, standardError: 0.02, pValue: 0.32 },
  { metric: 'csat', arm: 'long', primary: false, estimate: -0.02, standardError: 0.02, pValue: 0.31 },
  { metric: 'cost', arm: 'short', primary: false, estimate: -0.001, standardError: 0.0001, pValue: 1e-9 },
  { metric: 'cost', arm: 'long', primary: false, estimate: 0.0012, standardError: 0.0001, pValue: 0.03 },
];

describe('correctComparisons', () => {
  it("adjusts as statsmodels' multipletests within each family, for every scope", () => {
    const p = family.map((c) => c.pValue);
    const primary = family.filter((c) => c.primary).map((c) => c.pValue);
    const secondary = family.filter((c) => !c.primary).map((c) => c.pValue);
    // Expected values: test/reference/paired_reference.py, statsmodels 0.13 multipletests(method='holm' | 'fdr_bh').
    const [holmAll, bhAll, holmPrimary, holmSecondary, bhConversion] = pythonReference<number[][]>('paired_reference.py', [
      { kind: 'multipletests', p, method: 'holm' },
      { kind: 'multipletests', p, method: 'fdr_bh' },
      { kind: 'multipletests', p: primary, method: 'holm' },
      { kind: 'multipletests', p: secondary, method: 'holm' },
      { kind: 'multipletests', p: primary, method: 'fdr_bh' },
    ]);
    correctComparisons(family, { method: 'holm', scope: 'all' }).forEach((c, i) => expect(c.adjustedPValue).toBeCloseTo(holmAll![i]!, 14));
    correctComparisons(family, { method: 'bh', scope: 'all' }).forEach((c, i) => expect(c.adjustedPValue).toBeCloseTo(bhAll![i]!, 14));
    const byMetric = correctComparisons(family, { method: 'bh', scope: 'metric' });
    expect(byMetric.slice(0, 2).map((c) => c.adjustedPValue)).toEqual(bhConversion!.map((v) => expect.closeTo(v, 14)));
    // Primary exempt with 60% of alpha: each family's adjusted p divided by its share, so both are read against 0.05.
    const exempt = correctComparisons(family, { method: 'holm', scope: 'primary-exempt', primaryAlphaShare: 0.6 });
    exempt.filter((c) => c.primary).forEach((c, i) => expect(c.adjustedPValue).toBeCloseTo(Math.min(1, holmPrimary![i]! / 0.6), 14));
    exempt.filter((c) => !c.primary).forEach((c, i) => expect(c.adjustedPValue).toBeCloseTo(Math.min(1, holmSecondary![i]! / 0.4), 14));
    expect(exempt.map((c) => c.family)).toEqual(['primary', 'primary', 'secondary', 'secondary', 'secondary', 'secondary']);
  });

  it('widens the intervals: Bonferroni for Holm, the false-coverage-rate level for BH, none uncorrected', () => {
    const z = (a: number) => jStat.normal.inv(1 - a / 2, 0, 1);
    const holm = correctComparisons(family, { method: 'holm', scope: 'all' });
    expect(holm[1]!.level).toBeCloseTo(1 - 0.05 / 6, 15);
    expect(holm[1]!.interval[1] - holm[1]!.estimate).toBeCloseTo(z(0.05 / 6) * 0.0025, 15);
    // BH at 0.05 over these six (sorted 1e-9, 0.005, 0.03, ...): 0.005 * 6 / 2 = 0.015 passes, 0.03 * 6 / 3 = 0.06 does not, so R = 2.
    const bh = correctComparisons(family, { method: 'bh', scope: 'all' });
    expect(bh.filter((c) => c.significant).map((c) => `${c.metric}/${c.arm}`)).toEqual(['conversion/long', 'cost/short']);
    expect(bh[0]!.level).toBeCloseTo(1 - (2 * 0.05) / 6, 15);
    const none = correctComparisons(family, { method: 'none', scope: 'all' });
    expect(none[0]!.interval).toEqual(none[0]!.plainInterval);
    expect(none[0]!.adjustedPValue).toBe(0.11);
    expect(holm.every((c) => c.interval[1] - c.interval[0] > c.plainInterval[1] - c.plainInterval[0])).toBe(true);
  });

  it('refuses alpha and shares outside (0, 1) and p-values outside [0, 1]', () => {
    expect(() => correctComparisons(family, { method: 'holm', scope: 'all', alpha: 0 })).toThrow('alpha must be between 0 and 1, got 0');
    expect(() => correctComparisons(family, { method: 'holm', scope: 'primary-exempt', primaryAlphaShare: 1 })).toThrow(
      'primaryAlphaShare must be between 0 and 1, got 1',
    );
    expect(() => correctComparisons([{ ...family[0]!, pValue: Number.NaN }], { method: 'bh', scope: 'all' })).toThrow(
      'comparison 0 (conversion, short): p-value NaN outside [0, 1]',
    );
  });

  it('gives the documented example', () => {
    const r = correctComparisons(
      [
        { metric: 'a', arm: 'b', primary: true, estimate: 1, standardError: 0.5, pValue: 0.01 },
        { metric: 'c', arm: 'b', primary: false, estimate: 1, standardError: 0.5, pValue: 0.04 },
      ],
      { method: 'holm', scope: 'all' },
    );
    expect(r.map((c) => c.adjustedPValue)).toEqual([0.02, 0.04]);
  });
});
