import { join } from 'node:path';
import type { AlertKind, AlertRule, AlertTier } from '../analysis/evaluateAlertRule';
import type { CanaryOptions } from '../analysis/canaryAnalysis';
import type { ShadowOptions } from '../analysis/shadowVerdict';
import { InputError } from './errors';
import { numberAt as num, readJsonObject } from './json-file';
import { paths } from './paths';

/** The monitored metrics a rule may name: what queries/monitoring/window_metrics.sql computes. */
export const MONITORED_METRICS = ['hallucination_rate', 'escalation_rate', 'error_rate', 'latency_p99_ms', 'guardrail_pass_rate', 'csat_mean',
  'thumbs_down_rate', 'response_words_mean', 'ttft_p99_ms', 'tps_p50', 'unexpected_stop_rate'] as const;
export type MonitoredMetric = (typeof MONITORED_METRICS)[number];

/** Numeric columns the drift check compares (queries/drift/value_counts.sql). */
export const DRIFT_METRICS = ['latency_ms', 'ttft_ms', 'response_words', 'output_tokens', 'input_tokens'] as const;

export interface MonitoringRule extends AlertRule {
  metric: MonitoredMetric;
  /** As written in the file: 15m, 1h, 24h. */
  window: string;
}

/** config/monitoring.json, checked. */
export interface MonitoringConfig {
  version: string;
  file: string;
  drift: {
    windowDays: number;
    intentShiftPp: number;
    psiEpsilon: number;
    numericMetrics: string[];
    embeddingPValue: number;
    accuracySample: number;
    minAccuracy: number;
  };
  retraining: { lastTrainedAt: Date | null; maxAgeDays: number; productionDays: number; minConfidence: number };
  baselineDays: number;
  alerts: MonitoringRule[];
  canary: Required<CanaryOptions> & { lookbackDays: number };
  shadow: Required<ShadowOptions>;
}

const KINDS: AlertKind[] = ['above', 'below', 'increase', 'relative_change'];
const TIERS: AlertTier[] = ['hard', 'critical', 'soft', 'warning'];

/** "15m", "1h", "24h", "2d" in minutes. @throws InputError naming the rule. */
function windowMinutes(text: unknown, file: string, where: string): number {
  const m = typeof text === 'string' ? /^(\d+)(m|h|d)$/.exec(text) : null;
  const minutes = m ? Number(m[1]) * { m: 1, h: 60, d: 1440 }[m[2] as 'm' | 'h' | 'd'] : 0;
  if (!m || minutes <= 0 || minutes > 7 * 1440 || 1440 % minutes !== 0 && minutes % 1440 !== 0) {
    throw new InputError(file, `${where}.window must be like 15m, 1h or 24h and divide a day evenly, got ${JSON.stringify(text)}`);
  }
  return minutes;
}

/**
 * Reads and checks config/monitoring.json (or another file).
 * @throws InputError naming the file and the field for a missing, mistyped or out-of-range value, an unknown metric,
 * kind or tier, a repeated rule id, or a malformed date.
 */
export function loadMonitoringConfig(file: string = join(paths.config(), 'monitoring.json')): MonitoringConfig {
  const doc = readJsonObject(file, 'monitoring configuration');
  const share = { above: 0, max: 1 };
  const drift = (doc.drift ?? {}) as Record<string, unknown>;
  const numeric = drift.numeric_metrics;
  if (!Array.isArray(numeric) || numeric.some((m) => !(DRIFT_METRICS as readonly string[]).includes(m as string))) {
    throw new InputError(file, `drift.numeric_metrics must list metrics among ${DRIFT_METRICS.join(', ')}, got ${JSON.stringify(numeric)}`);
  }
  const retraining = (doc.retraining ?? {}) as Record<string, unknown>;
  const trained = retraining.last_trained_at;
  let lastTrainedAt: Date | null = null;
  if (trained !== null && trained !== undefined) {
    if (typeof trained !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(trained) || Number.isNaN(Date.parse(`${trained}T00:00:00Z`))) {
      throw new InputError(file, `retraining.last_trained_at must be a date YYYY-MM-DD or null, got ${JSON.stringify(trained)}`);
    }
    lastTrainedAt = new Date(`${trained}T00:00:00Z`);
  }
  if (!Array.isArray(doc.alerts) || doc.alerts.length === 0) throw new InputError(file, 'alerts must be a non-empty list of rules');
  const seen = new Set<string>();
  const alerts = doc.alerts.map((raw, i): MonitoringRule => {
    const where = `alerts[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw new InputError(file, `${where} must be an object`);
    const r = raw as Record<string, unknown>;
    if (typeof r.id !== 'string' || !r.id) throw new InputError(file, `${where}.id must be a non-empty string`);
    if (seen.has(r.id)) throw new InputError(file, `${where}.id "${r.id}" is used twice`);
    seen.add(r.id);
    if (!(MONITORED_METRICS as readonly string[]).includes(r.metric as string)) throw new InputError(file, `${where}.metric must be one of ${MONITORED_METRICS.join(', ')}, got ${JSON.stringify(r.metric)}`);
    if (!KINDS.includes(r.kind as AlertKind)) throw new InputError(file, `${where}.kind must be one of ${KINDS.join(', ')}, got ${JSON.stringify(r.kind)}`);
    if (!TIERS.includes(r.tier as AlertTier)) throw new InputError(file, `${where}.tier must be one of ${TIERS.join(', ')}, got ${JSON.stringify(r.tier)}`);
    return {
      id: r.id,
      metric: r.metric as MonitoredMetric,
      kind: r.kind as AlertKind,
      tier: r.tier as AlertTier,
      threshold: num(r, file, 'threshold', {}),
      window: r.window as string,
      windowMinutes: windowMinutes(r.window, file, where),
      minSamples: r.min_samples === undefined ? 100 : num(r, file, 'min_samples', { min: 1, integer: true }),
    };
  });
  return {
    version: typeof doc.version === 'string' ? doc.version : 'unversioned',
    file,
    drift: {
      windowDays: num(doc, file, 'drift.window_days', { min: 1, max: 90, integer: true }),
      intentShiftPp: num(doc, file, 'drift.intent_shift_pp', { above: 0, max: 100 }),
      psiEpsilon: num(doc, file, 'drift.psi_epsilon', { above: 0, max: 0.01 }),
      numericMetrics: numeric as string[],
      embeddingPValue: num(doc, file, 'drift.embedding_p_value', share),
      accuracySample: num(doc, file, 'drift.accuracy_sample', { min: 1, integer: true }),
      minAccuracy: num(doc, file, 'drift.min_accuracy', share),
    },
    retraining: {
      lastTrainedAt,
      maxAgeDays: num(doc, file, 'retraining.max_age_days', { min: 1, integer: true }),
      productionDays: num(doc, file, 'retraining.production_days', { min: 1, max: 366, integer: true }),
      minConfidence: num(doc, file, 'retraining.min_confidence', { min: 0, max: 1 }),
    },
    baselineDays: num(doc, file, 'baseline_days', { min: 1, max: 60, integer: true }),
    alerts,
    canary: {
      escalationIncrease: num(doc, file, 'canary.escalation_increase', share),
      maxErrorRate: num(doc, file, 'canary.max_error_rate', share),
      maxP99Ms: num(doc, file, 'canary.max_p99_ms', { above: 0 }),
      alpha: num(doc, file, 'canary.alpha', { above: 0, max: 0.5 }),
      power: num(doc, file, 'canary.power', { above: 0.5, max: 0.999 }),
      minTurnsFloor: num(doc, file, 'canary.min_turns_floor', { min: 1, integer: true }),
      lookbackDays: num(doc, file, 'canary.lookback_days', { min: 1, max: 60, integer: true }),
    },
    shadow: {
      maxBertscoreDrop: num(doc, file, 'shadow.max_bertscore_drop', share),
      maxLengthChange: num(doc, file, 'shadow.max_length_change', share),
      maxGuardrailDrop: num(doc, file, 'shadow.max_guardrail_drop', share),
      maxHallucinationIncrease: num(doc, file, 'shadow.max_hallucination_increase', { min: 0 }),
      maxIntentChangeRate: num(doc, file, 'shadow.max_intent_change_rate', share),
      minComparisons: num(doc, file, 'shadow.min_comparisons', { min: 1, integer: true }),
      minDays: num(doc, file, 'shadow.min_days', { min: 1, integer: true }),
    },
  };
}
