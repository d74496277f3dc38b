import jstat from 'jstat';
import { binomialUpperTail } from './binomialUpperTail';
import { twoProportionZTest } from './twoProportionZTest';

const { jStat } = jstat;

/** One deployment variant's counts over the analysis window, as queries/deploy/canary_health.sql returns them. */
export interface CanaryArm {
  turns: number;
  escalations: number;
  errors: number;
  /** Turns slower than the latency limit (maxP99Ms). */
  slowTurns: number;
  /** Observed P99 latency in ms; null when the arm has no latency values. */
  latencyP99Ms: number | null;
}

export interface CanaryOptions {
  /** Roll back when the canary's escalation rate exceeds the baseline's by more than this (default 0.02, 2pp). */
  escalationIncrease?: number;
  /** Roll back when the canary's error rate is above this (default 0.01). */
  maxErrorRate?: number;
  /** Roll back when the canary's P99 latency is above this many ms (default 3000). */
  maxP99Ms?: number;
  /** One-sided significance each rule needs before it may trigger (default 0.01). */
  alpha?: number;
  /** Power the minimum sample is sized for (default 0.8). */
  power?: number;
  /** The minimum sample is never below this many canary turns (default 1000, ten expected turns past a P99). */
  minTurnsFloor?: number;
}

export interface CanaryRule {
  metric: 'escalation_rate' | 'error_rate' | 'latency_p99_ms';
  canary: number | null;
  baseline: number | null;
  threshold: number;
  /** Point estimate past the threshold and the one-sided test significant at alpha. */
  breached: boolean;
  /** The one-sided test's p-value; null when it could not run (note says why). */
  pValue: number | null;
  note: string;
}

export interface CanaryResult {
  /** rollback: a rule breached; healthy: none did and the canary reached minTurns; insufficient: none did, too few turns yet. */
  verdict: 'rollback' | 'healthy' | 'insufficient';
  canaryTurns: number;
  minTurns: number;
  alpha: number;
  rules: CanaryRule[];
  /** One sentence: the verdict and why. */
  summary: string;
}

/**
 * Canary analysis (US-3.4): the canary deployment against the baseline on the three rollback rules, escalation rate
 * up more than 2pp, error rate above 1%, P99 latency above 3 s. With 1% of traffic on the canary its rates are
 * noisy, so a rule triggers only when its point estimate is past the threshold *and* a one-sided test rejects
 * "within the threshold" at `alpha` (default 0.01 per rule): the pooled two-proportion z-test of canary above
 * baseline for escalations; the exact binomial test of the error count against 1%; and, for latency, the exact
 * binomial test of the count of turns slower than 3 s against the 1% a P99 of 3 s allows. A healthy verdict also
 * needs a minimum sample: the canary turns that detect a 2pp escalation increase over the baseline rate with
 * `power` at `alpha` (n = (z_alpha + z_power)^2 p(1 - p) / 0.02^2, p the baseline rate plus 2pp), and never fewer
 * than `minTurnsFloor`. Before that the verdict is insufficient, unless a rule has already breached.
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.binomtest.html
 *
 * @throws RangeError for counts that are not whole numbers, or above the arm's turns.
 * @example
 * canaryAnalysis({ turns: 200000, escalations: 30000, errors: 600, slowTurns: 1500, latencyP99Ms: 2600 },
 *   { turns: 2500, escalations: 500, errors: 10, slowTurns: 20, latencyP99Ms: 2700 }).verdict // => 'rollback'
 */
export function canaryAnalysis(baseline: CanaryArm, canary: CanaryArm, options: CanaryOptions = {}): CanaryResult {
  const inc = options.escalationIncrease ?? 0.02;
  const maxErr = options.maxErrorRate ?? 0.01;
  const maxP99 = options.maxP99Ms ?? 3000;
  const alpha = options.alpha ?? 0.01;
  const power = options.power ?? 0.8;
  const floor = options.minTurnsFloor ?? 1000;
  for (const [name, arm] of [
    ['baseline', baseline],
    ['canary', canary],
  ] as const) {
    if (!Number.isInteger(arm.turns) || arm.turns < 0)
      throw new RangeError(`${name}.turns must be a non-negative whole number, got ${arm.turns}`);
    for (const key of ['escalations', 'errors', 'slowTurns'] as const) {
      const v = arm[key];
      if (!Number.isInteger(v) || v < 0 || v > arm.turns)
        throw new RangeError(`${name}.${key} must be a whole number from 0 to ${arm.turns}, got ${v}`);
    }
  }
  const rate = (k: number, n: number) => (n > 0 ? k / n : null);
  const p = (x: number) => (x < 0.001 ? x.toExponential(2) : x.toFixed(3));
  const rules: CanaryRule[] = [];

  // Escalations: canary above baseline by more than `inc`, and significantly above it.
  const ce = rate(canary.escalations, canary.turns);
  const be = rate(baseline.escalations, baseline.turns);
  if (ce === null || be === null) {
    rules.push({
      metric: 'escalation_rate',
      canary: ce,
      baseline: be,
      threshold: inc,
      breached: false,
      pValue: null,
      note: `no ${ce === null ? 'canary' : 'baseline'} turns in the window`,
    });
  } else {
    let pValue: number | null = null;
    let note: string;
    try {
      const z = twoProportionZTest(
        { successes: baseline.escalations, trials: baseline.turns },
        { successes: canary.escalations, trials: canary.turns },
      ).statistic;
      pValue = 1 - jStat.normal.cdf(z, 0, 1);
      note = `canary ${((ce - be) * 100).toFixed(2)}pp against baseline; one-sided z-test p = ${p(pValue)}`;
    } catch (e) {
      note = `no test: ${(e as Error).message}`;
    }
    rules.push({
      metric: 'escalation_rate',
      canary: ce,
      baseline: be,
      threshold: inc,
      breached: ce - be > inc && pValue !== null && pValue < alpha,
      pValue,
      note,
    });
  }

  // Errors: canary rate above maxErr, tested exactly against maxErr.
  const cr = rate(canary.errors, canary.turns);
  if (cr === null) {
    rules.push({
      metric: 'error_rate',
      canary: null,
      baseline: rate(baseline.errors, baseline.turns),
      threshold: maxErr,
      breached: false,
      pValue: null,
      note: 'no canary turns in the window',
    });
  } else {
    const pValue = binomialUpperTail(canary.errors, canary.turns, maxErr);
    rules.push({
      metric: 'error_rate',
      canary: cr,
      baseline: rate(baseline.errors, baseline.turns),
      threshold: maxErr,
      breached: cr > maxErr && pValue < alpha,
      pValue,
      note: `${canary.errors} errors in ${canary.turns} turns; exact binomial test against ${(maxErr * 100).toFixed(1)}% p = ${p(pValue)}`,
    });
  }

  // Latency: more than 1% of canary turns slower than maxP99, beyond what chance allows.
  if (canary.turns === 0 || canary.latencyP99Ms === null) {
    rules.push({
      metric: 'latency_p99_ms',
      canary: canary.latencyP99Ms,
      baseline: baseline.latencyP99Ms,
      threshold: maxP99,
      breached: false,
      pValue: null,
      note: 'no canary latencies in the window',
    });
  } else {
    const pValue = binomialUpperTail(canary.slowTurns, canary.turns, 0.01);
    rules.push({
      metric: 'latency_p99_ms',
      canary: canary.latencyP99Ms,
      baseline: baseline.latencyP99Ms,
      threshold: maxP99,
      breached: canary.latencyP99Ms > maxP99 && pValue < alpha,
      pValue,
      note: `${canary.slowTurns} of ${canary.turns} canary turns slower than ${maxP99} ms; exact binomial test against 1% p = ${p(pValue)}`,
    });
  }

  const p1 = Math.min(0.999, (be ?? 0) + inc);
  const zSum = jStat.normal.inv(1 - alpha, 0, 1) + jStat.normal.inv(power, 0, 1);
  const minTurns = Math.max(floor, Math.ceil((zSum ** 2 * p1 * (1 - p1)) / inc ** 2));
  const breached = rules.filter((r) => r.breached);
  const verdict = breached.length > 0 ? 'rollback' : canary.turns >= minTurns ? 'healthy' : 'insufficient';
  const summary =
    verdict === 'rollback'
      ? `Roll back: ${breached.map((r) => r.metric).join(', ')} past the limit and significant at ${alpha} (${canary.turns} canary turns).`
      : verdict === 'healthy'
        ? `Healthy: no rollback rule breached over ${canary.turns} canary turns (at least ${minTurns} needed).`
        : `Not enough canary traffic yet: ${canary.turns} turns of the ${minTurns} a 2pp escalation increase needs to be seen; no rule has breached.`;
  return { verdict, canaryTurns: canary.turns, minTurns, alpha, rules, summary };
}
