import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/analysis/aaSimulation';
import { deltaMethodRatio } from '../src/analysis/deltaMethodRatio';
import { pythonReference, ratioSumsOf } from './helpers';

/** Sessions with 0 to 5 rated responses, each thumbs-up with the session's own chance (responses move together). */
function sessions(seed: number, n: number) {
  const u = mulberry32(seed);
  const num: number[] = [];
  const den: number[] = [];
  for (let i = 0; i < n; i++) {
    const rated = Math.floor(u() * 6);
    const p = u() < 0.5 ? 0.9 : 0.4;
    let up = 0;
    for (let k = 0; k < rated; k++) up += u() < p ? 1 : 0;
    num.push(up);
    den.push(rated);
  }
  return { num, den };
}

describe('deltaMethodRatio', () => {
  it("equals the delta-method variance computed from numpy's covariance matrix of the unit values", () => {
    const data = [sessions(1, 50), sessions(2, 2000), { num: [0, 1, 2], den: [1, 2, 3] }];
    // Expected values: test/reference/experiment_reference.py (numpy, Deng, Knoblich and Lu 2018, eq. 3).
    const want = pythonReference<{ ratio: number; variance: number }[]>(
      'experiment_reference.py',
      data.map((d) => ({ kind: 'ratio', ...d })),
    );
    data.forEach((d, k) => {
      const r = deltaMethodRatio(ratioSumsOf(d.num, d.den));
      expect(r.ratio).toBeCloseTo(want[k]!.ratio, 12);
      expect(r.variance / want[k]!.variance).toBeCloseTo(1, 10);
      expect(r.summary.variance / r.summary.n).toBeCloseTo(r.variance, 15);
    });
  });

  it('covers the true ratio 95% of the time over 2,000 simulated experiments, where the binomial variance does not', () => {
    // The true ratio of the generator is E[up] / E[rated] = 0.65 (half the sessions at 0.9, half at 0.4).
    let delta = 0;
    let binomial = 0;
    const runs = 2000;
    for (let k = 0; k < runs; k++) {
      const d = sessions(100 + k, 400);
      const r = deltaMethodRatio(ratioSumsOf(d.num, d.den));
      const trials = d.den.reduce((a, b) => a + b, 0);
      const sdBinomial = Math.sqrt((r.ratio * (1 - r.ratio)) / trials);
      if (Math.abs(r.ratio - 0.65) < 1.96 * Math.sqrt(r.variance)) delta += 1;
      if (Math.abs(r.ratio - 0.65) < 1.96 * sdBinomial) binomial += 1;
    }
    // 95% +- 1.5 points (3 binomial standard errors at 2,000 runs); responses that move together make the naive one narrow.
    expect(delta / runs).toBeGreaterThan(0.935);
    expect(delta / runs).toBeLessThan(0.965);
    expect(binomial / runs).toBeLessThan(0.92);
  });

  it('says when the denominator is zero instead of returning NaN', () => {
    expect(() =>
      deltaMethodRatio({ n: 3, sumNum: 0, sumDen: 0, sumNumSq: 0, sumDenSq: 0, sumNumDen: 0 }, 'cost per resolved session'),
    ).toThrow('cost per resolved session: the denominator is zero over all 3 units, so the ratio is undefined');
    expect(() => deltaMethodRatio({ n: 1, sumNum: 1, sumDen: 1, sumNumSq: 1, sumDenSq: 1, sumNumDen: 1 })).toThrow(
      'ratio: needs at least 2 units, got 1',
    );
  });

  it('gives the documented example', () => {
    expect(deltaMethodRatio({ n: 3, sumNum: 3, sumDen: 6, sumNumSq: 5, sumDenSq: 14, sumNumDen: 8 }).ratio).toBe(0.5);
  });
});
