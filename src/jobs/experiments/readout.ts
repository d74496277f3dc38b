import jstat from 'jstat';
import { checkVariantWeights } from '../../analysis/assignVariant';
import { betaDensity } from '../../analysis/betaDensity';
import { betaBinomialAB, type BetaBinomialResult, type BinomialCounts } from '../../analysis/betaBinomialAB';
import { DEFAULT_RULE, daysToDecision, decideMean, decideRate, type Decision, type DecisionRule } from '../../analysis/experimentDecision';
import { gaussianEffect, type MeanSummary } from '../../analysis/gaussianEffect';
import { isoDay, type Period } from '../../analysis/isoWeek';
import { msprt } from '../../analysis/msprt';
import { sampleRatioMismatch } from '../../analysis/sampleRatioMismatch';
import { sequentialSrm } from '../../analysis/sequentialSrm';
import { twoProportionZTest } from '../../analysis/twoProportionZTest';
import { welchTTestSummary } from '../../analysis/welchTTest';
import {
  readExperimentsDailyCounts,
  readExperimentsExperiment,
  readExperimentsSegmentMetrics,
  readExperimentsVariantLatency,
  readExperimentsVariantMetrics,
  type ExperimentsSegmentMetricsRow,
  type ExperimentsVariantMetricsRow,
} from '../../pipeline/rows/experiments';
import type { QueryReader } from '../../pipeline/typed-query';
import { InputError, NothingYetError } from '../../pipeline/errors';
import { experimentRelations, type RollupWindow } from '../../pipeline/rollups';
import { rateLooks, sessionsByLook } from './looks';
import type { Source } from '../../pipeline/source';
import type { ReportTable } from '../report';

const { jStat } = jstat;
import type { ArmComparison, ExperimentConfig, MetricDef, Readout, ReadoutOptions } from './types';
import { sourceSpan } from '../period';

export type * from './types';

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
];

/** Fewest units before a metric is read at all. */
export const MIN_UNITS = { rate: 100, mean: 30 };

type Agg = ExperimentsVariantMetricsRow;

function rateCounts(key: string, a: Agg): BinomialCounts {
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

/**
 * Reads an experiment's configuration.
 * @throws InputError for an unknown id, unreadable variants JSON, or weights that do not sum to 100.
 */
export async function loadExperiment(source: Source, id: string): Promise<ExperimentConfig> {
  const [row] = await readExperimentsExperiment(source, { experiment_id: id });
  if (!row) throw new InputError(`--id ${id}`, `no experiment with this id in ${source.description}`);
  let variants: ExperimentConfig['variants'];
  try {
    variants = JSON.parse(String(row.variants));
    if (!Array.isArray(variants)) throw new Error('not an array');
    checkVariantWeights(variants);
  } catch (e) {
    throw new InputError(`experiment ${id}`, `variants: ${(e as Error).message}`, 'experiments.variants');
  }
  return {
    id,
    name: String(row.name ?? id),
    status: String(row.status ?? ''),
    startedAt: row.startedAt!,
    endedAt: row.endedAt ?? null,
    variants,
    primaryMetric: String(row.primaryMetric ?? 'thumbs_up_rate'),
  };
}

/**
 * The window a readout covers: sessions from the experiment's start up to its end, or up to the last turn in the source
 * (inclusive) while it runs, or up to the end of the `until` day (YYYY-MM-DD, UTC). A rollup is built for this window.
 * @throws InputError for an unreadable `until` or an empty window.
 */
export async function readoutWindow(source: Source, experiment: ExperimentConfig, until?: string): Promise<RollupWindow> {
  let to: Date;
  if (until) {
    try {
      to = isoDay(until).to;
    } catch (e) {
      throw new InputError('--until', (e as Error).message);
    }
  } else {
    const span = await sourceSpan(source);
    to = experiment.endedAt ?? new Date((span?.lastTs ?? experiment.startedAt).getTime() + 1);
  }
  const from = experiment.startedAt;
  if (!(to > from))
    throw new NothingYetError(`experiment ${experiment.id}`, `no time between its start ${from.toISOString()} and ${to.toISOString()}`);
  return { from, to };
}

/**
 * The full readout of one experiment: trust checks (sample ratio, minimum sizes), each treatment against the control
 * on every metric (Bayesian posterior, frequentist companion, always-valid p-value for critical metrics), a decision per
 * metric and overall, and exploratory segments. Aggregation happens in queries/experiments/.
 */
export async function experimentReadout(source: Source, id: string, options: ReadoutOptions = {}): Promise<Readout> {
  const experiment = await loadExperiment(source, id);
  const names = experiment.variants.map((v) => v.name);
  const control = options.control ?? names[0]!;
  if (!names.includes(control)) throw new InputError(`--control ${control}`, `not a variant of ${id} (variants: ${names.join(', ')})`);
  const rule = options.rule ?? DEFAULT_RULE;
  const window = await readoutWindow(source, experiment, options.until);
  const { from, to } = window;
  const period: Period = { label: `${id}/${to.toISOString().slice(0, 10)}`, from, to };
  const params = { experiment_id: id, from_ts: from, to_ts: to };
  const { relations, status: rollup } =
    options.rollup === false
      ? { relations: {}, status: { used: false, reason: 'computed from the raw tables, as asked (rollup not read)', refreshedAt: null } }
      : await experimentRelations(source, id, window);
  const read = <T>(reader: QueryReader<T>) => reader(source, params, { relations });

  const aggRows = await read(readExperimentsVariantMetrics);
  const byVariant = new Map(aggRows.map((r) => [r.variant ?? '', r]));
  const observed = names.map((n) => byVariant.get(n)?.sessions ?? 0);
  if (observed.every((o) => o === 0))
    throw new NothingYetError(
      `experiment ${id}`,
      `no sessions between ${from.toISOString()} and ${to.toISOString()} in ${source.description}`,
    );
  const weights = experiment.variants.map((v) => Math.max(v.weight, 1e-9));
  const srmResult = sampleRatioMismatch(observed, weights);
  const trustworthy = srmResult.pValue >= 0.001;

  const daily = await read(readExperimentsDailyCounts);
  const days = [...new Set(daily.map((d) => d.day!.getTime()))].sort((a, b) => a - b);
  const sessionLooks = sessionsByLook(daily, days, names);
  const sequentialSrmP = sequentialSrm(sessionLooks, weights).pValues.at(-1) ?? 1;
  const looksFor = (treatment: string, key: 'thumbs_up_rate' | 'conversion_rate') => rateLooks(daily, days, control, treatment, key);

  const controlAgg = byVariant.get(control);
  const arms: ArmComparison[] = names
    .filter((n) => n !== control)
    .map((treatment) =>
      compareArm({
        experiment,
        control,
        treatment,
        controlAgg,
        tAgg: byVariant.get(treatment),
        trustworthy,
        srmP: srmResult.pValue,
        days: days.length,
        looks: looksFor,
        options,
        rule,
      }),
    );

  const latencyRows = await read(readExperimentsVariantLatency);
  const latency = Object.fromEntries(
    latencyRows.map((r) => [r.variant, { p50: r.latencyP50Ms, p99: r.latencyP99Ms, turns: r.turns ?? 0 }]),
  );

  const segTable = segmentTable(await read(readExperimentsSegmentMetrics), names, control, options);

  return {
    experiment,
    control,
    period,
    srm: {
      statistic: srmResult.statistic,
      pValue: srmResult.pValue,
      sequentialPValue: sequentialSrmP,
      looks: sessionLooks.length,
      observed,
      expected: srmResult.expected,
    },
    trustworthy,
    arms,
    segments: segTable,
    posteriorCurve: posteriorCurve(experiment, control, arms),
    latency,
    sessions: Object.fromEntries(names.map((n, i) => [n, observed[i]!])),
    rollup,
    config: {
      experiment,
      control,
      period: { from: from.toISOString(), to: to.toISOString() },
      prior: options.prior ?? { alpha: 1, beta: 1 },
      msprtTau: options.tau ?? 0.02,
      rule,
      minUnits: MIN_UNITS,
      source: source.description,
      read: rollup.used ? 'rollup' : 'raw tables',
    },
  };
}

interface ArmInputs {
  experiment: ExperimentConfig;
  control: string;
  treatment: string;
  controlAgg: Agg | undefined;
  tAgg: Agg | undefined;
  trustworthy: boolean;
  srmP: number;
  /** Days of data, for the days-to-decision estimate. */
  days: number;
  /** Cumulative daily counts of a critical rate for control and treatment, one entry a look (for the mSPRT). */
  looks: (treatment: string, key: 'thumbs_up_rate' | 'conversion_rate') => { control: BinomialCounts; treatment: BinomialCounts }[];
  options: ReadoutOptions;
  rule: DecisionRule;
}

/** One treatment against the control on every metric, with the decision per metric and overall. */
function compareArm(x: ArmInputs): ArmComparison {
  const { experiment, control, treatment, controlAgg, tAgg, trustworthy, options, rule } = x;
  const metrics: ArmComparison['metrics'] = [];
  const bayes: Record<string, BetaBinomialResult> = {};
  for (const metric of EXPERIMENT_METRICS) {
    const empty = {
      metric,
      control: null,
      treatmentValue: null,
      relativeLift: null,
      interval95: null,
      chanceBetter: null,
      frequentistP: null,
      alwaysValidP: null,
    };
    if (!controlAgg || !tAgg) {
      metrics.push({ ...empty, decision: 'not_read', reason: `no sessions in ${controlAgg ? treatment : control}` });
      continue;
    }
    if (metric.kind === 'rate') {
      const c = rateCounts(metric.key, controlAgg);
      const t = rateCounts(metric.key, tAgg);
      if (c.trials < MIN_UNITS.rate || t.trials < MIN_UNITS.rate) {
        metrics.push({
          ...empty,
          decision: 'not_read',
          reason: `too few units to read (${c.trials} and ${t.trials}; at least ${MIN_UNITS.rate} each)`,
        });
        continue;
      }
      const r = betaBinomialAB(c, t, { prior: options.prior, liftInterval: true });
      bayes[metric.key] = r;
      const harm = metric.critical
        ? msprt(x.looks(treatment, metric.key as 'thumbs_up_rate' | 'conversion_rate'), { tau: options.tau }).pValues.at(-1)
        : undefined;
      const d = decideRate(r, metric.higherIsBetter, harm, rule);
      let z: number | null;
      try {
        z = twoProportionZTest(c, t).pValue;
      } catch {
        z = null; // both arms at 0% or 100%: no z statistic
      }
      metrics.push({
        metric,
        control: r.control.mean,
        treatmentValue: r.treatment.mean,
        relativeLift: r.relativeLiftOfMeans,
        interval95: r.relativeLiftInterval95,
        chanceBetter: d.chanceBetter,
        decision: d.decision,
        reason: d.reason,
        frequentistP: z,
        alwaysValidP: harm ?? null,
      });
    } else {
      const c = meanSummary(metric.key, controlAgg);
      const t = meanSummary(metric.key, tAgg);
      if (c.n < MIN_UNITS.mean || t.n < MIN_UNITS.mean || c.mean === 0) {
        metrics.push({
          ...empty,
          decision: 'not_read',
          reason:
            c.mean === 0 && c.n >= MIN_UNITS.mean
              ? 'control mean is 0: no relative lift'
              : `too few values to read (${c.n} and ${t.n}; at least ${MIN_UNITS.mean} each)`,
        });
        continue;
      }
      const r = gaussianEffect(c, t, { higherIsBetter: metric.higherIsBetter });
      const d = decideMean(r, rule);
      let w: number | null;
      try {
        w = welchTTestSummary(c, t).pValue;
      } catch {
        w = null; // both arms constant: no t statistic
      }
      metrics.push({
        metric,
        control: c.mean,
        treatmentValue: t.mean,
        relativeLift: r.relativeLift,
        interval95: r.interval95,
        chanceBetter: d.chanceBetter,
        decision: d.decision,
        reason: d.reason,
        frequentistP: w,
        alwaysValidP: null,
      });
    }
  }
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
    overallReason = `primary metric ${primary.metric.label}: ${primary.reason}`;
  }
  let estimate: number | null = null;
  if (overall === 'keep_running' && primary.metric.kind === 'rate' && controlAgg && tAgg) {
    const est = daysToDecision(rateCounts(primary.metric.key, controlAgg), rateCounts(primary.metric.key, tAgg), Math.max(1, x.days));
    estimate = est.days;
    overallReason += estimate === null ? `; ${est.reason}` : `; about ${estimate} more days (${est.reason})`;
  }
  return { treatment, metrics, overall, overallReason, daysToDecision: estimate, bayes };
}

type SegmentRow = ExperimentsSegmentMetricsRow;

/** Exploratory segments: each treatment against the control per intent (thumbs-up) and user type/region (conversion). */
function segmentTable(segRows: SegmentRow[], names: string[], control: string, options: ReadoutOptions): ReportTable {
  const segTable: ReportTable = {
    id: 'experiment.segments',
    title: 'Segments (exploratory)',
    columns: [
      { key: 'dimension', label: 'Dimension' },
      { key: 'segment', label: 'Segment' },
      { key: 'treatment', label: 'Treatment' },
      { key: 'metric', label: 'Metric' },
      { key: 'control_rate', label: control, format: 'percent' },
      { key: 'treatment_rate', label: 'Treatment rate', format: 'percent' },
      { key: 'chance_better', label: 'Chance better', format: 'probability' },
    ],
    rows: [],
    notes: [],
  };
  let comparisons = 0;
  for (const treatment of names.filter((n) => n !== control)) {
    const keys = [...new Set(segRows.map((r) => `${r.dimension}\u0000${r.segment}`))];
    for (const key of keys) {
      const [dimension, segment] = key.split('\u0000') as [string, string];
      const c = segRows.find((r) => r.dimension === dimension && r.segment === segment && r.variant === control);
      const t = segRows.find((r) => r.dimension === dimension && r.segment === segment && r.variant === treatment);
      if (!c || !t) continue;
      const isRate = dimension === 'intent';
      const cc = isRate ? { successes: c.thumbsUp ?? 0, trials: c.rated ?? 0 } : { successes: c.conversions ?? 0, trials: c.sessions ?? 0 };
      const tc = isRate ? { successes: t.thumbsUp ?? 0, trials: t.rated ?? 0 } : { successes: t.conversions ?? 0, trials: t.sessions ?? 0 };
      if (cc.trials < MIN_UNITS.rate || tc.trials < MIN_UNITS.rate) continue;
      const r = betaBinomialAB(cc, tc, { prior: options.prior, liftInterval: false });
      comparisons += 1;
      segTable.rows.push({
        dimension,
        segment,
        treatment,
        metric: isRate ? 'thumbs-up rate' : 'conversion rate',
        control_rate: cc.successes / cc.trials,
        treatment_rate: tc.successes / tc.trials,
        chance_better: r.probTreatmentBeatsControl,
      });
    }
  }
  segTable.notes!.push(
    `${comparisons} segment comparisons: with this many, a few will look decisive by chance. Read them as leads for a follow-up experiment, not as results.`,
  );
  return segTable;
}

/** Posterior densities of the primary metric per variant over the 0.05%-99.95% range of them all, 160 points each. */
function posteriorCurve(experiment: ExperimentConfig, control: string, arms: ArmComparison[]): Readout['posteriorCurve'] {
  const key = experiment.primaryMetric;
  const first = arms.find((a) => a.bayes[key]);
  if (!first) return null;
  const posteriors = [
    { name: control, p: first.bayes[key]!.control },
    ...arms.filter((a) => a.bayes[key]).map((a) => ({ name: a.treatment, p: a.bayes[key]!.treatment })),
  ];
  const lo = Math.min(...posteriors.map((x) => jStat.beta.inv(0.0005, x.p.alpha, x.p.beta)));
  const hi = Math.max(...posteriors.map((x) => jStat.beta.inv(0.9995, x.p.alpha, x.p.beta)));
  return posteriors.flatMap((x) =>
    betaDensity(x.p.alpha, x.p.beta, lo, hi, 160).map((d) => ({ variant: x.name, rate: d.x, density: d.density })),
  );
}
