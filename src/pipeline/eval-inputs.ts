import { join, resolve } from 'node:path';
import type { GateSpec } from '../analysis/evaluateGates';
import type { FormatRules } from '../analysis/formatCompliance';
import { InputError } from './errors';
import { loadConfigFile, num, saying, version, z } from './config-schema';
import { readJsonlObjects } from './json-file';
import { paths, projectRoot } from './paths';

export interface EvalConfig {
  file: string;
  version: string;
  gates: GateSpec[];
  format: FormatRules;
  /** BERTScore: the local model folder (null: not computed), idf weighting and baseline rescaling. */
  bertscore: { modelDir: string | null; idf: boolean; baseline: { precision: number; recall: number; f1: number } | null };
  /** The paired tests of a diff against the baseline: their level, resamples and seed. */
  significance: { alpha: number; resamples: number; seed: number; minPairedShare: number };
}

/**
 * A pipeline output for one golden query (the file responder's line). A file must give every field; the Bedrock
 * responder leaves classified_intent null without a classifier and guardrail_passed null without a guardrail.
 */
export interface Prediction {
  query_id: string;
  classified_intent: string | null;
  response_text: string;
  guardrail_passed: boolean | null;
  latency_ms: number;
  input_tokens: number;
  output_tokens: number;
}

const TRUE_OR_FALSE = saying('must be true or false');

/** config/eval.json: the quality gates, the format rules and the BERTScore settings. */
export const EVAL_SCHEMA = z.object({
  version: version(),
  gates: z.array(
    z.object({
      metric: z.string(),
      comparator: z.enum(['>=', '<=', '==']),
      threshold: z.number(),
      may_be_skipped: z.boolean(TRUE_OR_FALSE).optional(),
    }),
    saying('must be a list of gates'),
  ),
  format: z.object({
    max_chars: z
      .number(saying('must be a positive whole number'))
      .int(saying('must be a positive whole number'))
      .gt(0, saying('must be a positive whole number')),
    no_emoji: z.boolean(TRUE_OR_FALSE),
    consistent_lists: z.boolean(TRUE_OR_FALSE),
  }),
  bertscore: z
    .object({
      model_dir: z.string(saying('must be a folder path or null')).min(1, saying('must be a folder path or null')).nullish(),
      idf: z.boolean(TRUE_OR_FALSE).optional(),
      baseline: z
        .object({
          precision: z.number(saying('must be a number below 1')).lt(1, saying('must be a number below 1')),
          recall: z.number(saying('must be a number below 1')).lt(1, saying('must be a number below 1')),
          f1: z.number(saying('must be a number below 1')).lt(1, saying('must be a number below 1')),
        })
        .nullish(),
    })
    .default({}),
  significance: z
    .object({
      alpha: num({ min: 0.0001, max: 0.5 }).optional(),
      resamples: num({ min: 1000, max: 1_000_000, integer: true }).optional(),
      seed: num({ min: 0, integer: true }).optional(),
      min_paired_share: num({ min: 0.01, max: 1 }).optional(),
    })
    .default({}),
});

/**
 * Reads config/eval.json (or another file): the gates and the format rules.
 * @throws InputError naming the file and the field for anything missing or mistyped.
 */
export function loadEvalConfig(file: string = join(paths.config(), 'eval.json')): EvalConfig {
  const doc = loadConfigFile(EVAL_SCHEMA, file, 'evaluation config', { placed: true, label: 'metric' });
  const b = doc.bertscore;
  return {
    file,
    version: doc.version,
    gates: doc.gates.map((g) => ({
      metric: g.metric,
      comparator: g.comparator,
      threshold: g.threshold,
      mayBeSkipped: g.may_be_skipped === true,
    })),
    bertscore: {
      modelDir: b.model_dir ? resolve(projectRoot(), b.model_dir) : null,
      idf: b.idf === true,
      baseline: b.baseline ?? null,
    },
    significance: {
      alpha: doc.significance.alpha ?? 0.05,
      resamples: doc.significance.resamples ?? 10_000,
      seed: doc.significance.seed ?? 20261122,
      minPairedShare: doc.significance.min_paired_share ?? 0.9,
    },
    format: { maxChars: doc.format.max_chars, noEmoji: doc.format.no_emoji, consistentLists: doc.format.consistent_lists },
  };
}

/**
 * Reads a predictions file (JSONL: query_id, classified_intent, response_text, guardrail_passed, latency_ms,
 * input_tokens, output_tokens per line).
 * @throws InputError naming the file, the line and the field of the first malformed line, or a repeated query_id.
 */
export function loadPredictions(file: string): Prediction[] {
  const out: Prediction[] = [];
  const seen = new Set<string>();
  for (const { row: p, where } of readJsonlObjects(file, 'predictions')) {
    for (const key of ['query_id', 'classified_intent', 'response_text']) {
      if (typeof p[key] !== 'string') throw new InputError(file, `${key} must be a string, got ${JSON.stringify(p[key])}`, where);
    }
    if (typeof p.guardrail_passed !== 'boolean')
      throw new InputError(file, `guardrail_passed must be true or false, got ${JSON.stringify(p.guardrail_passed)}`, where);
    for (const key of ['latency_ms', 'input_tokens', 'output_tokens']) {
      if (p[key] !== undefined && p[key] !== null && (typeof p[key] !== 'number' || (p[key] as number) < 0))
        throw new InputError(file, `${key} must be a non-negative number, got ${JSON.stringify(p[key])}`, where);
    }
    if (seen.has(p.query_id as string)) throw new InputError(file, `query_id ${p.query_id} appears twice`, where);
    seen.add(p.query_id as string);
    out.push(p as unknown as Prediction);
  }
  return out;
}

/**
 * Reads a classifier's outputs for the golden queries (JSONL: query_id and classified_intent a line), used by the
 * Bedrock responder to route each query to its intent's template and to score intents.
 * @throws InputError naming the file, the line and the field.
 */
export function loadClassifiedIntents(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const { row: p, where } of readJsonlObjects(file, 'intents')) {
    for (const key of ['query_id', 'classified_intent']) {
      if (typeof p[key] !== 'string' || p[key] === '')
        throw new InputError(file, `${key} must be a non-empty string, got ${JSON.stringify(p[key] ?? null)}`, where);
    }
    if (out.has(p.query_id as string)) throw new InputError(file, `query_id ${p.query_id} appears twice`, where);
    out.set(p.query_id as string, p.classified_intent as string);
  }
  return out;
}
