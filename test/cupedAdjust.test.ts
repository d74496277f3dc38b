import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/analysis/aaSimulation';
import { cupedAdjust, type CovariateSums } from '../src/analysis/cupedAdjust';
import { pythonReference } from './helpers';

interface Cuped {
  theta: number;
  effects: number[];
  adjustedMeans: number[];
  adjustedVariances: number[];
  plainVariances: number[];
}

/** Units of `arms` arms: x a unit's pre-period value (missing with chance `missing`), y = 2 + 0.8 x + effect + noise. */
function units(seed: number, arms: number, perArm: number, missing: number) {
  const u = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const arm: number[] = [];
  const y: number[] = [];
  const x: (number | null)[] = [];
  for (let a = 0; a < arms; a++)
    for (let i = 0; i < perArm + 7 * a; i++) {
      const xi = 5 + 2 * normal();
      arm.push(a);
      y.push(2 + 0.8 * xi + 0.3 * a + normal());
      x.push(u() < missing ? null : xi);
    }
  return { arm, y, x };
}

function sums(d: ReturnType<typeof units>, arms: number): CovariateSums[] {
  return Array.from({ length: arms }, (_, a) => {
    const s = { n: 0, sumY: 0, sumYY: 0, withCovariate: 0, sumX: 0, sumXX: 0, sumXY: 0, sumYWithoutCovariate: 0 };
    d.arm.forEach((k, i) => {
      if (k !== a) return;
      const y = d.y[i]!;
      const x = d.x[i];
      s.n += 1;
      s.sumY += y;
      s.sumYY += y * y;
      if (x === null || x === undefined) s.sumYWithoutCovariate += y;
      else {
        s.withCovariate += 1;
        s.sumX += x;
        s.sumXX += x * x;
        s.sumXY += x * y;
      }
    });
    return s;
  });
}

describe('cupedAdjust', () => {
  it("equals statsmodels' OLS y ~ arm + x: the slope, every arm's effect, and the adjusted means and variances", () => {
    const cases = [
      { seed: 1, arms: 2, perArm: 400, missing: 0 },
      { seed: 2, arms: 3, perArm: 300, missing: 0.2 },
      { seed: 3, arms: 2, perArm: 50, missing: 0.5 },
    ];
    const data = cases.map((c) => units(c.seed, c.arms, c.perArm, c.missing));
    // Expected values: test/reference/experiment_reference.py (statsmodels OLS, pandas), from the same units.
    const want = pythonReference<Cuped[]>(
      'experiment_reference.py',
      data.map((d) => ({ kind: 'cuped', ...d })),
    );
    cases.forEach((c, k) => {
      const r = cupedAdjust(sums(data[k]!, c.arms));
      const w = want[k]!;
      expect(r.theta).toBeCloseTo(w.theta, 10);
      for (let a = 1; a < c.arms; a++) expect(r.arms[a]!.adjusted.mean - r.arms[0]!.adjusted.mean).toBeCloseTo(w.effects[a - 1]!, 10);
      r.arms.forEach((arm, a) => {
        expect(arm.adjusted.mean).toBeCloseTo(w.adjustedMeans[a]!, 10);
        expect(arm.adjusted.variance).toBeCloseTo(w.adjustedVariances[a]!, 9);
        expect(arm.plain.variance).toBeCloseTo(w.plainVariances[a]!, 9);
      });
      expect(r.missingCovariate).toBe(data[k]!.x.filter((v) => v === null).length);
    });
  });

  it('removes the share of variance the covariate explains: about rho^2 = 0.72 for y = 0.8 x + noise, var(x) = 4', () => {
    // rho^2 = 0.64 * 4 / (0.64 * 4 + 1) = 0.719 (the model's own algebra); sampling error at 2 x 5,000 units is about 0.01.
    const r = cupedAdjust(sums(units(7, 2, 5000, 0), 2));
    expect(r.varianceReduction).toBeGreaterThan(0.69);
    expect(r.varianceReduction).toBeLessThan(0.75);
    // With every covariate missing nothing is adjusted.
    const none = cupedAdjust(sums(units(7, 2, 500, 1), 2));
    expect(none.theta).toBe(0);
    expect(none.varianceReduction).toBe(0);
    expect(none.arms[1]!.adjusted).toEqual(none.arms[1]!.plain);
  });

  it('refuses an arm with fewer than 2 units and sums that are not numbers', () => {
    const ok: CovariateSums = { n: 4, sumY: 10, sumYY: 30, withCovariate: 4, sumX: 10, sumXX: 30, sumXY: 30, sumYWithoutCovariate: 0 };
    expect(() => cupedAdjust([ok, { ...ok, n: 1, withCovariate: 1 }])).toThrow('arm 1: needs at least 2 units, got 1');
    expect(() => cupedAdjust([ok, { ...ok, sumXY: Number.NaN }])).toThrow('arm 1: sumXY is not a finite number (NaN)');
    expect(() => cupedAdjust([{ ...ok, withCovariate: 5 }])).toThrow('arm 0: 5 units with a covariate out of 4 units');
  });

  it('gives the documented example', () => {
    const a: CovariateSums = { n: 4, sumY: 10, sumYY: 30, withCovariate: 4, sumX: 10, sumXX: 30, sumXY: 30, sumYWithoutCovariate: 0 };
    const b: CovariateSums = { n: 4, sumY: 14, sumYY: 54, withCovariate: 4, sumX: 10, sumXX: 30, sumXY: 40, sumYWithoutCovariate: 0 };
    expect(cupedAdjust([a, b]).theta).toBe(1);
  });
});
