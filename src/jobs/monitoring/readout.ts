import { canaryAnalysis, type CanaryArm, type CanaryResult } from '../../analysis/canaryAnalysis';
import { intentDrift, type IntentDriftResult } from '../../analysis/intentDrift';
import { ksTwoSampleCounts } from '../../analysis/ksTwoSampleCounts';
import type { KsTwoSampleResult } from '../../analysis/ksTwoSamplePValue';
import { retrainingTrigger, type RetrainingRecommendation } from '../../analysis/retrainingTrigger';
import { shadowVerdict, type ShadowResult, type ShadowSummary } from '../../analysis/shadowVerdict';
import { wassersteinDistance } from '../../analysis/wassersteinDistance';
import { readDeployCanaryHealth, readDeployCanaryStart } from '../../pipeline/rows/deploy';
import {
  readDriftClassifierAccuracy,
  readDriftIntentBaseline,
  readDriftIntentCounts,
  readDriftTrainingCounts,
  readDriftValueCounts,
} from '../../pipeline/rows/drift';
import { readMonitoringLlmPercentiles, type MonitoringLlmPercentilesRow } from '../../pipeline/rows/monitoring';
import { readShadowSummary } from '../../pipeline/rows/shadow';
import { InputError } from '../../pipeline/errors';
import type { MonitoringConfig } from '../../pipeline/monitoring-config';
import { alertsReadout, type AlertOutcome, type Window } from './alerts';
import { embeddingReadout, type EmbeddingDrift } from './embedding';
import type { Source } from '../../pipeline/source';

const DAY = 86_400_000;

export type { AlertOutcome, EmbeddingDrift, Window };

export interface NumericDrift {
  metric: string;
  ks: KsTwoSampleResult | null;
  wasserstein: number | null;
  referenceMean: number | null;
  currentMean: number | null;
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
  llm: MonitoringLlmPercentilesRow[];
  canary: { window: Window | null; result: CanaryResult | null; note?: string };
  shadow: { pair: string; summary: ShadowSummary; result: ShadowResult }[];
}

/**
 * Data, embedding and model drift (US-4.2) and the retraining trigger (US-8.3) for the window `current`: intent mix
 * against intent_baseline, each numeric metric against the window of the same length before it (KS and Wasserstein
 * from value counts), production query embeddings against the training centroid (similarities computed in SQL),
 * and classifier accuracy over the latest labelled turns.
 * Embeddings of mixed dimensions or with non-finite components, and too few turns for the intent test, give a
 * readout that says "not computed" and why (the embedding note, intentNote).
 * @throws InputError for intent_baseline shares that do not sum to 1.
 */
export async function driftReadout(source: Source, current: Window, config: MonitoringConfig): Promise<DriftReadout> {
  const span = current.to.getTime() - current.from.getTime();
  const reference = { from: new Date(current.from.getTime() - span), to: current.from };
  const d = config.drift;

  const baselineRows = await readDriftIntentBaseline(source);
  const countRows = await readDriftIntentCounts(source, { from_ts: current.from, to_ts: current.to });
  const turns = countRows.reduce((s, r) => s + (r.turns ?? 0), 0);
  let intent: IntentDriftResult | null = null;
  let intentNote: string | undefined;
  if (baselineRows.length === 0) intentNote = 'intent_baseline is empty: no training distribution to compare with';
  else if (countRows.length === 0) intentNote = 'no turns in the window';
  else if (turns < d.minIntentTurns)
    intentNote = `${turns} turns in the window, fewer than the ${d.minIntentTurns} the intent test needs (drift.min_intent_turns)`;
  else {
    try {
      intent = intentDrift(
        Object.fromEntries(baselineRows.map((r) => [r.intent ?? '(none)', r.share ?? 0])),
        Object.fromEntries(countRows.map((r) => [r.intent ? r.intent : '(none)', r.turns ?? 0])),
        { thresholdPp: d.intentShiftPp, epsilon: d.psiEpsilon },
      );
    } catch (e) {
      throw new InputError(`intent_baseline in ${source.description}`, (e as Error).message);
    }
  }

  const numeric: NumericDrift[] = [];
  for (const metric of d.numericMetrics) {
    const rows = await readDriftValueCounts(source, {
      metric,
      ref_from: reference.from,
      ref_to: reference.to,
      cur_from: current.from,
      cur_to: current.to,
    });
    const vals = rows.filter((r): r is typeof r & { value: number } => r.value !== null && !Number.isNaN(r.value));
    const vc = {
      values: vals.map((r) => r.value),
      countsA: vals.map((r) => r.refCount ?? 0),
      countsB: vals.map((r) => r.curCount ?? 0),
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

  const embedding = await embeddingReadout(source, current, config);

  const [acc] = await readDriftClassifierAccuracy(source, { to_ts: current.to, sample_size: d.accuracySample });
  const labelled = acc?.labelled ?? 0;
  const correct = acc?.correct ?? 0;
  const accuracy = {
    labelled,
    correct,
    accuracy: labelled > 0 ? correct / labelled : null,
    firstTs: acc?.firstTs ?? null,
    lastTs: acc?.lastTs ?? null,
  };

  const r = config.retraining;
  const training = await readDriftTrainingCounts(source, {
    to_ts: current.to,
    production_from: new Date(current.to.getTime() - r.productionDays * DAY),
    min_confidence: r.minConfidence,
  });
  const retraining = retrainingTrigger(
    {
      accuracy: labelled > 0 ? { correct, labelled } : null,
      intentShifts: intent?.intents ?? [],
      lastTrainedAt: r.lastTrainedAt,
      asOf: current.to,
      trainingData: training.map((t) => ({ intent: t.intent ?? '(none)', labelled: t.labelled ?? 0, production: t.production ?? 0 })),
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
  const [start] = await readDeployCanaryStart(source, { from_ts: lookback, to_ts: to });
  if (!start?.firstTs)
    return {
      window: null,
      result: null,
      note: `the canary served no turns in the ${c.lookbackDays} days before ${to.toISOString().slice(0, 16)}Z`,
    };
  const window = { from: start.firstTs, to };
  const rows = await readDeployCanaryHealth(source, { from_ts: window.from, to_ts: window.to, latency_limit_ms: c.maxP99Ms });
  const arm = (name: string): CanaryArm => {
    const r = rows.find((x) => x.deploymentVariant === name);
    return {
      turns: r?.turns ?? 0,
      escalations: r?.escalations ?? 0,
      errors: r?.errors ?? 0,
      slowTurns: r?.slowTurns ?? 0,
      latencyP99Ms: r?.latencyP99Ms ?? null,
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
  const alerts = await alertsReadout(source, alertsWindow, baselineWindow, config);
  const llm = await readMonitoringLlmPercentiles(source, { from_ts: alertsWindow.from, to_ts: alertsWindow.to });
  const canary = await canaryReadout(source, alertsWindow.to, config);
  const shadowRows = await readShadowSummary(source, { from_ts: shadowWindow.from, to_ts: shadowWindow.to });
  const shadow = shadowRows.map((r) => {
    const summary: ShadowSummary = {
      comparisons: r.comparisons ?? 0,
      days: r.days ?? 0,
      meanBertscoreF1: r.meanBertscoreF1,
      prodWordsMean: r.prodWordsMean,
      candidateWordsMean: r.candidateWordsMean,
      prodGuardrailPassRate: r.prodGuardrailPassRate,
      candidateGuardrailPassRate: r.candidateGuardrailPassRate,
      prodHallucinationMean: r.prodHallucinationMean,
      candidateHallucinationMean: r.candidateHallucinationMean,
      intentChangeRate: r.intentChangeRate,
    };
    return { pair: `${r.candidateVersion} vs ${r.prodVersion}`, summary, result: shadowVerdict(summary, config.shadow) };
  });
  return { alertsWindow, baselineWindow, alerts, llm, canary, shadow };
}
