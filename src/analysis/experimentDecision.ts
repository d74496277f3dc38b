import type { BetaBinomialResult } from './betaBinomialAB';
import type { GaussianEffectResult } from './gaussianEffect';

/** What a readout recommends for one metric or the experiment as a whole. */
export type Decision = 'ship' | 'keep_control' | 'stop_for_harm' | 'keep_running' | 'untrustworthy';

/** Thresholds of the decision rule; documented in docs/experiments.md. */
export interface DecisionRule {
  /** Chance to be better needed to ship (or worse, to keep control). Default 0.95. */
  winProbability: number;
  /** Largest expected loss, relative to the control's value, accepted with a decision. Default 0.005 (0.5%). */
  relativeLossTolerance: number;
  /** Always-valid p-value under which a critical metric that got worse stops the experiment. Default 0.05. */
  harmAlpha: number;
}

export const DEFAULT_RULE: DecisionRule = { winProbability: 0.95, relativeLossTolerance: 0.005, harmAlpha: 0.05 };

export interface MetricDecision {
  decision: Exclude<Decision, 'untrustworthy'>;
  /** P(the treatment is better), oriented by higherIsBetter. */
  chanceBetter: number;
  /** Expected relative loss of shipping the treatment, and of keeping the control. */
  relativeRiskShip: number;
  relativeRiskKeep: number;
  reason: string;
}

function decide(chanceBetter: number, riskShip: number, riskKeep: number, harmP: number | undefined, rule: DecisionRule): MetricDecision {
  const pct = (x: number) => (x > 0.9999 ? '> 99.99%' : x > 0 && x < 0.0001 ? '< 0.01%' : `${(x * 100).toFixed(2)}%`);
  if (harmP !== undefined && harmP < rule.harmAlpha && chanceBetter < 0.5) {
    return {
      decision: 'stop_for_harm',
      chanceBetter,
      relativeRiskShip: riskShip,
      relativeRiskKeep: riskKeep,
      reason: `credibly worse: always-valid p = ${harmP.toPrecision(3)} < ${rule.harmAlpha} on a critical metric`,
    };
  }
  if (chanceBetter >= rule.winProbability && riskShip <= rule.relativeLossTolerance) {
    return {
      decision: 'ship',
      chanceBetter,
      relativeRiskShip: riskShip,
      relativeRiskKeep: riskKeep,
      reason: `${pct(chanceBetter)} chance to be better, expected loss if wrong ${pct(riskShip)}`,
    };
  }
  if (1 - chanceBetter >= rule.winProbability && riskKeep <= rule.relativeLossTolerance) {
    return {
      decision: 'keep_control',
      chanceBetter,
      relativeRiskShip: riskShip,
      relativeRiskKeep: riskKeep,
      reason: `${pct(1 - chanceBetter)} chance the control is better, expected loss of keeping it ${pct(riskKeep)}`,
    };
  }
  return {
    decision: 'keep_running',
    chanceBetter,
    relativeRiskShip: riskShip,
    relativeRiskKeep: riskKeep,
    reason: `${pct(chanceBetter)} chance to be better: not yet ${pct(rule.winProbability)} either way with loss under ${pct(rule.relativeLossTolerance)}`,
  };
}

/**
 * The decision for a rate metric from its Beta-Binomial readout, oriented by whether higher is better; `harmP` is the
 * metric's always-valid (mSPRT) p-value when it is a critical metric.
 * @throws never.
 * @example
 * decideRate(betaBinomialAB({ successes: 600, trials: 1000 }, { successes: 680, trials: 1000 }), true).decision // => 'ship'
 */
export function decideRate(
  r: BetaBinomialResult,
  higherIsBetter: boolean,
  harmP?: number,
  rule: DecisionRule = DEFAULT_RULE,
): MetricDecision {
  const base = r.control.mean;
  const chanceBetter = higherIsBetter ? r.probTreatmentBeatsControl : 1 - r.probTreatmentBeatsControl;
  const lossShip = (higherIsBetter ? r.expectedLossShipTreatment : r.expectedLossKeepControl) / base;
  const lossKeep = (higherIsBetter ? r.expectedLossKeepControl : r.expectedLossShipTreatment) / base;
  return decide(chanceBetter, lossShip, lossKeep, harmP, rule);
}

/**
 * The decision for a mean metric (or a rate read through CUPED, or a ratio) from its Gaussian effect readout, already
 * oriented and relative; `harmP` is the always-valid p-value of a critical metric.
 * @example
 * decideMean(gaussianEffect({ n: 9000, mean: 4, variance: 1 }, { n: 9000, mean: 4.1, variance: 1 })).decision // => 'ship'
 */
export function decideMean(r: GaussianEffectResult, rule: DecisionRule = DEFAULT_RULE, harmP?: number): MetricDecision {
  return decide(r.chanceToWin, r.riskShipTreatment, r.riskKeepControl, harmP, rule);
}

/**
 * Days until a rate metric could be decided at the current traffic: the per-arm size a two-sided 5%-level test with
 * 80% power needs for the observed difference, n = (1.96 + 0.84)^2 (pc(1-pc) + pt(1-pt)) / (pt - pc)^2, less what each
 * arm has, over the arm's trials per day so far. A planning figure, not a stopping rule.
 * Returns null, with the reason, when no difference is observed or it would take more than a year.
 * @example
 * daysToDecision({ successes: 300, trials: 1000 }, { successes: 330, trials: 1000 }, 10).days // => 28
 */
export function daysToDecision(
  control: { successes: number; trials: number },
  treatment: { successes: number; trials: number },
  daysSoFar: number,
): { days: number | null; reason: string } {
  const pc = control.successes / control.trials;
  const pt = treatment.successes / treatment.trials;
  const delta = pt - pc;
  if (!(daysSoFar > 0) || control.trials === 0 || treatment.trials === 0) return { days: null, reason: 'no traffic yet' };
  if (delta === 0) return { days: null, reason: 'no difference observed: no decision in sight at this traffic' };
  const need = ((1.96 + 0.8416) ** 2 * (pc * (1 - pc) + pt * (1 - pt))) / delta ** 2;
  const have = Math.min(control.trials, treatment.trials);
  const perDay = have / daysSoFar;
  const days = Math.max(0, Math.ceil((need - have) / perDay));
  if (days > 365)
    return {
      days: null,
      reason: `the observed difference (${(delta * 100).toFixed(2)} points) would need more than a year at this traffic`,
    };
  return {
    days,
    reason: `about ${Math.round(need).toLocaleString('en-US')} per arm for the observed ${(delta * 100).toFixed(2)}-point difference at ${Math.round(perDay).toLocaleString('en-US')} a day`,
  };
}
