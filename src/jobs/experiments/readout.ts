import jstat from 'jstat';
import { checkVariantWeights } from '../../analysis/assignVariant';
import { betaDensity } from '../../analysis/betaDensity';
import { betaBinomialAB } from '../../analysis/betaBinomialAB';
import { DEFAULT_RULE } from '../../analysis/experimentDecision';
import { isoDay, type Period } from '../../analysis/isoWeek';
import { sampleRatioMismatch } from '../../analysis/sampleRatioMismatch';
import { sequentialSrm } from '../../analysis/sequentialSrm';
import { loadExperimentsConfig } from '../../pipeline/experiments-config';
import {
  readExperimentsCupedMetrics,
  readExperimentsDailyCounts,
  readExperimentsExperiment,
  readExperimentsRatioMetrics,
  readExperimentsSegmentMetrics,
  readExperimentsVariantLatency,
  readExperimentsVariantMetrics,
  type ExperimentsSegmentMetricsRow,
} from '../../pipeline/rows/experiments';
import type { QueryReader } from '../../pipeline/typed-query';
import { InputError, NothingYetError } from '../../pipeline/errors';
import { experimentRelations, scratchRollup, type RollupWindow } from '../../pipeline/rollups';
import { adjustAlwaysValid, applyCorrections, armExtras, cupedByMetric, experimentDecision, harmPValues, ratioSums } from './adjust';
import { compareArm, MIN_UNITS } from './compare';
import { rateLooks, sessionsByLook } from './looks';
import type { Source } from '../../pipeline/source';
import type { ReportTable } from '../report';

const { jStat } = jstat;
import type { ArmComparison, ExperimentConfig, Readout, ReadoutOptions } from './types';
import { sourceSpan } from '../period';

export type * from './types';

export { EXPERIMENT_METRICS, MIN_UNITS } from './compare';

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
  const settings = options.settings ?? loadExperimentsConfig();
  const experiment = await loadExperiment(source, id);
  const names = experiment.variants.map((v) => v.name);
  const control = options.control ?? names[0]!;
  if (!names.includes(control)) throw new InputError(`--control ${control}`, `not a variant of ${id} (variants: ${names.join(', ')})`);
  const rule = options.rule ?? DEFAULT_RULE;
  const window = await readoutWindow(source, experiment, options.until);
  const { from, to } = window;
  const period: Period = { label: `${id}/${to.toISOString().slice(0, 10)}`, from, to };
  const params = { experiment_id: id, from_ts: from, to_ts: to };
  const chosen =
    options.rollup === false
      ? { relations: {}, status: { used: false, reason: 'computed from the raw tables, as asked (rollup not read)', refreshedAt: null } }
      : await experimentRelations(source, id, window);
  // No fresh rollup: where the engine has scratch tables, the rollup's own build queries summarise each session once
  // for this readout, rather than every query regrouping the turns.
  const scratch = options.rollup === false || chosen.status.used ? null : await scratchRollup(source, id, window);
  // The report says the raw tables were read either way: the numbers are theirs, on every engine.
  const relations = scratch?.relations ?? chosen.relations;
  const rollup = chosen.status;
  try {
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

    const preFrom = new Date(from.getTime() - settings.cuped.preDays * 86_400_000);
    const cupedRows = await readExperimentsCupedMetrics(source, { ...params, pre_from: preFrom }, { relations });
    const cuped = cupedByMetric(cupedRows, names, settings.cuped.minCoverage);
    const ratios = ratioSums(await read(readExperimentsRatioMetrics));

    const controlAgg = byVariant.get(control);
    const treatments = names.filter((n) => n !== control);
    const harm = harmPValues(treatments, looksFor, options.tau);
    const arms: ArmComparison[] = treatments.map((treatment) =>
      compareArm({
        experiment,
        control,
        treatment,
        controlAgg,
        tAgg: byVariant.get(treatment),
        extras: armExtras(cuped.arms, ratios, control, treatment),
        trustworthy,
        srmP: srmResult.pValue,
        days: days.length,
        harmP: harm.get(treatment)!,
        options,
        rule,
      }),
    );
    adjustAlwaysValid(arms);
    const comparisons = applyCorrections(arms, experiment.primaryMetric, settings.corrections);
    const decision = experimentDecision(arms, experiment.primaryMetric, control, settings.corrections.alpha);

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
      decision,
      cuped: { preDays: settings.cuped.preDays, preFrom, metrics: cuped.summaries },
      corrections: { ...settings.corrections, comparisons },
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
        cuped: settings.cuped,
        corrections: settings.corrections,
        minUnits: MIN_UNITS,
        source: source.description,
        read: rollup.used ? 'rollup' : 'raw tables',
      },
    };
  } finally {
    await scratch?.release();
  }
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
