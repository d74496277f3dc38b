import jstat from 'jstat';
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
 * A/A simulation of daily looks: both arms share one true rate, so every stop is a false one. Compares the mSPRT
 * stopping rule with naive daily peeking at a z-test. Deterministic for a seed.
 * @example
 * aaSimulation({ experiments: 200, seed: 1 }).msprtFalseStopRate <= 0.05 // => true
 */
export function aaSimulation(options: AASimulationOptions = {}): AASimulationResult {
  const experiments = options.experiments ?? 2000;
  const days = options.days ?? 28;
  const perDay = options.sessionsPerDay ?? 500;
  const rate = options.rate ?? 0.6;
  const alpha = options.alpha ?? 0.05;
  const random = mulberry32(options.seed ?? 20261122);
  let msprtStops = 0;
  let naiveStops = 0;
  let fixedFlags = 0;
  for (let e = 0; e < experiments; e++) {
    const looks: SequentialLook[] = [];
    const c = { successes: 0, trials: 0 };
    const t = { successes: 0, trials: 0 };
    let naive = false;
    for (let d = 0; d < days; d++) {
      c.successes += binomial(perDay, rate, random);
      c.trials += perDay;
      t.successes += binomial(perDay, rate, random);
      t.trials += perDay;
      looks.push({ control: { ...c }, treatment: { ...t } });
      if (zTestP(c, t) < alpha) naive = true;
    }
    if (msprt(looks, { tau: options.tau }).pValues.at(-1)! < alpha) msprtStops += 1;
    if (naive) naiveStops += 1;
    if (zTestP(c, t) < alpha) fixedFlags += 1;
  }
  return {
    experiments,
    days,
    msprtFalseStopRate: msprtStops / experiments,
    naiveFalseStopRate: naiveStops / experiments,
    fixedHorizonFalsePositiveRate: fixedFlags / experiments,
  };
}
