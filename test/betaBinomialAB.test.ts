import { describe, expect, it } from 'vitest';
import betainc from '@stdlib/math-base-special-betainc';
import { betaBinomialAB } from '../src/analysis/betaBinomialAB';
import { pythonReference } from './helpers';

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

/** mpmath's values (test/reference/beta_binomial_mpmath.py), pasted: P(beat), losses and lift quantiles. */
const MPMATH: { case: number[]; prob: number; lossShip: number; lossKeep: number; lift: number[] }[] = [
  {
    case: [500000, 10000000, 502000, 10000000],
    prob: 0.9798185280275507,
    lossShip: 7.237190429189126e-7,
    lossKeep: 0.0002007236790429269,
    lift: [0.00017537299223164282, 0.007839252191409029],
  },
  {
    case: [5000000, 100000000, 5002000, 100000000],
    prob: 0.7417739889733272,
    lossShip: 4.798704941003899e-6,
    lossKeep: 2.4798704541003905e-5,
    lift: [-0.0008078292632562252, 0.0016092892940019405],
  },
  {
    case: [99000000, 100000000, 99001000, 100000000],
    prob: 0.7614097931856049,
    lossShip: 1.973337444502274e-6,
    lossKeep: 1.1973337244502278e-5,
    lift: [-1.774957463084562e-5, 3.7952380068604856e-5],
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

  /** The differences of a result from expected values beyond `tol` (lifts above 1 relative), one line each. */
  function offBy(
    got: ReturnType<typeof betaBinomialAB>,
    want: { prob: number; lossShip: number; lossKeep: number; lift: number[]; ciA?: number[]; ciB?: number[] },
    at: string,
    tol: number,
  ): string[] {
    const off: string[] = [];
    const check = (what: string, g: number, w: number, t = tol) => {
      if (!(Math.abs(g - w) <= t)) off.push(`${at} ${what}: ${g} for ${w}`);
    };
    check('P(beat)', got.probTreatmentBeatsControl, want.prob);
    check('loss ship', got.expectedLossShipTreatment, want.lossShip);
    check('loss keep', got.expectedLossKeepControl, want.lossKeep);
    if (want.ciA) check('control interval', got.controlInterval95[0], want.ciA[0]!);
    if (want.ciB) check('treatment interval', got.treatmentInterval95[1], want.ciB[1]!);
    for (const k of [0, 1] as const)
      check(`lift ${k}`, got.relativeLiftInterval95![k], want.lift[k]!, tol * Math.max(1, Math.abs(want.lift[k]!)));
    return off;
  }

  it('agrees with exact integration (SciPy) to 1e-9 up to 1e6 trials, and where a 1e8-trial posterior is the narrow one', () => {
    // [control successes, trials, treatment successes, trials, prior alpha, prior beta]
    const cases = [
      [1, 2, 999, 1000, 1, 1], // a wide control against a narrow treatment: the lift interval's hard case (9.55 for 9.58)
      [2, 400, 900, 1000, 1, 1], // its upper lift bound was 583.50 for 580.87
      [999, 1000, 1, 2, 1, 1],
      [3, 10, 5, 10, 1, 1],
      [0, 20, 1, 20, 1, 1],
      [12, 40, 9, 35, 0.5, 0.5],
      [30_000, 1_000_000, 30_400, 1_000_000, 1, 1],
      [5, 10, 50_000_000, 100_000_000, 1, 1],
      [4_000, 100_000, 40_200_000, 100_000_000, 1, 1],
    ];
    // Expected: test/reference/beta_binomial_exact.py (SciPy quad, self-normalised, over the narrower posterior). It
    // evaluates the incomplete beta only of the wider posterior, which SciPy does to 1e-12 at these sizes.
    const exact = pythonReference<
      { case: number[]; prob: number; lossShip: number; lossKeep: number; lift: [number, number]; ciA: number[]; ciB: number[] }[]
    >('beta_binomial_exact.py', cases);
    const off = exact.flatMap((e) => {
      const [s1, n1, s2, n2, pa, pb] = e.case as [number, number, number, number, number, number];
      const r = betaBinomialAB(
        { successes: s1, trials: n1 },
        { successes: s2, trials: n2 },
        { prior: { alpha: pa, beta: pb }, liftInterval: true },
      );
      return offBy(r, e, e.case.join('/'), 1e-9);
    });
    expect(off).toEqual([]);
  });

  it('agrees with 40-digit integration to 1e-9 at 1e7 and 1e8 trials per arm, where SciPy itself is off', () => {
    // Expected: test/reference/beta_binomial_mpmath.py (mpmath, 40 digits: continued-fraction incomplete beta,
    // Gauss-Legendre, secant for the lift), run once and pasted. jStat gave 0.97982788 for the first P(beat).
    expect(MPMATH).toHaveLength(3);
    const off = MPMATH.flatMap((e) => {
      const [s1, n1, s2, n2] = e.case as [number, number, number, number];
      return offBy(
        betaBinomialAB({ successes: s1, trials: n1 }, { successes: s2, trials: n2 }, { liftInterval: true }),
        e,
        e.case.join('/'),
        1e-9,
      );
    });
    expect(off).toEqual([]);
  });

  it("rests on @stdlib's incomplete beta, exact to 1e-9 at 1e8 trials (SciPy 1.10's is off by 3e-8 there, and by 2e-3 at the mean)", () => {
    // Expected: I_x(a, b) by its continued fraction in mpmath at 40 digits (test/reference/beta_binomial_mpmath.py's
    // ibeta), at the mean and one sd either side of Beta(5002001, 94997999).
    const [a, b] = [5_002_001, 94_997_999];
    const m = a / (a + b);
    const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
    const want: [number, number][] = [
      [-1, 0.15865524826556682],
      [0, 0.5000549013335],
      [1, 0.8413447517305902],
    ];
    for (const [z, v] of want) expect(Math.abs(betainc(m + z * sd, a, b) - v)).toBeLessThan(1e-9);
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
