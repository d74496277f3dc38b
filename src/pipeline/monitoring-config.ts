import { join } from 'node:path';
import { perWindowAlpha, type AlertKind, type AlertRule, type AlertTier } from '../analysis/evaluateAlertRule';
import type { CanaryOptions } from '../analysis/canaryAnalysis';
import type { ShadowOptions } from '../analysis/shadowVerdict';
import { loadConfigFile, num, share, text, version, z } from './config-schema';
import { paths } from './paths';

/** The monitored metrics a rule may name: what queries/monitoring/window_metrics.sql computes. */
export const MONITORED_METRICS = [
  'hallucination_rate',
  'escalation_rate',
  'error_rate',
  'latency_p99_ms',
  'guardrail_pass_rate',
  'csat_mean',
  'thumbs_down_rate',
  'response_words_mean',
  'ttft_p99_ms',
  'tps_p50',
  'unexpected_stop_rate',
] as const;
export type MonitoredMetric = (typeof MONITORED_METRICS)[number];

/** Numeric columns the drift check compares (queries/drift/value_counts.sql). */
export const DRIFT_METRICS = ['latency_ms', 'ttft_ms', 'response_words', 'output_tokens', 'input_tokens'] as const;

export interface MonitoringRule extends AlertRule {
  metric: MonitoredMetric;
  /** As written in the file: 15m, 1h, 24h. */
  window: string;
  /** The confirmation window as written (2h), when the rule has one. */
  confirmWindow?: string;
  /** The per-window test level, from the tier's false alarms a year unless the rule sets its own. */
  alpha: number;
}

/** The embedding drift detectors' settings (embeddingDrift's options, and how many vectors the warehouse samples). */
export interface EmbeddingDriftSettings {
  sampleSize: number;
  classifierSample: number;
  mmdSample: number;
  minSamples: number;
  permutations: number;
  seed: number;
  fdr: number;
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
    embedding: EmbeddingDriftSettings;
    minIntentTurns: number;
    accuracySample: number;
    minAccuracy: number;
  };
  retraining: { lastTrainedAt: Date | null; maxAgeDays: number; productionDays: number; minConfidence: number };
  baselineDays: number;
  /** False alarms a year each tier allows a rule, when the metric sits exactly on its line. */
  falseAlarmsPerYear: Record<AlertTier, number>;
  alerts: MonitoringRule[];
  canary: Required<CanaryOptions> & { lookbackDays: number };
  shadow: Required<ShadowOptions>;
}

const KINDS = ['above', 'below', 'increase', 'relative_change'] as const satisfies readonly AlertKind[];
const TIERS = ['hard', 'critical', 'soft', 'warning'] as const satisfies readonly AlertTier[];

/** "15m", "1h", "24h", "2d" in minutes, when it divides a day evenly (or is whole days) up to a week; else null. */
function windowMinutes(text: string): number | null {
  const m = /^(\d+)(m|h|d)$/.exec(text);
  const minutes = m ? Number(m[1]) * { m: 1, h: 60, d: 1440 }[m[2] as 'm' | 'h' | 'd'] : 0;
  return !m || minutes <= 0 || minutes > 7 * 1440 || (1440 % minutes !== 0 && minutes % 1440 !== 0) ? null : minutes;
}

const unit = () => num({ min: 0, max: 1 });
const days = (max?: number) => num({ min: 1, max, integer: true });
const count = () => num({ min: 1, integer: true });

const RULE_SCHEMA = z.object({
  id: text(),
  metric: z.enum(MONITORED_METRICS),
  kind: z.enum(KINDS),
  tier: z.enum(TIERS),
  threshold: num(),
  window: z.string().refine((w) => windowMinutes(w) !== null, { message: 'must be like 15m, 1h or 24h and divide a day evenly' }),
  min_samples: count().optional(),
  confirm_window: z
    .string()
    .refine((w) => windowMinutes(w) !== null, { message: 'must be like 1h or 2h and divide a day evenly' })
    .optional(),
  alpha: num({ above: 0, max: 0.5 }).optional(),
});

/** config/monitoring.json as the file writes it. */
const MONITORING_SCHEMA = z.object({
  version: version(),
  // The rules first: a file's first problem is most often in a rule.
  alerts: z
    .array(RULE_SCHEMA)
    .min(1)
    .superRefine((rules, ctx) => {
      const seen = new Set<string>();
      rules.forEach((r, i) => {
        if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `"${r.id}" is used twice` });
        seen.add(r.id);
      });
    })
    .superRefine((rules, ctx) => {
      rules.forEach((r, i) => {
        const w = windowMinutes(r.window)!;
        const c = r.confirm_window === undefined ? null : windowMinutes(r.confirm_window);
        if (c !== null && (c <= w || c % w !== 0))
          ctx.addIssue({
            code: 'custom',
            path: [i, 'confirm_window'],
            message: `must be a whole multiple of the window (${r.window}) and longer`,
          });
      });
    }),
  false_alarms_per_year: z
    .object({ hard: num({ above: 0 }), critical: num({ above: 0 }), soft: num({ above: 0 }), warning: num({ above: 0 }) })
    .optional(),
  drift: z
    .object({
      window_days: days(90),
      intent_shift_pp: num({ above: 0, max: 100 }),
      psi_epsilon: num({ above: 0, max: 0.01 }),
      numeric_metrics: z.array(z.enum(DRIFT_METRICS)),
      embedding_p_value: share(),
      embedding: z
        .object({
          sample_size: count(),
          classifier_sample: count(),
          // MMD holds two (2 n)^2 matrices: 2,000 a side is 256 MB.
          mmd_sample: num({ min: 2, max: 2000, integer: true }),
          min_samples: num({ min: 4, integer: true }),
          permutations: num({ min: 19, max: 100000, integer: true }),
          seed: num({ min: 0, integer: true }),
          fdr: share(),
        })
        .optional(),
      min_intent_turns: count().optional(),
      accuracy_sample: count(),
      min_accuracy: share(),
    })
    .superRefine((d, ctx) => {
      // A permutation p-value is at least 1 / (permutations + 1): it must be able to fall under embedding_p_value / 4.
      const need = Math.ceil(4 / d.embedding_p_value);
      if (d.embedding && d.embedding.permutations < need)
        ctx.addIssue({
          code: 'custom',
          path: ['embedding', 'permutations'],
          message: `must be at least ${need} for a permutation p-value to fall under embedding_p_value / 4 = ${d.embedding_p_value / 4}`,
        });
    }),
  retraining: z.object({
    last_trained_at: z.iso.date().nullable().optional(),
    max_age_days: count(),
    production_days: days(366),
    min_confidence: unit(),
  }),
  baseline_days: days(60),
  canary: z.object({
    escalation_increase: share(),
    max_error_rate: share(),
    max_p99_ms: num({ above: 0 }),
    alpha: num({ above: 0, max: 0.5 }),
    power: num({ above: 0.5, max: 0.999 }),
    min_turns_floor: count(),
    lookback_days: days(60),
  }),
  shadow: z.object({
    max_bertscore_drop: share(),
    max_length_change: share(),
    max_guardrail_drop: share(),
    max_hallucination_increase: num({ min: 0 }),
    max_intent_change_rate: share(),
    min_comparisons: count(),
    min_days: count(),
  }),
});

const EMBEDDING_DEFAULTS = {
  sample_size: 2000,
  classifier_sample: 1000,
  mmd_sample: 400,
  min_samples: 50,
  permutations: 999,
  seed: 20261203,
  fdr: 0.05,
};
const FALSE_ALARMS_DEFAULTS: Record<AlertTier, number> = { hard: 1, critical: 1, soft: 4, warning: 12 };

/**
 * Reads and checks config/monitoring.json (or another file) against its schema.
 * @throws InputError naming the file and the field for a missing, mistyped or out-of-range value, an unknown metric,
 * kind or tier, a repeated rule id, or a malformed date.
 */
export function loadMonitoringConfig(file: string = join(paths.config(), 'monitoring.json')): MonitoringConfig {
  const c = loadConfigFile(MONITORING_SCHEMA, file, 'monitoring configuration');
  const { drift: d, retraining: t, canary: k, shadow: w } = c;
  // Files written before the noise guards and the embedding detectors get the shipped settings.
  const e = d.embedding ?? EMBEDDING_DEFAULTS;
  const perYear = c.false_alarms_per_year ?? FALSE_ALARMS_DEFAULTS;
  return {
    version: c.version,
    file,
    drift: {
      windowDays: d.window_days,
      intentShiftPp: d.intent_shift_pp,
      psiEpsilon: d.psi_epsilon,
      numericMetrics: d.numeric_metrics,
      embeddingPValue: d.embedding_p_value,
      embedding: {
        sampleSize: e.sample_size,
        classifierSample: e.classifier_sample,
        mmdSample: e.mmd_sample,
        minSamples: e.min_samples,
        permutations: e.permutations,
        seed: e.seed,
        fdr: e.fdr,
      },
      minIntentTurns: d.min_intent_turns ?? 1000,
      accuracySample: d.accuracy_sample,
      minAccuracy: d.min_accuracy,
    },
    retraining: {
      lastTrainedAt: t.last_trained_at ? new Date(`${t.last_trained_at}T00:00:00Z`) : null,
      maxAgeDays: t.max_age_days,
      productionDays: t.production_days,
      minConfidence: t.min_confidence,
    },
    baselineDays: c.baseline_days,
    falseAlarmsPerYear: perYear,
    alerts: c.alerts.map((r) => ({
      id: r.id,
      metric: r.metric,
      kind: r.kind,
      tier: r.tier,
      threshold: r.threshold,
      window: r.window,
      windowMinutes: windowMinutes(r.window)!,
      minSamples: r.min_samples ?? 100,
      ...(r.confirm_window ? { confirmWindow: r.confirm_window, confirmMinutes: windowMinutes(r.confirm_window)! } : {}),
      alpha: r.alpha ?? perWindowAlpha(perYear[r.tier], windowMinutes(r.window)!),
    })),
    canary: {
      escalationIncrease: k.escalation_increase,
      maxErrorRate: k.max_error_rate,
      maxP99Ms: k.max_p99_ms,
      alpha: k.alpha,
      power: k.power,
      minTurnsFloor: k.min_turns_floor,
      lookbackDays: k.lookback_days,
    },
    shadow: {
      maxBertscoreDrop: w.max_bertscore_drop,
      maxLengthChange: w.max_length_change,
      maxGuardrailDrop: w.max_guardrail_drop,
      maxHallucinationIncrease: w.max_hallucination_increase,
      maxIntentChangeRate: w.max_intent_change_rate,
      minComparisons: w.min_comparisons,
      minDays: w.min_days,
    },
  };
}
