import { join, resolve } from 'node:path';
import { FAILURE_CATEGORIES, type FailureCategory } from '../analysis/failureCategories';
import { InputError } from './errors';
import { numberAt as num, readJsonObject } from './json-file';
import { paths, projectRoot } from './paths';

/** config/errors.json: error analysis, feedback, human evaluation, flywheel and retention settings. */
export interface ErrorsConfig {
  version: string;
  file: string;
  categorizer: { lowConfidence: number; slowMs: number; minWords: number; feedbackHints: Partial<Record<FailureCategory, string>> };
  llm: {
    region: string; modelId: string; priceModel: string; promptVersion: string; sampleSize: number; batchSize: number;
    concurrency: number; attempts: number; maxTokens: number; spendCapUsd: number; cacheDir: string;
  };
  impact: { averageOrderValueUsd: number; escalationCostUsd: number };
  feedback: { targetThumbsUpRate: number; minRated: number };
  humanEval: { kappaGate: number; edgeCaseConfidence: number; quotas: Record<string, number> };
  flywheel: { minIntentConfidence: number; windowDays: number; trainingLimit: number; goldenLimit: number; duplicateJaccard: number };
  retention: { rawDays: number; analyticsDays: number; deletionDays: number };
}

/**
 * Reads and checks config/errors.json (or another file).
 * @throws InputError naming the file and the field for a missing, mistyped or out-of-range value, an unknown hint
 * category, or a hint pattern JavaScript cannot compile.
 */
export function loadErrorsConfig(file: string = join(paths.config(), 'errors.json')): ErrorsConfig {
  const doc = readJsonObject(file, 'error analysis configuration');
  const str = (path: string) => {
    let v: unknown = doc;
    for (const k of path.split('.')) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
    if (typeof v !== 'string' || v.trim() === '') throw new InputError(file, `${path} must be a non-empty string, got ${JSON.stringify(v ?? null)}`);
    return v;
  };
  const obj = (path: string): Record<string, unknown> => {
    let v: unknown = doc;
    for (const k of path.split('.')) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputError(file, `${path} must be an object`);
    return v as Record<string, unknown>;
  };
  const hints: Partial<Record<FailureCategory, string>> = {};
  for (const [k, v] of Object.entries(obj('categorizer.feedback_hints'))) {
    if (!(FAILURE_CATEGORIES as readonly string[]).includes(k) || k === 'other') throw new InputError(file, `categorizer.feedback_hints.${k} is not a failure category (use ${FAILURE_CATEGORIES.filter((c) => c !== 'other').join(', ')})`);
    if (typeof v !== 'string' || v === '') throw new InputError(file, `categorizer.feedback_hints.${k} must be a non-empty pattern`);
    try {
      new RegExp(v);
    } catch (e) {
      throw new InputError(file, `categorizer.feedback_hints.${k} is not a valid pattern: ${(e as Error).message}`);
    }
    hints[k as FailureCategory] = v;
  }
  const quotas: Record<string, number> = {};
  for (const k of Object.keys(obj('human_eval.quotas'))) quotas[k] = num(doc, file, `human_eval.quotas.${k}`, { min: 0, integer: true });
  if (Object.keys(quotas).length === 0) throw new InputError(file, 'human_eval.quotas must name at least one stratum');
  const share = { min: 0, max: 1 };
  return {
    version: typeof doc.version === 'string' ? doc.version : 'unversioned',
    file,
    categorizer: {
      lowConfidence: num(doc, file, 'categorizer.low_confidence', share), slowMs: num(doc, file, 'categorizer.slow_ms', { above: 0 }),
      minWords: num(doc, file, 'categorizer.min_words', { min: 0, integer: true }), feedbackHints: hints,
    },
    llm: {
      region: str('llm.region'), modelId: str('llm.model_id'), priceModel: str('llm.price_model'), promptVersion: str('llm.prompt_version'),
      sampleSize: num(doc, file, 'llm.sample_size', { min: 1, max: 100_000, integer: true }), batchSize: num(doc, file, 'llm.batch_size', { min: 1, max: 100, integer: true }),
      concurrency: num(doc, file, 'llm.concurrency', { min: 1, max: 64, integer: true }), attempts: num(doc, file, 'llm.attempts', { min: 1, max: 20, integer: true }),
      maxTokens: num(doc, file, 'llm.max_tokens', { min: 1, integer: true }), spendCapUsd: num(doc, file, 'llm.spend_cap_usd', { min: 0 }),
      cacheDir: resolve(projectRoot(), str('llm.cache_dir')),
    },
    impact: { averageOrderValueUsd: num(doc, file, 'impact.average_order_value_usd', { min: 0 }), escalationCostUsd: num(doc, file, 'impact.escalation_cost_usd', { min: 0 }) },
    feedback: { targetThumbsUpRate: num(doc, file, 'feedback.target_thumbs_up_rate', share), minRated: num(doc, file, 'feedback.min_rated', { min: 1, integer: true }) },
    humanEval: { kappaGate: num(doc, file, 'human_eval.kappa_gate', { min: -1, max: 1 }), edgeCaseConfidence: num(doc, file, 'human_eval.edge_case_confidence', share), quotas },
    flywheel: {
      minIntentConfidence: num(doc, file, 'flywheel.min_intent_confidence', share), windowDays: num(doc, file, 'flywheel.window_days', { min: 1, integer: true }),
      trainingLimit: num(doc, file, 'flywheel.training_limit', { min: 1, max: 100_000, integer: true }), goldenLimit: num(doc, file, 'flywheel.golden_limit', { min: 1, max: 100_000, integer: true }),
      duplicateJaccard: num(doc, file, 'flywheel.duplicate_jaccard', { above: 0, max: 1 }),
    },
    retention: {
      rawDays: num(doc, file, 'retention.raw_days', { min: 1, integer: true }), analyticsDays: num(doc, file, 'retention.analytics_days', { min: 1, integer: true }),
      deletionDays: num(doc, file, 'retention.deletion_days', { min: 1, integer: true }),
    },
  };
}

/** The feedback hint patterns as the named parameters of the errors queries (an unset category never matches). */
export function hintParams(c: ErrorsConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of FAILURE_CATEGORIES) if (k !== 'other') out[`hint_${k}`] = c.categorizer.feedbackHints[k] ?? '[^\\s\\S]';
  return out;
}
