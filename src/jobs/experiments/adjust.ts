// What the readout adds over the plain comparisons: CUPED per metric, ratio sums per arm, the multiple-testing
// correction across arms and metrics, and the experiment's decision naming the best arm.
import { adjustPValues } from '../../analysis/adjustPValues';
import { msprt, type SequentialLook } from '../../analysis/msprt';
import { correctComparisons, type Comparison, type CorrectionOptions } from '../../analysis/correctComparisons';
import { cupedAdjust, type CovariateSums, type CupedArm } from '../../analysis/cupedAdjust';
import type { RatioSums } from '../../analysis/deltaMethodRatio';
import type { Decision } from '../../analysis/experimentDecision';
import type { ExperimentsCupedMetricsRow, ExperimentsRatioMetricsRow } from '../../pipeline/rows/experiments';
import { EXPERIMENT_METRICS, type ArmExtras } from './compare';
import type { ArmComparison, CupedMetricSummary, Readout } from './types';

/**
 * Each CUPED metric's column prefix in queries/experiments/cuped_metrics.sql and its covariate, in words (the query
 * computes it).
 */
export const CUPED_COVARIATES: Record<string, { prefix: string; covariate: string }> = {
  conversion_rate: { prefix: 'conv', covariate: "the customer's conversion rate over their pre-period sessions" },
  resolution_rate: { prefix: 'res', covariate: "the customer's resolution rate over their pre-period sessions" },
  csat: { prefix: 'csat', covariate: "the customer's mean CSAT in the pre-period" },
  response_words: { prefix: 'words', covariate: "the customer's mean output tokens per LLM turn in the pre-period" },
  latency_ms: { prefix: 'latency', covariate: "the customer's mean output tokens per LLM turn in the pre-period" },
  llm_cost_per_session: { prefix: 'cost', covariate: "the customer's mean output tokens per LLM turn in the pre-period" },
};

/** One metric's sums from a variant's wide row (the columns `<prefix>_n`, `<prefix>_with`, ... of the query). */
function covariateSums(row: ExperimentsCupedMetricsRow | undefined, prefix: string): CovariateSums {
  const v = (suffix: string) => Number((row as unknown as Record<string, number | null> | undefined)?.[`${prefix}${suffix}`] ?? 0);
  return {
    n: v('N'),
    sumY: v('Y'),
    sumYY: v('Yy'),
    withCovariate: v('With'),
    sumX: v('X'),
    sumXX: v('Xx'),
    sumXY: v('Xy'),
    sumYWithoutCovariate: v('YWithout'),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * CUPED for every metric with a covariate: the adjusted arms (by variant) where enough units have a pre-period value,
 * and for each metric what was done, in words.
 */
export function cupedByMetric(
  rows: readonly ExperimentsCupedMetricsRow[],
  names: readonly string[],
  minCoverage: number,
): { summaries: CupedMetricSummary[]; arms: Map<string, Map<string, CupedArm>> } {
  const summaries: CupedMetricSummary[] = [];
  const arms = new Map<string, Map<string, CupedArm>>();
  for (const [metric, { prefix, covariate }] of Object.entries(CUPED_COVARIATES)) {
    const sums = names.map((v) =>
      covariateSums(
        rows.find((x) => x.variant === v),
        prefix,
      ),
    );
    const units = sums.reduce((s, a) => s + a.n, 0);
    const withX = sums.reduce((s, a) => s + a.withCovariate, 0);
    const base = { metric, covariate, missingCovariate: units - withX, units, theta: null, varianceReduction: null };
    const thin = names.find((_, i) => sums[i]!.n < 2);
    if (thin !== undefined) {
      summaries.push({ ...base, applied: false, note: `not applied: ${thin} has ${sums[names.indexOf(thin)]!.n} units with a value` });
      continue;
    }
    if (withX < minCoverage * units) {
      summaries.push({
        ...base,
        applied: false,
        note: `not applied: only ${withX.toLocaleString('en-US')} of ${units.toLocaleString('en-US')} units (${pct(withX / units)}) have a pre-period value, under the ${pct(minCoverage)} minimum`,
      });
      continue;
    }
    const r = cupedAdjust(sums);
    arms.set(metric, new Map(names.map((v, i) => [v, r.arms[i]!])));
    summaries.push({
      ...base,
      applied: true,
      theta: r.theta,
      varianceReduction: r.varianceReduction,
      note:
        r.missingCovariate === 0
          ? 'every unit has a pre-period value'
          : `${r.missingCovariate.toLocaleString('en-US')} of ${units.toLocaleString('en-US')} units (${pct(r.missingCovariate / units)}) have no pre-period value: they get the pooled pre-period mean, so they are compared unadjusted`,
    });
  }
  return { summaries, arms };
}

/** The ratio sums of each metric by variant. */
export function ratioSums(rows: readonly ExperimentsRatioMetricsRow[]): Map<string, Map<string, RatioSums>> {
  const out = new Map<string, Map<string, RatioSums>>();
  for (const r of rows) {
    const byVariant = out.get(r.metric ?? '') ?? new Map<string, RatioSums>();
    byVariant.set(r.variant ?? '', {
      n: r.units ?? 0,
      sumNum: r.sumNum ?? 0,
      sumDen: r.sumDen ?? 0,
      sumNumSq: r.sumNumSq ?? 0,
      sumDenSq: r.sumDenSq ?? 0,
      sumNumDen: r.sumNumDen ?? 0,
    });
    out.set(r.metric ?? '', byVariant);
  }
  return out;
}

/** One treatment's extras: its and the control's CUPED arms and ratio sums per metric. */
export function armExtras(
  cuped: Map<string, Map<string, CupedArm>>,
  ratios: Map<string, Map<string, RatioSums>>,
  control: string,
  treatment: string,
): ArmExtras {
  const c = new Map<string, { control: CupedArm; treatment: CupedArm }>();
  for (const [metric, byVariant] of cuped) c.set(metric, { control: byVariant.get(control)!, treatment: byVariant.get(treatment)! });
  const r = new Map<string, { control: RatioSums | undefined; treatment: RatioSums | undefined }>();
  for (const [metric, byVariant] of ratios) r.set(metric, { control: byVariant.get(control), treatment: byVariant.get(treatment) });
  return { cuped: c, ratios: r };
}

/** Corrects every read comparison of every arm in place (MetricComparison.corrected); returns how many there were. */
export function applyCorrections(arms: ArmComparison[], primaryMetric: string, options: Required<CorrectionOptions>): number {
  const read = arms.flatMap((arm) => arm.metrics.filter((m) => m.test).map((m) => ({ arm, m })));
  const comparisons: Comparison[] = read.map(({ arm, m }) => ({
    metric: m.metric.key,
    arm: arm.treatment,
    primary: m.metric.key === primaryMetric,
    ...m.test!,
  }));
  correctComparisons(comparisons, options).forEach((c, i) => {
    read[i]!.m.corrected = c;
  });
  return comparisons.length;
}

/**
 * The always-valid p-values of the critical metrics (mSPRT over the daily looks) of every treatment, Holm-adjusted
 * together: by treatment, then metric key. Always-valid p-values hold at any look, so their Holm adjustment does too.
 */
export function harmPValues(
  treatments: readonly string[],
  looks: (treatment: string, key: 'thumbs_up_rate' | 'conversion_rate') => SequentialLook[],
  tau: number | undefined,
): Map<string, Map<string, number>> {
  const keys = EXPERIMENT_METRICS.filter((m) => m.critical).map((m) => m.key as 'thumbs_up_rate' | 'conversion_rate');
  const pairs = treatments.flatMap((t) => keys.map((k) => ({ t, k })));
  const raw = pairs.map(({ t, k }) => msprt(looks(t, k), { tau }).pValues.at(-1) ?? 1);
  const adjusted = raw.length > 0 ? adjustPValues(raw, 'holm') : [];
  const out = new Map<string, Map<string, number>>(treatments.map((t) => [t, new Map()]));
  pairs.forEach(({ t, k }, i) => out.get(t)!.set(k, adjusted[i]!));
  return out;
}

/**
 * Holm-adjusts the always-valid p-values of the non-critical metrics over the arms, metric by metric, in place (the
 * critical metrics' are adjusted over arms and critical metrics together: harmPValues).
 */
export function adjustAlwaysValid(arms: ArmComparison[]): void {
  const keys = new Set(
    arms.flatMap((a) => a.metrics.filter((m) => !m.metric.critical && m.alwaysValidP !== null).map((m) => m.metric.key)),
  );
  for (const key of keys) {
    const read = arms.flatMap((a) => a.metrics.filter((m) => m.metric.key === key && m.alwaysValidP !== null));
    adjustPValues(
      read.map((m) => m.alwaysValidP!),
      'holm',
    ).forEach((p, i) => {
      read[i]!.alwaysValidP = p;
    });
  }
}

/**
 * The experiment's decision over all arms. With more than one treatment, a treatment the Bayesian rule would ship also
 * needs its primary metric's always-valid p-value (Holm-adjusted over the treatments) below alpha, so neither more
 * arms nor more looks mean more false ships. The best arm is the shipped one with the largest primary lift.
 */
export function experimentDecision(arms: ArmComparison[], primaryMetric: string, control: string, alpha: number): Readout['decision'] {
  for (const arm of arms) {
    if (arm.overall !== 'ship' || arms.length < 2) continue;
    const p = arm.metrics.find((m) => m.metric.key === primaryMetric)?.alwaysValidP;
    if (p !== null && p !== undefined && !(p < alpha)) {
      arm.overall = 'keep_running';
      arm.overallReason += `; but its always-valid p = ${p.toPrecision(3)} (Holm over ${arms.length} treatments) is not below ${alpha} yet, so keep running`;
    }
  }
  const lift = (a: ArmComparison) => {
    const m = a.metrics.find((x) => x.metric.key === primaryMetric);
    const v = m?.cuped?.relativeLift ?? m?.relativeLift ?? 0;
    return m?.metric.higherIsBetter === false ? -v : v;
  };
  const ships = arms.filter((a) => a.overall === 'ship').sort((a, b) => lift(b) - lift(a));
  const named = (list: ArmComparison[]) => list.map((a) => `${a.treatment} (${a.overall.replace(/_/g, ' ')})`).join(', ');
  if (arms.some((a) => a.overall === 'untrustworthy'))
    return { overall: 'untrustworthy', bestArm: null, reason: arms.find((a) => a.overall === 'untrustworthy')!.overallReason };
  const harmed = arms.filter((a) => a.overall === 'stop_for_harm');
  if (harmed.length > 0)
    return { overall: 'stop_for_harm', bestArm: null, reason: `${harmed.map((a) => a.treatment).join(', ')}: ${harmed[0]!.overallReason}` };
  if (ships.length > 0) {
    const best = ships[0]!;
    const others = arms.filter((a) => a !== best);
    return {
      overall: 'ship',
      bestArm: best.treatment,
      reason: `ship ${best.treatment}: it beats ${control}${others.length ? ` and is ahead of ${named(others)}` : ''}; ${best.overallReason}`,
    };
  }
  let overall: Decision = 'keep_running';
  if (arms.length > 0 && arms.every((a) => a.overall === 'keep_control')) overall = 'keep_control';
  return {
    overall,
    bestArm: overall === 'keep_control' ? control : null,
    reason:
      overall === 'keep_control'
        ? `keep ${control}: every treatment is credibly worse (${named(arms)})`
        : `no arm to ship yet: ${named(arms)}`,
  };
}
