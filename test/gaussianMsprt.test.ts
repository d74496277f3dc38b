import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/analysis/aaSimulation';
import { gaussianMsprt } from '../src/analysis/gaussianMsprt';
import { msprt } from '../src/analysis/msprt';

/** Daily looks at two arms of normal outcomes (sd 1), effect `delta` in the treatment: the first day p < 0.05, or null. */
function firstStop(seed: number, delta: number, days = 28, perDay = 200, tau = 0.1): number | null {
  const u = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const arms = [0, 1].map(() => ({ n: 0, sum: 0, sumsq: 0 }));
  for (let d = 0; d < days; d++) {
    arms.forEach((a, k) => {
      for (let i = 0; i < perDay; i++) {
        const y = normal() + (k === 1 ? delta : 0);
        a.n += 1;
        a.sum += y;
        a.sumsq += y * y;
      }
    });
    const [c, t] = arms.map((a) => ({ n: a.n, mean: a.sum / a.n, variance: (a.sumsq - (a.sum * a.sum) / a.n) / (a.n - 1) }));
    if (gaussianMsprt(c!, t!, { tau }) < 0.05) return d;
  }
  return null;
}

describe('gaussianMsprt', () => {
  it("is msprt's mixture likelihood ratio at one look, given the rates' variances p(1 - p)", () => {
    // msprt (test/sequential.test.ts checks it against Johari et al.'s formula in Python) at a single look.
    for (const [sc, nc, st, nt] of [
      [600, 1000, 650, 1000],
      [300, 2000, 180, 1000],
      [50, 400, 61, 420],
    ] as const) {
      const want = msprt([{ control: { successes: sc, trials: nc }, treatment: { successes: st, trials: nt } }]).pValues[0]!;
      const arm = (s: number, n: number) => ({ n, mean: s / n, variance: (s / n) * (1 - s / n) });
      expect(gaussianMsprt(arm(sc, nc), arm(st, nt), { tau: 0.02 })).toBeCloseTo(want, 14);
    }
  });

  it('stops at most 5% of A/A experiments read every day for 28 days, and finds a 0.1 sd effect', () => {
    // 1,000 simulated A/A experiments (seeded): every stop is false. Measured: 2.7%; Welch's test read daily: 28.2%.
    let falseStops = 0;
    let found = 0;
    for (let e = 0; e < 1000; e++) {
      if (firstStop(1000 + e, 0) !== null) falseStops += 1;
      if (e < 200 && firstStop(5000 + e, 0.1) !== null) found += 1;
    }
    expect(falseStops / 1000).toBeLessThanOrEqual(0.05);
    expect(found / 200).toBeGreaterThan(0.8); // 0.1 sd with 5,600 a day per arm by day 28
  });

  it('refuses a non-positive tau and arms too small for a variance; no noise means no evidence', () => {
    const a = { n: 10, mean: 1, variance: 1 };
    expect(() => gaussianMsprt(a, a, { tau: 0 })).toThrow('tau must be a positive number, got 0');
    expect(() => gaussianMsprt({ ...a, n: 1 }, a, { tau: 1 })).toThrow('control.n must be at least 2, got 1');
    expect(gaussianMsprt({ ...a, variance: 0 }, { ...a, mean: 2, variance: 0 }, { tau: 1 })).toBe(1);
  });

  it('gives the documented example', () => {
    expect(gaussianMsprt({ n: 1000, mean: 4, variance: 1 }, { n: 1000, mean: 4.2, variance: 1 }, { tau: 0.2 })).toBeCloseTo(0.0003, 4);
  });
});
