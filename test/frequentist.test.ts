import { describe, expect, it } from 'vitest';
import { sampleRatioMismatch } from '../src/analysis/sampleRatioMismatch';
import { twoProportionZTest } from '../src/analysis/twoProportionZTest';
import { welchTTest } from '../src/analysis/welchTTest';
import { gaussLegendre, integratePanels } from '../src/analysis/gaussLegendre';

describe('welchTTest', () => {
  // Expected: scipy.stats.ttest_ind(a, b, equal_var=False), SciPy 1.10; df by the Welch-Satterthwaite formula in NumPy.
  it('equals SciPy on small samples', () => {
    const r = welchTTest([1, 2, 3, 4], [2, 4, 6, 8, 10]);
    expect(r.statistic).toBeCloseTo(-2.2514363231593695, 10);
    expect(r.pValue).toBeCloseTo(0.06913359319239236, 8);
  });

  it('equals SciPy on skewed latencies with unequal sizes', () => {
    const a = [812.5, 1044.2, 990.1, 1502.7, 700.3, 1200.0, 960.4, 1333.3, 880.8, 1010.9, 2500.2, 940.0];
    const b = [1100.4, 1250.0, 1420.9, 980.2, 1600.1, 1300.5, 1190.0, 1505.5, 2900.3];
    const r = welchTTest(a, b);
    expect(r.statistic).toBeCloseTo(-1.3451097204288727, 10);
    expect(r.pValue).toBeCloseTo(0.19792465411310742, 8);
    expect(r.df).toBeCloseTo(15.51345143842687, 8);
  });

  it('refuses samples too small, non-finite values and two constant samples', () => {
    expect(() => welchTTest([1], [1, 2])).toThrow('a needs at least 2 values for a variance, got 1');
    expect(() => welchTTest([1, Number.NaN], [1, 2])).toThrow('a[1] is not a finite number (NaN)');
    expect(() => welchTTest([3, 3], [3, 3, 3])).toThrow(/both samples are constant/);
  });
});

describe('sampleRatioMismatch', () => {
  // Expected: scipy.stats.chisquare(observed, f_exp=total * weights / sum(weights)), SciPy 1.10.
  it.each([
    [[5100, 4900], [50, 50], 4.0, 0.04550026389635857],
    [[3300, 3400, 3300], [30, 35, 35], 44.285714285714285, 2.4181282417663593e-10],
    [[119082, 119788], [50, 50], 2.0866412693096663, 0.14859244290124624],
  ])('equals SciPy for %j against %j', (observed, weights, statistic, pValue) => {
    const r = sampleRatioMismatch(observed, weights);
    expect(r.statistic).toBeCloseTo(statistic, 9);
    expect(r.pValue).toBeCloseTo(pValue, 9);
    expect(r.df).toBe(observed.length - 1);
  });

  it('refuses mismatched lengths, negative counts, no sessions and a zero weight', () => {
    expect(() => sampleRatioMismatch([1, 2], [50, 25, 25])).toThrow('2 observed counts but 3 weights');
    expect(() => sampleRatioMismatch([-1, 2], [50, 50])).toThrow(/observed\[0\]/);
    expect(() => sampleRatioMismatch([0, 0], [50, 50])).toThrow('no sessions observed in any arm');
    expect(() => sampleRatioMismatch([5, 5], [100, 0])).toThrow('weights[1] must be positive, got 0');
  });
});

describe('twoProportionZTest', () => {
  // Expected: the pooled z statistic by hand and 2 * scipy.stats.norm.sf(|z|), SciPy 1.10.
  it('equals the pooled z-test', () => {
    const r = twoProportionZTest({ successes: 120, trials: 1000 }, { successes: 150, trials: 1000 });
    expect(r.statistic).toBeCloseTo(1.963049807622355, 10);
    expect(r.pValue).toBeCloseTo(0.04964038686536878, 9);
    expect(r.difference).toBeCloseTo(0.03, 12);
  });

  it('refuses arms with no variance', () => {
    expect(() => twoProportionZTest({ successes: 0, trials: 10 }, { successes: 0, trials: 10 })).toThrow(/undefined/);
  });
});

describe('gaussLegendre', () => {
  it('integrates polynomials up to degree 2n-1 exactly', () => {
    const { weights } = gaussLegendre(16);
    expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(2, 14);
    expect(integratePanels((x) => x ** 31, [0, 1])).toBeCloseTo(1 / 32, 14);
    expect(integratePanels(Math.exp, [0, 0.5, 1])).toBeCloseTo(Math.E - 1, 14);
  });
});
