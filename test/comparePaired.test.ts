import { describe, expect, it } from 'vitest';
import { comparePaired } from '../src/analysis/comparePaired';
import { mcnemarExact } from '../src/analysis/mcnemarExact';
import { pairedBootstrap } from '../src/analysis/pairedBootstrap';
import { rejectionRate } from '../bench/paired-calibration';

describe('comparePaired', () => {
  it("tests a rate by McNemar's exact test on its discordant entries, with the bootstrap interval of the change", () => {
    const baseline = [1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1];
    const candidate = [1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 0];
    const r = comparePaired(baseline, candidate, 'rate', { resamples: 2000, seed: 3 });
    expect([r.worse, r.better, r.changed]).toEqual([6, 1, 7]);
    expect(r.pValue).toBe(mcnemarExact(6, 1).pValue); // 0.125 by hand: 2 * (1 + 7) / 128
    expect(r.pValue).toBeCloseTo(0.125, 15);
    const boot = pairedBootstrap(baseline, candidate, { resamples: 2000, seed: 3 });
    expect([r.delta, r.lower, r.upper]).toEqual([boot.delta, boot.lower, boot.upper]);
    expect(r.significant).toBe(false);
  });

  it("gives a sum's change and interval in the sum's units, tested by the sign-flip test", () => {
    const baseline = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
    const candidate = [1, 2, 1, 1, 0, 1, 1, 2, 1, 1];
    const r = comparePaired(baseline, candidate, 'sum', { resamples: 2000, seed: 1 });
    const boot = pairedBootstrap(baseline, candidate, { resamples: 2000, seed: 1 });
    expect(r.delta).toBeCloseTo(10, 12); // 11 violations against 1
    expect([r.lower, r.upper]).toEqual([boot.lower * 10, boot.upper * 10]);
    expect(r).toMatchObject({ test: 'sign-flip permutation', pValue: boot.pValue, significant: true, worse: null });
  });

  it('gives the smallest change detectable with 80% power (normal approximation, by hand)', () => {
    // Differences 1, -1, 1, -1: sd sqrt(4/3); (z(0.975) + z(0.8)) sd / sqrt(4), z from SciPy's norm.ppf.
    const r = comparePaired([0, 1, 0, 1], [1, 0, 1, 0], 'mean', { resamples: 200 });
    expect(r.minimumDetectable).toBeCloseTo(((1.959963984540054 + 0.8416212335729143) * Math.sqrt(4 / 3)) / 2, 6);
  });

  it('cries wolf about as often as its level on no-change diffs, and sees a one-point ROUGE-L drop (simulated, seeded)', () => {
    // 200 simulated 520-entry diffs each: skewed per-entry levels and two noise sources, a generator the sample does not
    // use. At alpha 0.05 a rate of 0.05 has a binomial SD of 0.015 over 200 diffs; allow 0.01 to 0.11.
    const nullMean = rejectionRate({ n: 520, shift: 0, kind: 'mean', sims: 200, resamples: 500, seed: 5 });
    const nullRate = rejectionRate({ n: 520, shift: 0, kind: 'rate', sims: 200, resamples: 500, seed: 6 });
    expect(nullMean.rejected).toBeGreaterThanOrEqual(0.01);
    expect(nullMean.rejected).toBeLessThanOrEqual(0.11);
    expect(nullRate.rejected).toBeLessThanOrEqual(0.11); // McNemar's exact test is conservative
    const drop = rejectionRate({ n: 520, shift: 0.01, kind: 'mean', sims: 60, resamples: 500, seed: 7 });
    expect(drop.worse).toBeGreaterThanOrEqual(0.8);
  }, 60_000);

  it('refuses a rate that is not 0 or 1 and an alpha outside (0, 1)', () => {
    expect(() => comparePaired([1, 0.5], [1, 1], 'rate')).toThrow("pair 1: a rate's values must be 0 or 1, got 0.5 and 1");
    expect(() => comparePaired([1, 0], [1, 1], 'mean', { alpha: 0 })).toThrow('alpha must be between 0 and 1, got 0');
  });
});
