import jstat from 'jstat';
import { adjustPValues } from './adjustPValues';
import { msprt, type SequentialLook } from './msprt';

const { jStat } = jstat;

export interface AASimulationOptions {
  experiments?: number;
  days?: number;
  /** Sessions per arm per day. */
  sessionsPerDay?: number;
  /** The true rate in both arms. */
  rate?: number;
  alpha?: number;
  tau?: number;
  seed?: number;
  /** Treatment arms, each against the one control (default 1). */
  treatments?: number;
  /** Independent metrics read on every arm (default 1). */
  metrics?: number;
}

export interface AASimulationResult {
  experiments: number;
  days: number;
  /** Share of A/A experiments the mSPRT stopped (always-valid p < alpha at some daily look). */
  msprtFalseStopRate: number;
  /** Share stopped by a naive two-proportion z-test looked at every day (p < alpha at some look). */
  naiveFalseStopRate: number;
  /** Share a single z-test at the last day would flag, for scale (about alpha). */
  fixedHorizonFalsePositiveRate: number;
  /** Comparisons an experiment reads: treatments x metrics. */
  comparisons: number;
  /** Share of experiments where any comparison's always-valid p fell below alpha, uncorrected. */
  familyFalseStopRate: number;
  /** The same with Holm's correction over the comparisons (what a readout with corrections stops on). */
  holmFamilyFalseStopRate: number;
}

/** mulberry32: a small seeded PRNG, so simulations are reproducible without touching global randomness. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function binomial(n: number, p: number, random: () => number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (random() < p) k += 1;
  return k;
}

function zTestP(c: { successes: number; trials: number }, t: { successes: number; trials: number }): number {
  const pooled = (c.successes + t.successes) / (c.trials + t.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / c.trials + 1 / t.trials));
  if (se === 0) return 1;
  const z = (t.successes / t.trials - c.successes / c.trials) / se;
  return 2 * (1 - jStat.normal.cdf(Math.abs(z), 0, 1));
}

/**
 * A/A simulation of daily looks: every arm shares one true rate, so every stop is a false one. Compares the mSPRT
 * stopping rule with naive daily peeking at a z-test and, with several treatments and metrics, the family's false-stop
 * rate with and without Holm's correction over the always-valid p-values (valid at any look, so their Holm adjustment
 * is too). Deterministic for a seed.
 * @example
 * aaSimulation({ experiments: 200, seed: 1 }).msprtFalseStopRate <= 0.05 // => true
 */
export function aaSimulation(options: AASimulationOptions = {}): AASimulationResult {
  const experiments = options.experiments ?? 2000;
  const days = options.days ?? 28;
  const perDay = options.sessionsPerDay ?? 500;
  const rate = options.rate ?? 0.6;
  const alpha = options.alpha ?? 0.05;
  const treatments = options.treatments ?? 1;
  const metrics = options.metrics ?? 1;
  const random = mulberry32(options.seed ?? 20261122);
  let msprtStops = 0;
  let naiveStops = 0;
  let fixedFlags = 0;
  let familyStops = 0;
  let holmStops = 0;
  for (let e = 0; e < experiments; e++) {
    // arms[m][a]: metric m, arm a (0 the control); looks[m][a - 1] the looks of treatment a on metric m.
    const arms = Array.from({ length: metrics }, () => Array.from({ length: treatments + 1 }, () => ({ successes: 0, trials: 0 })));
    const looks: SequentialLook[][][] = Array.from({ length: metrics }, () => Array.from({ length: treatments }, () => []));
    let naive = false;
    for (let d = 0; d < days; d++) {
      for (let m = 0; m < metrics; m++) {
        for (const arm of arms[m]!) {
          arm.successes += binomial(perDay, rate, random);
          arm.trials += perDay;
        }
        for (let a = 1; a <= treatments; a++) looks[m]![a - 1]!.push({ control: { ...arms[m]![0]! }, treatment: { ...arms[m]![a]! } });
      }
      if (zTestP(arms[0]![0]!, arms[0]![1]!) < alpha) naive = true;
    }
    const ps = looks.flatMap((byArm) => byArm.map((l) => msprt(l, { tau: options.tau }).pValues.at(-1)!));
    if (ps[0]! < alpha) msprtStops += 1;
    if (naive) naiveStops += 1;
    if (zTestP(arms[0]![0]!, arms[0]![1]!) < alpha) fixedFlags += 1;
    if (ps.some((p) => p < alpha)) familyStops += 1;
    if (adjustPValues(ps, 'holm').some((p) => p < alpha)) holmStops += 1;
  }
  return {
    experiments,
    days,
    msprtFalseStopRate: msprtStops / experiments,
    naiveFalseStopRate: naiveStops / experiments,
    fixedHorizonFalsePositiveRate: fixedFlags / experiments,
    comparisons: treatments * metrics,
    familyFalseStopRate: familyStops / experiments,
    holmFamilyFalseStopRate: holmStops / experiments,
  };
}
