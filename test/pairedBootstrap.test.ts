import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/analysis/aaSimulation';
import { pairedBootstrap } from '../src/analysis/pairedBootstrap';
import { pythonReference } from './helpers';

/** A 500-entry run's ROUGE-L, baseline and candidate, with a small real change and entry-level noise. */
function rougePairs(n: number, shift: number, seed: number) {
  const r = mulberry32(seed);
  const baseline = Array.from({ length: n }, () => Math.min(1, Math.max(0, 0.45 + 0.2 * (r() + r() + r() - 1.5))));
  const candidate = baseline.map((b) => Math.min(1, Math.max(0, b + shift + 0.08 * (r() - 0.5))));
  return { baseline, candidate };
}

describe('pairedBootstrap', () => {
  it("gives SciPy's percentile bootstrap interval and permutation p-value to Monte Carlo error", () => {
    const cases = [rougePairs(500, 0.004, 1), rougePairs(500, 0, 2), rougePairs(60, 0.02, 3)];
    // Expected values: test/reference/paired_reference.py, SciPy stats.bootstrap(method='percentile') on the paired
    // differences and stats.permutation_test(permutation_type='samples'), 10,000 resamples each.
    const want = pythonReference<{ lower?: number; upper?: number; standardError?: number; pValue?: number }[]>(
      'paired_reference.py',
      cases.flatMap((c) => [
        { kind: 'bootstrap', ...c, resamples: 10_000, confidence: 0.95 },
        { kind: 'permutation', ...c, resamples: 10_000 },
      ]),
    );
    cases.forEach((c, i) => {
      const r = pairedBootstrap(c.baseline, c.candidate, { resamples: 10_000, seed: 7 + i });
      const boot = want[2 * i]!;
      const perm = want[2 * i + 1]!;
      const mean = c.candidate.reduce((s, x, j) => s + x - c.baseline[j]!, 0) / c.baseline.length;
      expect(r.delta).toBeCloseTo(mean, 14);
      // Two independent 10,000-resample estimates of a 2.5% quantile differ by about 0.03 standard errors; allow 0.1.
      expect(Math.abs(r.lower - boot.lower!)).toBeLessThan(0.1 * boot.standardError!);
      expect(Math.abs(r.upper - boot.upper!)).toBeLessThan(0.1 * boot.standardError!);
      // A p-value estimated from 10,000 flips has a standard error of at most 0.005; allow four of them.
      expect(Math.abs(r.pValue - perm.pValue!)).toBeLessThan(4 * Math.sqrt((perm.pValue! * (1 - perm.pValue!)) / 10_000) + 2e-4);
    });
  });

  it('is reproducible for a seed, and says which method it used', () => {
    const c = rougePairs(100, 0.01, 4);
    expect(pairedBootstrap(c.baseline, c.candidate, { seed: 5 })).toEqual(pairedBootstrap(c.baseline, c.candidate, { seed: 5 }));
    expect(pairedBootstrap(c.baseline, c.candidate).method).toBe('percentile bootstrap; sign-flip permutation test');
  });

  it('refuses unpaired lists, one pair, non-finite values, too few resamples and a bad confidence', () => {
    expect(() => pairedBootstrap([1, 2], [1])).toThrow('baseline has 2 values and candidate 1: they must pair up');
    expect(() => pairedBootstrap([1], [1])).toThrow('at least 2 pairs, got 1');
    expect(() => pairedBootstrap([1, NaN], [1, 2])).toThrow('pair 1: NaN and 2 do not give a finite difference');
    expect(() => pairedBootstrap([1, 2], [1, 2], { resamples: 10 })).toThrow('resamples must be a whole number >= 100, got 10');
    expect(() => pairedBootstrap([1, 2], [1, 2], { confidence: 1 })).toThrow('confidence must be between 0 and 1, got 1');
  });
});
