import { formatCell } from '../render/format';
import type { ArmComparison, Readout } from './types';
import type { ChartSpec, Finding, ReportTable, Section, Severity } from '../report';

const DECISION_TEXT: Record<string, string> = {
  ship: 'ship',
  keep_control: 'keep control',
  stop_for_harm: 'stop for harm',
  keep_running: 'keep running',
  untrustworthy: 'untrustworthy',
  not_read: 'not read',
};

function severityOf(decision: string): Severity {
  // harm and a broken assignment need someone now; keeping the control is worth a look; ship and keep running inform
  return decision === 'stop_for_harm' || decision === 'untrustworthy' ? 'critical' : decision === 'keep_control' ? 'warning' : 'info';
}

function metricValueFormat(key: string): 'percent' | 'number' | 'ms' | 'usd' {
  if (key.endsWith('_rate') || key === 'thumbs_up_per_rated') return 'percent';
  if (key === 'latency_ms') return 'ms';
  if (key === 'llm_cost_per_session' || key === 'cost_per_resolution') return 'usd';
  return 'number';
}

/** The sequential sample-ratio check in words: its p-value and the looks it stays valid over. */
function sequentialSrmText(readout: Readout): string {
  const { sequentialPValue: p, looks } = readout.srm;
  return `sequential p = ${p.toPrecision(3)}, valid over all ${looks} daily look${looks === 1 ? '' : 's'}`;
}

/**
 * A readout as a report section: trust findings first, the decision per treatment, a metrics table per treatment,
 * the segments table, the primary metric's posterior densities and every metric's lift interval as charts.
 */
export function experimentSection(readout: Readout): Section {
  const { experiment, control } = readout;
  const findings: Finding[] = [];
  findings.push({
    id: `experiment.${experiment.id}.srm`,
    severity: readout.trustworthy ? 'info' : 'critical',
    metric: 'sample_ratio_mismatch',
    value: readout.srm.pValue,
    threshold: 0.001,
    message: readout.trustworthy
      ? `Sample ratio matches the configured weights (chi-square p = ${readout.srm.pValue.toPrecision(3)}; ${sequentialSrmText(readout)}; sessions ${Object.entries(
          readout.sessions,
        )
          .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
          .join(', ')}).`
      : `Sample ratio mismatch: sessions ${Object.entries(readout.sessions)
          .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
          .join(
            ', ',
          )} against weights ${experiment.variants.map((v) => `${v.name} ${v.weight}%`).join(', ')} (chi-square p = ${readout.srm.pValue.toPrecision(3)} < 0.001; ${sequentialSrmText(readout)}). The readout cannot be trusted until the assignment is fixed.`,
  });
  findings.push({
    id: `experiment.${experiment.id}.decision`,
    severity: severityOf(readout.decision.overall),
    metric: experiment.primaryMetric,
    segment: readout.decision.bestArm ?? undefined,
    value: null,
    ...(readout.decision.overall === 'ship' && readout.decision.bestArm
      ? {
          action: {
            text: `Ship ${readout.decision.bestArm} of ${experiment.id}: write its promotion change, then apply it.`,
            command: `mangalab report experiment --id ${experiment.id} && mangalab prompt apply reports/experiment/${readout.period.label}/promotion.json`,
            owner: `${experiment.id} owner`,
          },
        }
      : {}),
    message: `Decision over ${readout.arms.length} treatment${readout.arms.length === 1 ? '' : 's'}: ${DECISION_TEXT[readout.decision.overall]}. ${readout.decision.reason}.`,
  });
  for (const arm of readout.arms) {
    findings.push({
      id: `experiment.${experiment.id}.${arm.treatment}.decision`,
      severity: severityOf(arm.overall),
      metric: experiment.primaryMetric,
      segment: arm.treatment,
      value: arm.metrics.find((m) => m.metric.key === experiment.primaryMetric)?.chanceBetter ?? null,
      message: `${arm.treatment} against ${control}: ${DECISION_TEXT[arm.overall]}. ${arm.overallReason}.`,
    });
    for (const m of arm.metrics.filter((x) => x.decision === 'not_read')) {
      findings.push({
        id: `experiment.${experiment.id}.${arm.treatment}.${m.metric.key}.not_read`,
        severity: 'warning',
        metric: m.metric.key,
        segment: arm.treatment,
        value: null,
        message: `${m.metric.label} for ${arm.treatment} could not be read: ${m.reason}.`,
      });
    }
  }
  findings.push({
    id: `experiment.${experiment.id}.read`,
    severity: 'info',
    metric: 'rollup',
    value: null,
    message: `Aggregates ${readout.rollup.reason}.`,
  });
  const tables: ReportTable[] = readout.arms.map((arm) => metricsTable(readout, arm));
  tables.push(cupedTable(readout), readout.segments);
  return {
    id: `experiment-${experiment.id}`,
    title: `Experiment ${experiment.id}: ${experiment.name}`,
    findings,
    tables,
    charts: [posteriorChart(readout), liftChart(readout)].filter((c): c is ChartSpec => c !== null),
  };
}

function metricsTable(readout: Readout, arm: ArmComparison): ReportTable {
  return {
    id: `experiment.${arm.treatment}.metrics`,
    title: `${arm.treatment} against ${readout.control}`,
    columns: [
      { key: 'metric', label: 'Metric' },
      { key: 'control', label: readout.control },
      { key: 'treatment', label: arm.treatment },
      { key: 'lift', label: 'Relative lift', format: 'change' },
      { key: 'interval', label: '95% interval of lift' },
      { key: 'cuped', label: 'CUPED lift (95%)' },
      { key: 'chance', label: 'Chance better', format: 'probability' },
      { key: 'p', label: 'Frequentist p', format: 'pvalue' },
      { key: 'adjusted', label: `Corrected p (${correctionName(readout)})`, format: 'pvalue' },
      { key: 'widened', label: 'Corrected interval' },
      { key: 'avp', label: 'Always-valid p', format: 'pvalue' },
      { key: 'decision', label: 'Decision' },
    ],
    rows: arm.metrics
      .map((m) => ({
        metric: `${m.metric.label}${m.metric.higherIsBetter ? ' ↑' : ' ↓'}`,
        control: m.control === null ? null : formatCell(m.control, metricValueFormat(m.metric.key)),
        treatment: m.treatmentValue === null ? null : formatCell(m.treatmentValue, metricValueFormat(m.metric.key)),
        lift: m.relativeLift,
        interval: m.interval95 ? range(m.interval95) : null,
        cuped: m.cuped ? `${formatCell(m.cuped.relativeLift, 'change')} (${range(m.cuped.interval95)})` : null,
        chance: m.cuped?.chanceBetter ?? m.chanceBetter,
        p: m.cuped?.pValue ?? m.frequentistP,
        adjusted: m.corrected?.adjustedPValue ?? null,
        widened: m.corrected ? `${range(m.corrected.interval)} at ${(m.corrected.level * 100).toPrecision(4)}%` : null,
        avp: m.alwaysValidP,
        decision: DECISION_TEXT[m.decision]!,
      }))
      .concat(
        (['p50', 'p99'] as const).map((q) => ({
          metric: `Latency ${q.toUpperCase()} (all turns) ↓`,
          control: formatCell(readout.latency[readout.control]?.[q] ?? null, 'ms'),
          treatment: formatCell(readout.latency[arm.treatment]?.[q] ?? null, 'ms'),
          lift: null,
          interval: null,
          cuped: null,
          chance: null,
          p: null,
          adjusted: null,
          widened: null,
          avp: null,
          decision: 'descriptive',
        })),
      ),
    notes: [
      '↑ higher is better, ↓ lower is better; "chance better" is read in that direction. Rates: Beta-Binomial posteriors with the z-test beside them; means: Gaussian posterior of the relative lift (delta method) with Welch\'s t-test beside it; ratios (sessions as the unit): delta-method variance.',
      `CUPED: where a metric has a pre-period covariate (${readout.cuped.preDays} days before the start) the decision, chance better and p rest on the adjusted comparison; the plain lift and interval stay beside it.`,
      `Corrected p and interval: ${correctionName(readout)} over ${readout.corrections.comparisons} comparisons (${readout.corrections.scope === 'primary-exempt' ? `the primary metric keeps ${readout.corrections.primaryAlphaShare * 100}% of alpha` : readout.corrections.scope === 'metric' ? "each metric's arms a family" : 'one family'}), read against alpha ${readout.corrections.alpha}; the interval is widened to the level shown.`,
      "Always-valid p (mSPRT): for the critical metrics over the daily looks (they can stop the experiment for harm), Holm-adjusted over every treatment and critical metric; for the others at the current look on the decision's basis (mixing sd 0.02 for rates, 5% of the control's mean otherwise), Holm-adjusted over the treatments. Valid however often the readout is read.",
      'Latency P50/P99 are descriptive: percentiles of all turns, without a posterior or a decision.',
      ...arm.metrics.filter((m) => m.decision === 'not_read').map((m) => `${m.metric.label}: ${m.reason}.`),
    ],
  };
}

function range(x: [number, number]): string {
  return `${formatCell(x[0], 'change')} to ${formatCell(x[1], 'change')}`;
}

function correctionName(readout: Readout): string {
  return { holm: 'Holm', bh: 'Benjamini-Hochberg', none: 'uncorrected' }[readout.corrections.method];
}

/** What CUPED did per metric: the covariate, its slope, the variance it removed and the units it could not adjust. */
function cupedTable(readout: Readout): ReportTable {
  return {
    id: 'experiment.cuped',
    title: `CUPED: pre-period covariates (${readout.cuped.preDays} days before the start)`,
    columns: [
      { key: 'metric', label: 'Metric' },
      { key: 'covariate', label: 'Covariate' },
      { key: 'reduction', label: 'Variance removed', format: 'percent' },
      { key: 'theta', label: 'Slope (theta)', format: 'number' },
      { key: 'missing', label: 'Units without a covariate', format: 'integer' },
      { key: 'note', label: 'What was done' },
    ],
    rows: readout.cuped.metrics.map((m) => ({
      metric: m.metric,
      covariate: m.covariate,
      reduction: m.varianceReduction,
      theta: m.theta,
      missing: m.missingCovariate,
      note: m.note,
    })),
    notes: [
      'Variance removed is 1 - var(adjusted) / var(plain) pooled over the arms: the share of noise the pre-period explains; an experiment needs about that much fewer units for the same precision.',
    ],
  };
}

function posteriorChart(readout: Readout): ChartSpec | null {
  const key = readout.experiment.primaryMetric;
  const values = readout.posteriorCurve;
  if (!values) return null;
  const title = `Posterior of ${key.replace(/_/g, ' ')} by variant`;
  return {
    id: 'experiment.posterior',
    title,
    vegaLite: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title,
      width: 520,
      height: 220,
      data: { values },
      mark: { type: 'line' },
      encoding: {
        x: {
          field: 'rate',
          type: 'quantitative',
          title: `${key.replace(/_/g, ' ')} (share)`,
          axis: { format: '.1%' },
          scale: { zero: false },
        },
        y: { field: 'density', type: 'quantitative', title: 'Posterior density' },
        color: { field: 'variant', type: 'nominal', title: 'Variant' },
      },
    },
  };
}

function liftChart(readout: Readout): ChartSpec | null {
  const values = readout.arms.flatMap((arm) =>
    arm.metrics
      .filter((m) => m.interval95 && m.relativeLift !== null)
      .map((m) => ({
        metric: m.metric.label,
        treatment: arm.treatment,
        lift: m.relativeLift,
        lo: m.interval95![0],
        hi: m.interval95![1],
      })),
  );
  if (values.length === 0) return null;
  const title = 'Relative lift with 95% interval, by metric';
  return {
    id: 'experiment.lifts',
    title,
    vegaLite: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title,
      width: 420,
      height: { step: 26 },
      data: { values },
      layer: [
        {
          mark: { type: 'rule' },
          encoding: {
            x: { field: 'lo', type: 'quantitative', title: 'Relative lift against control', axis: { format: '+.0%' } },
            x2: { field: 'hi' },
            y: { field: 'metric', type: 'nominal', title: 'Metric', axis: { labelLimit: 280 } },
            color: { field: 'treatment', type: 'nominal', title: 'Treatment' },
          },
        },
        {
          mark: { type: 'point', filled: true },
          encoding: {
            x: { field: 'lift', type: 'quantitative' },
            y: { field: 'metric', type: 'nominal' },
            color: { field: 'treatment', type: 'nominal' },
          },
        },
        {
          data: { values: [{ zero: 0 }] },
          mark: { type: 'rule', strokeDash: [4, 4], color: '#888' },
          encoding: { x: { field: 'zero', type: 'quantitative' } },
        },
      ],
    },
  };
}

/**
 * The configuration change that promotes a winner to 100% of traffic, for the deploy/rollback module to apply;
 * null unless the readout's decision for that treatment is to ship.
 */
export function promotionChange(readout: Readout): Record<string, unknown> | null {
  if (readout.decision.overall !== 'ship') return null;
  const winner = readout.arms.find((a) => a.treatment === readout.decision.bestArm);
  if (!winner) return null;
  const variant = readout.experiment.variants.find((v) => v.name === winner.treatment)!;
  return {
    kind: 'experiment-promotion',
    experiment_id: readout.experiment.id,
    winner: winner.treatment,
    weights: Object.fromEntries(readout.experiment.variants.map((v) => [v.name, v.name === winner.treatment ? 100 : 0])),
    ...(variant.prompt_version ? { prompt_version: variant.prompt_version } : {}),
    ...(variant.model_version ? { model_version: variant.model_version } : {}),
    evidence: { readout_period: readout.period.label, reason: readout.decision.reason },
  };
}
