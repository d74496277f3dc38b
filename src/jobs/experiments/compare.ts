// One treatment against the control on every metric: the plain readout, the CUPED-adjusted one where a covariate
// exists, ratio metrics by the delta method, and the decision per metric and per arm.
import { betaBinomialAB, type BetaBinomialResult, type BinomialCounts } from '../../analysis/betaBinomialAB';
import type { CupedArm } from '../../analysis/cupedAdjust';
import { deltaMethodRatio, type RatioSums } from '../../analysis/deltaMethodRatio';
import {
  daysToDecision,
  decideMean,
  decideRate,
  type Decision,
  type DecisionRule,
  type MetricDecision,
} from '../../analysis/experimentDecision';
import { gaussianEffect, type GaussianEffectResult, type MeanSummary } from '../../analysis/gaussianEffect';
import { gaussianMsprt } from '../../analysis/gaussianMsprt';
import { twoProportionZTest } from '../../analysis/twoProportionZTest';
import { welchTTestSummary } from '../../analysis/welchTTest';
import type { ExperimentsVariantMetricsRow } from '../../pipeline/rows/experiments';
import type { ArmComparison, CupedComparison, ExperimentConfig, MetricComparison, MetricDef, ReadoutOptions } from './types';

/** The metrics of a readout, each with its direction. */
export const EXPERIMENT_METRICS: MetricDef[] = [
  { key: 'thumbs_up_rate', label: 'Thumbs-up rate (per rated response)', kind: 'rate', higherIsBetter: true, critical: true },
  { key: 'conversion_rate', label: 'Conversion rate (per session)', kind: 'rate', higherIsBetter: true, critical: true },
  { key: 'resolution_rate', label: 'Resolution rate (per session)', kind: 'rate', higherIsBetter: true, critical: false },
  { key: 'escalation_rate', label: 'Escalation rate (per session)', kind: 'rate', higherIsBetter: false, critical: false },
  { key: 'csat', label: 'CSAT (1-5, asked sessions)', kind: 'mean', higherIsBetter: true, critical: false },
  {
    key: 'response_words',
    label: "Response length (mean words of a session's LLM turns)",
    kind: 'mean',
    higherIsBetter: false,
    critical: false,
  },
  { key: 'latency_ms', label: "Latency (a session's mean ms, capped at P99)", kind: 'mean', higherIsBetter: false, critical: false },
  { key: 'llm_cost_per_session', label: 'LLM cost per session (USD, capped at P99)', kind: 'mean', higherIsBetter: false, critical: false },
  {
    key: 'thumbs_up_per_rated',
    label: 'Thumbs-up per rated response (sessions as the unit, delta method)',
    kind: 'ratio',
    higherIsBetter: true,
    critical: false,
  },
  {
    key: 'cost_per_resolution',
    label: 'LLM cost per resolved session (USD, delta method)',
    kind: 'ratio',
    higherIsBetter: false,
    critical: false,
  },
  {
    key: 'tokens_per_turn',
    label: 'Tokens per turn (input + output, delta method)',
    kind: 'ratio',
    higherIsBetter: false,
    critical: false,
  },
];

/**
 * The always-valid p-value of a mean or ratio metric mixes over true differences with a standard deviation of this
 * share of the control's mean (5%: tuned to effects of a few percent; any value keeps the guarantee).
 */
export const SEQUENTIAL_RELATIVE_TAU = 0.05;

/** Fewest units before a metric is read at all. */
export const MIN_UNITS = { rate: 100, mean: 30, ratio: 30 };

type Agg = ExperimentsVariantMetricsRow;

export function rateCounts(key: string, a: Agg): BinomialCounts {
  switch (key) {
    case 'thumbs_up_rate':
      return { successes: a.thumbsUp ?? 0, trials: a.rated ?? 0 };
    case 'conversion_rate':
      return { successes: a.conversions ?? 0, trials: a.sessions ?? 0 };
    case 'resolution_rate':
      return { successes: a.resolutions ?? 0, trials: a.sessions ?? 0 };
    default:
      return { successes: a.escalatedSessions ?? 0, trials: a.sessions ?? 0 };
  }
}

function meanSummary(key: string, a: Agg): MeanSummary {
  const [n, sum, sumsq] = (
    key === 'csat'
      ? [a.csatN, a.csatSum, a.csatSumsq]
      : key === 'response_words'
        ? [a.wordsN, a.wordsSum, a.wordsSumsq]
        : key === 'latency_ms'
          ? [a.latencyN, a.latencySum, a.latencySumsq]
          : [a.sessions, a.costSum, a.costSumsq]
  ).map((v) => v ?? 0) as [number, number, number];
  const mean = n > 0 ? sum / n : 0;
  const variance = n > 1 ? Math.max(0, (sumsq - n * mean * mean) / (n - 1)) : 0;
  return { n, mean, variance };
}

/** A rate's counts as the mean summary of its 0/1 outcomes (for the normal approximation of the frequentist test). */
function bernoulli(c: BinomialCounts): MeanSummary {
  const p = c.successes / c.trials;
  return { n: c.trials, mean: p, variance: (p * (1 - p) * c.trials) / (c.trials - 1) };
}

/** Welch's p-value, or null when both arms are constant (no t statistic). */
function welchP(c: MeanSummary, t: MeanSummary): number | null {
  try {
    return welchTTestSummary(c, t).pValue;
  } catch {
    return null;
  }
}

/** What one arm brings to the comparison beside its aggregates: CUPED-adjusted arms and ratio sums per metric. */
export interface ArmExtras {
  cuped: Map<string, { control: CupedArm; treatment: CupedArm }>;
  ratios: Map<string, { control: RatioSums | undefined; treatment: RatioSums | undefined }>;
}

export interface ArmInputs {
  experiment: ExperimentConfig;
  control: string;
  treatment: string;
  controlAgg: Agg | undefined;
  tAgg: Agg | undefined;
  extras: ArmExtras;
  trustworthy: boolean;
  srmP: number;
  /** Days of data, for the days-to-decision estimate. */
  days: number;
  /**
   * The always-valid (mSPRT) p-value of a critical metric for this arm, Holm-adjusted over every arm and critical
   * metric (harmPValues), so more arms do not mean more false stops for harm.
   */
  harmP: Map<string, number>;
  options: ReadoutOptions;
  rule: DecisionRule;
}

const EMPTY = {
  control: null,
  treatmentValue: null,
  relativeLift: null,
  interval95: null,
  chanceBetter: null,
  frequentistP: null,
  alwaysValidP: null,
  cuped: null,
  basis: null,
  test: null,
  corrected: null,
} as const;

function notRead(metric: MetricDef, reason: string): MetricComparison {
  return { ...EMPTY, metric, decision: 'not_read', reason };
}

function cupedComparison(
  metric: MetricDef,
  arms: { control: CupedArm; treatment: CupedArm },
): { row: CupedComparison; effect: GaussianEffectResult } | null {
  const c = arms.control.adjusted;
  const t = arms.treatment.adjusted;
  if (c.mean === 0) return null;
  const effect = gaussianEffect(c, t, { higherIsBetter: metric.higherIsBetter });
  return {
    effect,
    row: {
      control: c.mean,
      treatment: t.mean,
      relativeLift: effect.relativeLift,
      interval95: effect.interval95,
      chanceBetter: effect.chanceToWin,
      pValue: welchP(c, t),
    },
  };
}

/** One metric of one arm: the plain readout, CUPED beside it, and the decision on the best basis available. */
function compareMetric(x: ArmInputs, metric: MetricDef, bayes: Record<string, BetaBinomialResult>): MetricComparison {
  const { controlAgg, tAgg, treatment, control, options, rule } = x;
  if (!controlAgg || !tAgg) return notRead(metric, `no sessions in ${controlAgg ? treatment : control}`);
  const harm = metric.critical ? x.harmP.get(metric.key) : undefined;
  // Every other metric's always-valid p at the current look (on the decision's basis), Holm-adjusted over the arms later.
  // The arms here have passed MIN_UNITS and a non-zero control mean, so gaussianMsprt's checks hold.
  const sequential = (c: MeanSummary, t: MeanSummary, tau: number) => gaussianMsprt(c, t, { tau });
  const cupedArms = x.extras.cuped.get(metric.key);
  const cuped = cupedArms ? cupedComparison(metric, cupedArms) : null;
  const adjusted = cuped ? cupedArms : undefined; // the arms the decision reads, when CUPED applies
  type Plain = Pick<MetricComparison, 'control' | 'treatmentValue' | 'relativeLift' | 'interval95' | 'chanceBetter' | 'frequentistP'>;
  const row = (
    plain: Plain,
    d: MetricDecision,
    basis: MetricComparison['basis'],
    plainEffect: GaussianEffectResult | null,
    avp: number | undefined,
  ): MetricComparison => {
    const effect = cuped?.effect ?? plainEffect;
    const p = cuped ? cuped.row.pValue : plain.frequentistP;
    return {
      metric,
      ...plain,
      decision: d.decision,
      reason: d.reason,
      alwaysValidP: harm ?? avp ?? null,
      cuped: cuped?.row ?? null,
      basis,
      test: p === null || !effect ? null : { estimate: effect.relativeLift, standardError: effect.standardError, pValue: p },
      corrected: null,
    };
  };
  if (metric.kind === 'rate') {
    const c = rateCounts(metric.key, controlAgg);
    const t = rateCounts(metric.key, tAgg);
    if (c.trials < MIN_UNITS.rate || t.trials < MIN_UNITS.rate)
      return notRead(metric, `too few units to read (${c.trials} and ${t.trials}; at least ${MIN_UNITS.rate} each)`);
    const r = betaBinomialAB(c, t, { prior: options.prior, liftInterval: true });
    bayes[metric.key] = r;
    let z: number | null;
    try {
      z = twoProportionZTest(c, t).pValue;
    } catch {
      z = null; // both arms at 0% or 100%: no z statistic
    }
    const plainDecision = decideRate(r, metric.higherIsBetter, harm, rule);
    const d = cuped ? decideMean(cuped.effect, rule, harm) : plainDecision;
    return row(
      {
        control: r.control.mean,
        treatmentValue: r.treatment.mean,
        relativeLift: r.relativeLiftOfMeans,
        interval95: r.relativeLiftInterval95,
        chanceBetter: plainDecision.chanceBetter,
        frequentistP: z,
      },
      d,
      cuped ? 'cuped' : 'beta-binomial',
      c.successes > 0 ? gaussianEffect(bernoulli(c), bernoulli(t), { higherIsBetter: metric.higherIsBetter }) : null,
      harm ?? sequential(adjusted?.control.adjusted ?? bernoulli(c), adjusted?.treatment.adjusted ?? bernoulli(t), options.tau ?? 0.02),
    );
  }
  let c: MeanSummary;
  let t: MeanSummary;
  if (metric.kind === 'ratio') {
    const sums = x.extras.ratios.get(metric.key);
    if (!sums?.control || !sums.treatment) return notRead(metric, 'no ratio sums for an arm');
    try {
      c = deltaMethodRatio(sums.control, `${metric.label}, ${control}`).summary;
      t = deltaMethodRatio(sums.treatment, `${metric.label}, ${treatment}`).summary;
    } catch (e) {
      return notRead(metric, (e as Error).message);
    }
  } else {
    c = meanSummary(metric.key, controlAgg);
    t = meanSummary(metric.key, tAgg);
  }
  const least = MIN_UNITS[metric.kind];
  if (c.n < least || t.n < least) return notRead(metric, `too few values to read (${c.n} and ${t.n}; at least ${least} each)`);
  if (c.mean === 0) return notRead(metric, 'control mean is 0: no relative lift');
  const r = gaussianEffect(c, t, { higherIsBetter: metric.higherIsBetter });
  const d = decideMean(cuped?.effect ?? r, rule, harm);
  return row(
    {
      control: c.mean,
      treatmentValue: t.mean,
      relativeLift: r.relativeLift,
      interval95: r.interval95,
      chanceBetter: r.chanceToWin,
      frequentistP: welchP(c, t),
    },
    d,
    cuped ? 'cuped' : metric.kind === 'ratio' ? 'delta-method' : 'gaussian',
    r,
    sequential(adjusted?.control.adjusted ?? c, adjusted?.treatment.adjusted ?? t, SEQUENTIAL_RELATIVE_TAU * Math.abs(c.mean)),
  );
}

/** One treatment against the control on every metric, with the decision per metric and overall. */
export function compareArm(x: ArmInputs): ArmComparison {
  const { experiment, controlAgg, tAgg, trustworthy } = x;
  const bayes: Record<string, BetaBinomialResult> = {};
  const metrics = EXPERIMENT_METRICS.map((metric) => compareMetric(x, metric, bayes));
  const primary = metrics.find((m) => m.metric.key === experiment.primaryMetric) ?? metrics[0]!;
  const harmed = metrics.filter((m) => m.decision === 'stop_for_harm');
  let overall: Decision;
  let overallReason: string;
  if (!trustworthy) {
    overall = 'untrustworthy';
    overallReason = `sample ratio mismatch (p = ${x.srmP.toPrecision(3)} < 0.001): the assignment is broken; no decision`;
  } else if (harmed.length > 0) {
    overall = 'stop_for_harm';
    overallReason = `${harmed.map((m) => m.metric.label).join(', ')}: ${harmed[0]!.reason}`;
  } else if (primary.decision === 'not_read') {
    overall = 'keep_running';
    overallReason = `primary metric ${primary.metric.label} not read: ${primary.reason}`;
  } else {
    overall = primary.decision;
    overallReason = `primary metric ${primary.metric.label}${primary.basis === 'cuped' ? ' (CUPED-adjusted)' : ''}: ${primary.reason}`;
  }
  let estimate: number | null = null;
  if (overall === 'keep_running' && primary.metric.kind === 'rate' && controlAgg && tAgg) {
    const est = daysToDecision(rateCounts(primary.metric.key, controlAgg), rateCounts(primary.metric.key, tAgg), Math.max(1, x.days));
    estimate = est.days;
    overallReason += estimate === null ? `; ${est.reason}` : `; about ${estimate} more days (${est.reason})`;
  }
  return { treatment: x.treatment, metrics, overall, overallReason, daysToDecision: estimate, bayes };
}
