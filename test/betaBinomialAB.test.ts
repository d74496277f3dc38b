import { describe, expect, it } from 'vitest';
import { betaBinomialAB } from '../src/analysis/betaBinomialAB';

// Expected values: test/reference/beta_binomial.py with SciPy 1.10 (Debian python3-scipy): Evan Miller's exact sum
// for P(treatment > control) (quad for the Jeffreys prior), nested quad for the expected losses, brentq for the lift.
const CASES = [
  {
    case: [3, 10, 5, 10, 1, 1],
    prob: 0.8065015479876162,
    lossShip: 0.021054875038742343,
    lossKeep: 0.18772154170540903,
    lift: [-0.4249432128124424, 3.924562842363044],
    ciA: [0.10926344381909811, 0.6097425595724212],
    ciB: [0.23379359765934518, 0.7662064023406548],
  },
  {
    case: [120, 1000, 150, 1000, 1, 1],
    prob: 0.9750678368120986,
    lossShip: 0.00014417785505173775,
    lossKeep: 0.030084297615530792,
    lift: [0.00013124135176390572, 0.5625154895103488],
    ciA: [0.10132341964422845, 0.14162699974885076],
    ciB: [0.12923057128760426, 0.17348707340422306],
  },
  {
    case: [33310, 53196, 35547, 53399, 1, 1],
    prob: 0.9999999999184822,
    lossShip: 0,
    lossKeep: 0.03951026119688994,
    lift: [0.053680391705611126, 0.07260757866162697],
    ciA: [0.6220543787665915, 0.6302769492891329],
    ciB: [0.6616734254598975, 0.6696756560357071],
  },
  {
    case: [50, 100, 5000, 10000, 1, 1],
    prob: 0.49999999999777733,
    lossShip: 0.019802439182073275,
    lossKeep: 0.019802439182073275,
    lift: [-0.16257383639687933, 0.2397160887202486],
    ciA: [0.40364306750950685, 0.5963569324904932],
    ciB: [0.4902018558481898, 0.5097981441518102],
  },
  {
    case: [0, 20, 1, 20, 1, 1],
    prob: 0.7560975609756093,
    lossShip: 0.010570824523655325,
    lossKeep: 0.05602536997820078,
    lift: [-0.7981815182573065, 74.05498852005485],
    ciA: [0.0012048834483635125, 0.1610976152190796],
    ciB: [0.011749317884445803, 0.23815990993682112],
  },
  {
    case: [12, 40, 9, 35, 0.5, 0.5],
    prob: 0.3411324433535969,
    lossShip: 0.06433267505535686,
    lossKeep: 0.02334351516375796,
    lift: [-0.5989974207157279, 0.7663232168137833],
    ciA: [0.17561980574181782, 0.45215830798924034],
    ciB: [0.13553243667479795, 0.417054175088082],
  },
];

describe('betaBinomialAB', () => {
  it.each(CASES)('matches SciPy to 1e-6 for $case', ({ case: [s1, n1, s2, n2, pa, pb], prob, lossShip, lossKeep, lift, ciA, ciB }) => {
    const r = betaBinomialAB(
      { successes: s1!, trials: n1! },
      { successes: s2!, trials: n2! },
      { prior: { alpha: pa!, beta: pb! }, liftInterval: true },
    );
    expect(r.probTreatmentBeatsControl).toBeCloseTo(prob, 6);
    expect(r.expectedLossShipTreatment).toBeCloseTo(lossShip, 6);
    expect(r.expectedLossKeepControl).toBeCloseTo(lossKeep, 6);
    expect(r.controlInterval95[0]).toBeCloseTo(ciA[0]!, 8);
    expect(r.controlInterval95[1]).toBeCloseTo(ciA[1]!, 8);
    expect(r.treatmentInterval95[0]).toBeCloseTo(ciB[0]!, 8);
    expect(r.treatmentInterval95[1]).toBeCloseTo(ciB[1]!, 8);
    // the lift's upper tail is wide for tiny counts: relative accuracy there
    expect(r.relativeLiftInterval95![0]).toBeCloseTo(lift[0]!, 6);
    expect(r.relativeLiftInterval95![1] / lift[1]! - 1).toBeCloseTo(0, 6);
  });

  it('is symmetric: swapping the arms swaps the probability and the losses', () => {
    const ab = betaBinomialAB({ successes: 120, trials: 1000 }, { successes: 150, trials: 1000 });
    const ba = betaBinomialAB({ successes: 150, trials: 1000 }, { successes: 120, trials: 1000 });
    expect(ab.probTreatmentBeatsControl + ba.probTreatmentBeatsControl).toBeCloseTo(1, 9);
    expect(ab.expectedLossShipTreatment).toBeCloseTo(ba.expectedLossKeepControl, 9);
  });

  it('gives the same answer every time (no sampling)', () => {
    const once = betaBinomialAB({ successes: 7, trials: 50 }, { successes: 9, trials: 48 });
    expect(betaBinomialAB({ successes: 7, trials: 50 }, { successes: 9, trials: 48 })).toEqual(once);
  });

  it('refuses zero trials, successes above trials, negative or fractional counts and a bad prior, naming the value', () => {
    const ok = { successes: 1, trials: 10 };
    expect(() => betaBinomialAB({ successes: 0, trials: 0 }, ok)).toThrow('control has zero trials: no rate can be estimated');
    expect(() => betaBinomialAB(ok, { successes: 11, trials: 10 })).toThrow('treatment has more successes (11) than trials (10)');
    expect(() => betaBinomialAB({ successes: -1, trials: 10 }, ok)).toThrow(
      'control.successes must be a non-negative whole number, got -1',
    );
    expect(() => betaBinomialAB(ok, { successes: 1.5, trials: 10 })).toThrow(/treatment.successes/);
    expect(() => betaBinomialAB(ok, ok, { prior: { alpha: 0, beta: 1 } })).toThrow(/prior alpha and beta must be positive/);
  });
});
