import { canaryAnalysis, type CanaryArm, type CanaryResult } from '../../analysis/canaryAnalysis';
import { evaluateAlertRule, type AlertEvaluation, type WindowValue } from '../../analysis/evaluateAlertRule';
import { intentDrift, type IntentDriftResult } from '../../analysis/intentDrift';
import { ksTwoSample } from '../../analysis/ksTwoSample';
import { ksTwoSampleCounts } from '../../analysis/ksTwoSampleCounts';
import type { KsTwoSampleResult } from '../../analysis/ksTwoSamplePValue';
import { retrainingTrigger, type RetrainingRecommendation } from '../../analysis/retrainingTrigger';
import { shadowVerdict, type ShadowResult, type ShadowSummary } from '../../analysis/shadowVerdict';
import { wassersteinDistance } from '../../analysis/wassersteinDistance';
import { tableToObjects } from '../../pipeline/arrow';
import { InputError } from '../../pipeline/errors';
import type { MonitoredMetric, MonitoringConfig, MonitoringRule } from '../../pipeline/monitoring-config';
import { METRIC_SPECS, type MetricSpec } from './metrics';
import type { Source } from '../../pipeline/source';

const DAY = 86_400_000;

export interface Window {
  from: Date;
  to: Date;
}

type Row = Record<string, number | string | Date | null | bigint | boolean>;
const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function ratio(num: unknown, den: unknown): number | null {
  const d = Number(den);
  return d > 0 ? Number(num) / d : null;
}

/** How each monitored metric is read from a window_metrics row: its value and the count it rests on. */
export const METRIC_DEFS = Object.fromEntries(
  Object.entries(METRIC_SPECS).map(([metric, spec]) => {
    const [value, samples] = 'ratio' in spec ? spec.ratio : 'mean' in spec ? spec.mean : [spec.column, spec.samples];
    return [
      metric,
      {
        ...spec,
        value: (r: Row) => ('ratio' in spec ? ratio(r[value], r[samples]) : n(r[value])),
        samples: (r: Row) => Number(r[samples]),
      },
    ];
  }),
) as Record<MonitoredMetric, MetricSpec & { value: (r: Row) => number | null; samples: (r: Row) => number }>;

/** A metric over a whole period from its window rows: pooled for rates and means, the median window for percentiles. */
function pooled(metric: MonitoredMetric, rows: Row[]): number | null {
  const spec = METRIC_SPECS[metric];
  const sum = (key: string) => rows.reduce((s, r) => s + Number(r[key] ?? 0), 0);
  if ('ratio' in spec) return ratio(sum(spec.ratio[0]), sum(spec.ratio[1]));
  if ('mean' in spec) {
    const [m, c] = spec.mean;
    const w = sum(c);
    return w > 0 ? rows.reduce((s, r) => s + (r[m] === null ? 0 : Number(r[m]) * Number(r[c])), 0) / w : null;
  }
  const values = rows
    .map(METRIC_DEFS[metric].value)
    .filter((v): v is number => v !== null)
    .sort((x, y) => x - y);
  return values.length ? values[Math.floor((values.length - 1) / 2)]! : null;
}

export interface AlertOutcome extends AlertEvaluation {
  rule: MonitoringRule;
  traceIds: string[];
}

export interface NumericDrift {
  metric: string;
  ks: KsTwoSampleResult | null;
  wasserstein: number | null;
  referenceMean: number | null;
  currentMean: number | null;
  note?: string;
}

export interface EmbeddingDrift {
  ks: KsTwoSampleResult | null;
  productionEmbeddings: number;
  trainingEmbeddings: number;
  productionMeanSimilarity: number | null;
  trainingMeanSimilarity: number | null;
  drifted: boolean;
  note?: string;
}

export interface DriftReadout {
  current: Window;
  reference: Window;
  intent: IntentDriftResult | null;
  intentNote?: string;
  numeric: NumericDrift[];
  embedding: EmbeddingDrift;
  accuracy: { labelled: number; correct: number; accuracy: number | null; firstTs: Date | null; lastTs: Date | null };
  retraining: RetrainingRecommendation;
}

export interface MonitoringReadout {
  alertsWindow: Window;
  baselineWindow: Window;
  alerts: AlertOutcome[];
  llm: Row[];
  canary: { window: Window | null; result: CanaryResult | null; note?: string };
  shadow: { pair: string; summary: ShadowSummary; result: ShadowResult }[];
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * Data, embedding and model drift (US-4.2) and the retraining trigger (US-8.3) for the window `current`: intent mix
 * against intent_baseline, each numeric metric against the window of the same length before it (KS and Wasserstein
 * from value counts), production query embeddings against the training centroid (similarities computed in SQL),
 * and classifier accuracy over the latest labelled turns.
 * @throws InputError for intent_baseline shares that do not sum to 1 or embeddings of mixed dimensions.
 */
export async function driftReadout(source: Source, current: Window, config: MonitoringConfig): Promise<DriftReadout> {
  const span = current.to.getTime() - current.from.getTime();
  const reference = { from: new Date(current.from.getTime() - span), to: current.from };
  const d = config.drift;

  const baselineRows = tableToObjects<{ intent: string; share: number }>(await source.query('drift/intent_baseline'));
  const countRows = tableToObjects<{ intent: string; turns: number }>(
    await source.query('drift/intent_counts', { from_ts: current.from, to_ts: current.to }),
  );
  let intent: IntentDriftResult | null = null;
  let intentNote: string | undefined;
  if (baselineRows.length === 0) intentNote = 'intent_baseline is empty: no training distribution to compare with';
  else if (countRows.length === 0) intentNote = 'no turns in the window';
  else {
    try {
      intent = intentDrift(
        Object.fromEntries(baselineRows.map((r) => [r.intent, Number(r.share)])),
        Object.fromEntries(countRows.map((r) => [r.intent === '' ? '(none)' : r.intent, Number(r.turns)])),
        { thresholdPp: d.intentShiftPp, epsilon: d.psiEpsilon },
      );
    } catch (e) {
      throw new InputError(`intent_baseline in ${source.description}`, (e as Error).message);
    }
  }

  const numeric: NumericDrift[] = [];
  for (const metric of d.numericMetrics) {
    const rows = tableToObjects<{ value: number | null; ref_count: number; cur_count: number }>(
      await source.query('drift/value_counts', {
        metric,
        ref_from: reference.from,
        ref_to: reference.to,
        cur_from: current.from,
        cur_to: current.to,
      }),
    );
    const vals = rows.filter((r) => r.value !== null && !Number.isNaN(Number(r.value)));
    const vc = {
      values: vals.map((r) => Number(r.value)),
      countsA: vals.map((r) => Number(r.ref_count)),
      countsB: vals.map((r) => Number(r.cur_count)),
    };
    const total = (c: number[]) => c.reduce((a, b) => a + b, 0);
    const nRef = total(vc.countsA);
    const nCur = total(vc.countsB);
    const wmean = (c: number[], t: number) => (t > 0 ? vc.values.reduce((s, v, i) => s + v * c[i]!, 0) / t : null);
    if (nRef === 0 || nCur === 0) {
      numeric.push({
        metric,
        ks: null,
        wasserstein: null,
        referenceMean: wmean(vc.countsA, nRef),
        currentMean: wmean(vc.countsB, nCur),
        note: `no ${metric} values in the ${nRef === 0 ? 'reference' : 'current'} window`,
      });
      continue;
    }
    numeric.push({
      metric,
      ks: ksTwoSampleCounts(vc),
      wasserstein: wassersteinDistance(vc),
      referenceMean: wmean(vc.countsA, nRef),
      currentMean: wmean(vc.countsB, nCur),
    });
  }

  const dims = tableToObjects<{ source: string; dims: number; embeddings: number }>(await source.query('drift/embedding_dims'));
  const distinctDims = [...new Set(dims.map((r) => Number(r.dims)))];
  if (distinctDims.length > 1) {
    throw new InputError(
      `query_embeddings in ${source.description}`,
      `embeddings of mixed dimensions: ${dims.map((r) => `${r.source} ${r.dims}-d x ${r.embeddings}`).join(', ')}`,
    );
  }
  const sims = await source.query('drift/embedding_similarity', { from_ts: current.from, to_ts: current.to });
  const srcCol = sims.getChild('source')!.toArray() as string[];
  const simCol = sims.getChild('similarity')!.toArray() as ArrayLike<number>;
  const prod: number[] = [];
  const train: number[] = [];
  for (let i = 0; i < sims.numRows; i++) {
    const v = Number(simCol[i]);
    if (Number.isNaN(v)) continue; // a zero vector has no direction
    (srcCol[i] === 'training' ? train : prod).push(v);
  }
  let embedding: EmbeddingDrift;
  if (prod.length === 0 || train.length === 0) {
    embedding = {
      ks: null,
      productionEmbeddings: prod.length,
      trainingEmbeddings: train.length,
      productionMeanSimilarity: mean(prod),
      trainingMeanSimilarity: mean(train),
      drifted: false,
      note: `no ${train.length === 0 ? 'training' : 'production'} embeddings${train.length === 0 ? '' : ' in the window'}`,
    };
  } else {
    const ks = ksTwoSample(prod, train);
    embedding = {
      ks,
      productionEmbeddings: prod.length,
      trainingEmbeddings: train.length,
      productionMeanSimilarity: mean(prod),
      trainingMeanSimilarity: mean(train),
      drifted: ks.pValue < d.embeddingPValue,
    };
  }

  const [acc] = tableToObjects<{ labelled: number; correct: number | null; first_ts: Date | null; last_ts: Date | null }>(
    await source.query('drift/classifier_accuracy', { to_ts: current.to, sample_size: d.accuracySample }),
  );
  const labelled = Number(acc?.labelled ?? 0);
  const correct = Number(acc?.correct ?? 0);
  const accuracy = {
    labelled,
    correct,
    accuracy: labelled > 0 ? correct / labelled : null,
    firstTs: acc?.first_ts ?? null,
    lastTs: acc?.last_ts ?? null,
  };

  const r = config.retraining;
  const training = tableToObjects<{ intent: string; labelled: number; production: number }>(
    await source.query('drift/training_counts', {
      to_ts: current.to,
      production_from: new Date(current.to.getTime() - r.productionDays * DAY),
      min_confidence: r.minConfidence,
    }),
  );
  const retraining = retrainingTrigger(
    {
      accuracy: labelled > 0 ? { correct, labelled } : null,
      intentShifts: intent?.intents ?? [],
      lastTrainedAt: r.lastTrainedAt,
      asOf: current.to,
      trainingData: training.map((t) => ({ intent: t.intent, labelled: Number(t.labelled), production: Number(t.production) })),
    },
    { minAccuracy: d.minAccuracy, maxShiftPp: d.intentShiftPp, maxAgeDays: r.maxAgeDays },
  );

  return { current, reference, intent, ...(intentNote ? { intentNote } : {}), numeric, embedding, accuracy, retraining };
}

/**
 * The canary analysis (US-3.4) as of `to`: baseline against canary since the canary's first turn within the
 * lookback, or null with the reason when the canary served nothing in it.
 */
export async function canaryReadout(source: Source, to: Date, config: MonitoringConfig): Promise<MonitoringReadout['canary']> {
  const c = config.canary;
  const lookback = new Date(to.getTime() - c.lookbackDays * DAY);
  const [start] = tableToObjects<{ first_ts: Date | null; turns: number }>(
    await source.query('deploy/canary_start', { from_ts: lookback, to_ts: to }),
  );
  if (!start?.first_ts)
    return {
      window: null,
      result: null,
      note: `the canary served no turns in the ${c.lookbackDays} days before ${to.toISOString().slice(0, 16)}Z`,
    };
  const window = { from: start.first_ts, to };
  const rows = tableToObjects<Row>(
    await source.query('deploy/canary_health', { from_ts: window.from, to_ts: window.to, latency_limit_ms: c.maxP99Ms }),
  );
  const arm = (name: string): CanaryArm => {
    const r = rows.find((x) => x.deployment_variant === name);
    return {
      turns: Number(r?.turns ?? 0),
      escalations: Number(r?.escalations ?? 0),
      errors: Number(r?.errors ?? 0),
      slowTurns: Number(r?.slow_turns ?? 0),
      latencyP99Ms: n(r?.latency_p99_ms),
    };
  };
  return { window, result: canaryAnalysis(arm('baseline'), arm('canary'), c) };
}

/**
 * Monitoring (US-3.5, US-4.4, US-4.5) over `alertsWindow`: every configured rule on its windows (baseline values from
 * the `baselineDays` before), with trace ids from the worst window of each rule that fired; LLM percentiles by model,
 * intent and region; the canary analysis; and the shadow verdict per version pair over `shadowWindow`.
 */
export async function monitoringReadout(
  source: Source,
  alertsWindow: Window,
  shadowWindow: Window,
  config: MonitoringConfig,
): Promise<MonitoringReadout> {
  const baselineWindow = { from: new Date(alertsWindow.from.getTime() - config.baselineDays * DAY), to: alertsWindow.from };
  const byWindow = new Map<number, Row[]>();
  for (const minutes of new Set(config.alerts.map((a) => a.windowMinutes))) {
    byWindow.set(
      minutes,
      tableToObjects<Row>(
        await source.query('monitoring/window_metrics', { from_ts: baselineWindow.from, to_ts: alertsWindow.to, bucket_minutes: minutes }),
      ),
    );
  }
  const alerts: AlertOutcome[] = [];
  for (const rule of config.alerts) {
    const rows = byWindow.get(rule.windowMinutes)!;
    const ms = rule.windowMinutes * 60_000;
    const inWindow = rows.filter((r) => Number(r.bucket) * ms >= alertsWindow.from.getTime());
    const before = rows.filter((r) => Number(r.bucket) * ms < alertsWindow.from.getTime());
    const def = METRIC_DEFS[rule.metric];
    const windows: WindowValue[] = inWindow.map((r) => ({
      start: new Date(Number(r.bucket) * ms),
      end: new Date(Number(r.bucket) * ms + ms),
      value: def.value(r),
      samples: def.samples(r),
    }));
    const evaluation = evaluateAlertRule(rule, windows, pooled(rule.metric, before));
    let traceIds: string[] = [];
    if (evaluation.fired && evaluation.worst) {
      const t = await source.query('monitoring/alert_traces', {
        metric: rule.metric,
        from_ts: evaluation.worst.start,
        to_ts: evaluation.worst.end,
        max_traces: 5,
      });
      traceIds = (t.getChild('trace_id')?.toArray() as string[] | undefined)?.map(String) ?? [];
    }
    alerts.push({ ...evaluation, rule, traceIds });
  }
  const llm = tableToObjects<Row>(await source.query('monitoring/llm_percentiles', { from_ts: alertsWindow.from, to_ts: alertsWindow.to }));
  const canary = await canaryReadout(source, alertsWindow.to, config);
  const shadowRows = tableToObjects<Row>(await source.query('shadow/summary', { from_ts: shadowWindow.from, to_ts: shadowWindow.to }));
  const shadow = shadowRows.map((r) => {
    const summary: ShadowSummary = {
      comparisons: Number(r.comparisons),
      days: Number(r.days),
      meanBertscoreF1: n(r.mean_bertscore_f1),
      prodWordsMean: n(r.prod_words_mean),
      candidateWordsMean: n(r.candidate_words_mean),
      prodGuardrailPassRate: n(r.prod_guardrail_pass_rate),
      candidateGuardrailPassRate: n(r.candidate_guardrail_pass_rate),
      prodHallucinationMean: n(r.prod_hallucination_mean),
      candidateHallucinationMean: n(r.candidate_hallucination_mean),
      intentChangeRate: n(r.intent_change_rate),
    };
    return { pair: `${r.candidate_version} vs ${r.prod_version}`, summary, result: shadowVerdict(summary, config.shadow) };
  });
  return { alertsWindow, baselineWindow, alerts, llm, canary, shadow };
}
