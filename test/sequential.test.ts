import { describe, expect, it } from 'vitest';
import { aaSimulation } from '../src/analysis/aaSimulation';
import { gaussianEffect } from '../src/analysis/gaussianEffect';
import { msprt } from '../src/analysis/msprt';

describe('msprt', () => {
  // Expected: Johari et al.'s mixture likelihood ratio evaluated in Python 3.11 (math module), look by look.
  it('gives the mixture likelihood ratio and the running-minimum always-valid p-value', () => {
    const looks = [
      [300, 500, 320, 500],
      [610, 1000, 660, 1000],
      [905, 1500, 1000, 1500],
      [1190, 2000, 1340, 2000],
    ].map(([sc, nc, st, nt]) => ({
      control: { successes: sc!, trials: nc! },
      treatment: { successes: st!, trials: nt! },
    }));
    const r = msprt(looks);
    const lambdas = [1.0795408896142167, 2.566558347493579, 26.248240005902932, 1358.3281922952553];
    r.likelihoodRatios.forEach((l, i) => expect(l).toBeCloseTo(lambdas[i]!, 9));
    const pValues = [0.9263197064794448, 0.3896268327492219, 0.038097792452945846, 0.0007361991053945771];
    r.pValues.forEach((p, i) => expect(p).toBeCloseTo(pValues[i]!, 12));
  });

  it('uses the variance of the difference, p_c(1-p_c)/n_c + p_t(1-p_t)/n_t, with arms of unequal size', () => {
    // Expected: the same formula in Python 3.11 (math module): 300/2000 against 180/1000, tau 0.02. The pooled form
    // (v_c + v_t)(1/n_c + 1/n_t)/2 gave 0.406624 here, rejecting too readily when the smaller arm varies more.
    const look = { control: { successes: 300, trials: 2000 }, treatment: { successes: 180, trials: 1000 } };
    expect(msprt([look]).pValues[0]).toBeCloseTo(0.42230956122850727, 12);
    const swapped = { control: look.treatment, treatment: look.control };
    expect(msprt([swapped]).pValues[0]).toBeCloseTo(0.42230956122850727, 12);
  });

  it('never raises its p-value once it has fallen', () => {
    const r = msprt([
      { control: { successes: 500, trials: 1000 }, treatment: { successes: 580, trials: 1000 } },
      { control: { successes: 1000, trials: 2000 }, treatment: { successes: 1010, trials: 2000 } },
    ]);
    expect(r.pValues[1]).toBe(r.pValues[0]);
  });

  it('stays at 1 while an arm has no data or no variance, and refuses bad counts', () => {
    expect(msprt([{ control: { successes: 0, trials: 0 }, treatment: { successes: 3, trials: 5 } }]).pValues).toEqual([1]);
    expect(msprt([{ control: { successes: 5, trials: 5 }, treatment: { successes: 5, trials: 5 } }]).pValues).toEqual([1]);
    expect(() => msprt([{ control: { successes: 6, trials: 5 }, treatment: { successes: 1, trials: 5 } }])).toThrow(
      /look 0: control counts/,
    );
    expect(() => msprt([], { tau: 0 })).toThrow(/tau must be a positive number/);
  });
});

describe('A/A simulation with daily looks', () => {
  it('keeps the mSPRT false-stop rate at or under 5% over 2,000 experiments, where daily z-test peeking does not', () => {
    const r = aaSimulation({ experiments: 2000, days: 28, sessionsPerDay: 500, rate: 0.6, seed: 20261122 });
    expect(r.msprtFalseStopRate).toBeLessThanOrEqual(0.05);
    expect(r.naiveFalseStopRate).toBeGreaterThan(0.15);
    // a single test at the horizon is near its nominal 5%: the simulation itself is calibrated
    expect(Math.abs(r.fixedHorizonFalsePositiveRate - 0.05)).toBeLessThan(0.015);
  });

  it('keeps the false-stop rate of a two-treatment, five-metric A/A under 5% with Holm, where uncorrected it is not', () => {
    // 10 comparisons, each always-valid: uncorrected, any of them stopping happens in about 10% of A/A experiments.
    const r = aaSimulation({ experiments: 600, days: 28, sessionsPerDay: 300, treatments: 2, metrics: 5, seed: 7 });
    expect(r.comparisons).toBe(10);
    expect(r.holmFamilyFalseStopRate).toBeLessThanOrEqual(0.05);
    expect(r.familyFalseStopRate).toBeGreaterThan(0.06);
    expect(r.holmFamilyFalseStopRate).toBeLessThan(r.familyFalseStopRate);
  });
});

describe('gaussianEffect', () => {
  // Expected: the delta-method lift and normal posterior in Python with SciPy 1.10; risks by scipy.integrate.quad of the
  // oriented posterior (an independent check of the closed form).
  it.each([
    [
      'CSAT, flat prior',
      { n: 1000, mean: 4.0, variance: 1.0 },
      { n: 1000, mean: 4.1, variance: 1.0 },
      {},
      [
        0.02499999999999991, 0.011320956783770531, 0.9863881044490829, 0.002811332433275266, 0.04718866756672456, 5.403387404705422e-5,
        0.02505403387404696,
      ],
    ],
    [
      'latency, lower is better',
      { n: 5000, mean: 1350, variance: 250000 },
      { n: 5200, mean: 1320, variance: 260000 },
      { higherIsBetter: false },
      [
        -0.022222222222222223, 0.00732556525104745, 0.9987913920799656, -0.03658006628067335, -0.0078643781637711, 2.4856981569734605e-6,
        0.022224707920379238,
      ],
    ],
    [
      'cost with a proper prior',
      { n: 800, mean: 0.0081, variance: 0.00002 },
      { n: 790, mean: 0.0079, variance: 0.000018 },
      { higherIsBetter: false, prior: { mean: 0, variance: 0.01 } },
      [
        -0.02305506727367591, 0.025742916582260078, 0.8147637850245886, -0.0735102566319246, 0.027400122084572782, 0.002606358552553265,
        0.02566142582622918,
      ],
    ],
    [
      'small CSAT samples',
      { n: 30, mean: 3.9, variance: 1.3 },
      { n: 28, mean: 3.7, variance: 1.1 },
      {},
      [
        -0.05128205128205122, 0.0717438295154455, 0.23736820430644767, -0.19189737324530612, 0.0893332706812037, 0.06127839481164016,
        0.009996343529588943,
      ],
    ],
  ] as const)('equals the reference for %s', (_label, a, b, options, [lift, se, win, lo, hi, riskShip, riskKeep]) => {
    const r = gaussianEffect(a, b, options);
    expect(r.relativeLift).toBeCloseTo(lift, 12);
    expect(r.standardError).toBeCloseTo(se, 12);
    expect(r.chanceToWin).toBeCloseTo(win, 9);
    expect(r.interval95[0]).toBeCloseTo(lo, 9);
    expect(r.interval95[1]).toBeCloseTo(hi, 9);
    expect(r.riskShipTreatment).toBeCloseTo(riskShip, 8);
    expect(r.riskKeepControl).toBeCloseTo(riskKeep, 8);
  });

  it('refuses a zero control mean, tiny samples and a negative variance', () => {
    const ok = { n: 10, mean: 1, variance: 1 };
    expect(() => gaussianEffect({ n: 10, mean: 0, variance: 1 }, ok)).toThrow('control mean is 0: a relative lift is undefined');
    expect(() => gaussianEffect({ n: 1, mean: 1, variance: 1 }, ok)).toThrow('control.n must be at least 2, got 1');
    expect(() => gaussianEffect(ok, { n: 10, mean: 1, variance: -1 })).toThrow(/treatment.variance/);
  });
});
