import { join, resolve } from 'node:path';
import { FAILURE_CATEGORIES, type FailureCategory } from '../analysis/failureCategories';
import { loadConfigFile, num, text, version, z } from './config-schema';
import { paths, projectRoot } from './paths';
import { patternProblem } from './queries';

/** config/errors.json: error analysis, feedback, human evaluation, flywheel and retention settings. */
export interface ErrorsConfig {
  version: string;
  file: string;
  categorizer: { lowConfidence: number; slowMs: number; minWords: number; feedbackHints: Partial<Record<FailureCategory, string>> };
  llm: {
    region: string;
    modelId: string;
    priceModel: string;
    promptVersion: string;
    sampleSize: number;
    batchSize: number;
    concurrency: number;
    attempts: number;
    /** The categorizer's whole time limit, calls and retries included: past it, no call starts or runs. */
    timeLimitS: number;
    maxTokens: number;
    spendCapUsd: number;
    cacheDir: string;
  };
  impact: { averageOrderValueUsd: number; escalationCostUsd: number };
  feedback: { targetThumbsUpRate: number; minRated: number };
  humanEval: { kappaGate: number; edgeCaseConfidence: number; quotas: Record<string, number> };
  flywheel: { minIntentConfidence: number; windowDays: number; trainingLimit: number; goldenLimit: number; duplicateJaccard: number };
  retention: { rawDays: number; analyticsDays: number; deletionDays: number };
  /** Judge reliability records (`mangalab judge check`): the trust floor and the labelled sample they are measured on. */
  judges: { kappaFloor: number; minItems: number; sampleWeeks: number; sampleLimit: number };
}

const HINT_CATEGORIES = FAILURE_CATEGORIES.filter((c) => c !== 'other');
const limit = (max: number) => num({ min: 1, max, integer: true });
const count = () => num({ min: 1, integer: true });
const unit = () => num({ min: 0, max: 1 });

/**
 * A feedback hint: a pattern JavaScript compiles, with no quote and no backslash (the warehouse runs it as RE2 or
 * POSIX, and Redshift reads it as a string literal: a PATTERN parameter, src/pipeline/queries.ts).
 */
const hint = text().superRefine((v, ctx) => {
  try {
    new RegExp(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `is not a valid pattern: ${(e as Error).message}` });
  }
  const problem = patternProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** config/errors.json as the file writes it. */
const ERRORS_SCHEMA = z.object({
  version: version(),
  categorizer: z.object({
    low_confidence: unit(),
    slow_ms: num({ above: 0 }),
    min_words: num({ min: 0, integer: true }),
    feedback_hints: z.record(z.string(), hint).superRefine((hints, ctx) => {
      for (const k of Object.keys(hints)) {
        if (!(HINT_CATEGORIES as string[]).includes(k))
          ctx.addIssue({ code: 'custom', path: [k], message: `is not a failure category (use ${HINT_CATEGORIES.join(', ')})` });
      }
    }),
  }),
  llm: z.object({
    region: text(),
    model_id: text(),
    price_model: text(),
    prompt_version: text(),
    sample_size: limit(100_000),
    batch_size: limit(100),
    concurrency: limit(64),
    attempts: limit(20),
    time_limit_s: num({ min: 1, max: 3600 }).optional(),
    max_tokens: count(),
    spend_cap_usd: num({ min: 0 }),
    cache_dir: text(),
  }),
  impact: z.object({ average_order_value_usd: num({ min: 0 }), escalation_cost_usd: num({ min: 0 }) }),
  feedback: z.object({ target_thumbs_up_rate: unit(), min_rated: count() }),
  human_eval: z.object({
    kappa_gate: num({ min: -1, max: 1 }),
    edge_case_confidence: unit(),
    quotas: z
      .record(z.string(), num({ min: 0, integer: true }))
      .refine((q) => Object.keys(q).length > 0, { message: 'must name at least one stratum' }),
  }),
  flywheel: z.object({
    min_intent_confidence: unit(),
    window_days: count(),
    training_limit: limit(100_000),
    golden_limit: limit(100_000),
    duplicate_jaccard: num({ above: 0, max: 1 }),
  }),
  retention: z.object({ raw_days: count(), analytics_days: count(), deletion_days: count() }),
  judges: z
    .object({ kappa_floor: num({ min: -1, max: 1 }), min_items: limit(100_000), sample_weeks: limit(520), sample_limit: limit(100_000) })
    .optional(),
});

/**
 * Reads and checks config/errors.json (or another file) against its schema.
 * @throws InputError naming the file and the field for a missing, mistyped or out-of-range value, an unknown hint
 * category, or a hint pattern JavaScript cannot compile.
 */
export function loadErrorsConfig(file: string = join(paths.config(), 'errors.json')): ErrorsConfig {
  const c = loadConfigFile(ERRORS_SCHEMA, file, 'error analysis configuration');
  const { categorizer: k, llm, human_eval: h, flywheel: f, retention: r } = c;
  return {
    version: c.version,
    file,
    categorizer: {
      lowConfidence: k.low_confidence,
      slowMs: k.slow_ms,
      minWords: k.min_words,
      feedbackHints: k.feedback_hints as Partial<Record<FailureCategory, string>>,
    },
    llm: {
      region: llm.region,
      modelId: llm.model_id,
      priceModel: llm.price_model,
      promptVersion: llm.prompt_version,
      sampleSize: llm.sample_size,
      batchSize: llm.batch_size,
      concurrency: llm.concurrency,
      attempts: llm.attempts,
      timeLimitS: llm.time_limit_s ?? 120,
      maxTokens: llm.max_tokens,
      spendCapUsd: llm.spend_cap_usd,
      cacheDir: resolve(projectRoot(), llm.cache_dir),
    },
    impact: { averageOrderValueUsd: c.impact.average_order_value_usd, escalationCostUsd: c.impact.escalation_cost_usd },
    feedback: { targetThumbsUpRate: c.feedback.target_thumbs_up_rate, minRated: c.feedback.min_rated },
    humanEval: { kappaGate: h.kappa_gate, edgeCaseConfidence: h.edge_case_confidence, quotas: h.quotas },
    flywheel: {
      minIntentConfidence: f.min_intent_confidence,
      windowDays: f.window_days,
      trainingLimit: f.training_limit,
      goldenLimit: f.golden_limit,
      duplicateJaccard: f.duplicate_jaccard,
    },
    retention: { rawDays: r.raw_days, analyticsDays: r.analytics_days, deletionDays: r.deletion_days },
    judges: {
      kappaFloor: c.judges?.kappa_floor ?? 0.6,
      minItems: c.judges?.min_items ?? 30,
      sampleWeeks: c.judges?.sample_weeks ?? 12,
      sampleLimit: c.judges?.sample_limit ?? 300,
    },
  };
}

/** The feedback hint patterns as the named parameters of the errors queries (an unset category never matches). */
export function hintParams(c: ErrorsConfig): Record<string, string> {
  const out: Record<string, string> = {};
  // An unset category never matches: nothing can follow the end of the text (a pattern without backslashes).
  for (const k of FAILURE_CATEGORIES) if (k !== 'other') out[`hint_${k}`] = c.categorizer.feedbackHints[k] ?? '$.^';
  return out;
}
