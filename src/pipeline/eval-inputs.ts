import { join, resolve } from 'node:path';
import type { GateSpec } from '../analysis/evaluateGates';
import type { FormatRules } from '../analysis/formatCompliance';
import { InputError } from './errors';
import { readJsonObject, readJsonlObjects } from './json-file';
import { paths, projectRoot } from './paths';

export interface EvalConfig {
  file: string;
  version: string;
  gates: GateSpec[];
  format: FormatRules;
  /** BERTScore: the local model folder (null: not computed), idf weighting and baseline rescaling. */
  bertscore: { modelDir: string | null; idf: boolean; baseline: { precision: number; recall: number; f1: number } | null };
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

const COMPARATORS = ['>=', '<=', '=='];

/**
 * Reads config/eval.json (or another file): the gates and the format rules.
 * @throws InputError naming the file and the field for anything missing or mistyped.
 */
export function loadEvalConfig(file: string = join(paths.config(), 'eval.json')): EvalConfig {
  const doc = readJsonObject(file, 'evaluation config');
  if (!Array.isArray(doc.gates)) throw new InputError(file, 'must be a list of gates', 'gates');
  const gates = doc.gates.map((g: Record<string, unknown>, i): GateSpec => {
    const place = `gates[${i}]`;
    if (typeof g?.metric !== 'string') throw new InputError(file, 'metric must be a string', place);
    if (!COMPARATORS.includes(g.comparator as string))
      throw new InputError(
        file,
        `comparator must be one of ${COMPARATORS.join(' ')}, got ${JSON.stringify(g.comparator)}`,
        `${place} (${g.metric})`,
      );
    if (typeof g.threshold !== 'number' || !Number.isFinite(g.threshold))
      throw new InputError(file, `threshold must be a number, got ${JSON.stringify(g.threshold)}`, `${place} (${g.metric})`);
    if (g.may_be_skipped !== undefined && typeof g.may_be_skipped !== 'boolean')
      throw new InputError(file, 'may_be_skipped must be true or false', `${place} (${g.metric})`);
    return {
      metric: g.metric,
      comparator: g.comparator as GateSpec['comparator'],
      threshold: g.threshold,
      mayBeSkipped: g.may_be_skipped === true,
    };
  });
  const f = (doc.format ?? {}) as Record<string, unknown>;
  if (!Number.isInteger(f.max_chars) || (f.max_chars as number) <= 0)
    throw new InputError(file, `must be a positive whole number, got ${JSON.stringify(f.max_chars)}`, 'format.max_chars');
  for (const key of ['no_emoji', 'consistent_lists'])
    if (typeof f[key] !== 'boolean') throw new InputError(file, 'must be true or false', `format.${key}`);
  const b = (doc.bertscore ?? {}) as Record<string, unknown>;
  if (typeof b !== 'object' || Array.isArray(b)) throw new InputError(file, 'must be an object', 'bertscore');
  if (b.model_dir !== undefined && b.model_dir !== null && (typeof b.model_dir !== 'string' || b.model_dir === ''))
    throw new InputError(file, 'must be a folder path or null', 'bertscore.model_dir');
  if (b.idf !== undefined && typeof b.idf !== 'boolean') throw new InputError(file, 'must be true or false', 'bertscore.idf');
  let baseline: EvalConfig['bertscore']['baseline'] = null;
  if (b.baseline !== undefined && b.baseline !== null) {
    const x = b.baseline as Record<string, unknown>;
    for (const k of ['precision', 'recall', 'f1']) {
      if (typeof x?.[k] !== 'number' || !((x[k] as number) < 1))
        throw new InputError(file, `must be a number below 1, got ${JSON.stringify(x?.[k] ?? null)}`, `bertscore.baseline.${k}`);
    }
    baseline = { precision: x.precision as number, recall: x.recall as number, f1: x.f1 as number };
  }
  const bertscore = {
    modelDir: typeof b.model_dir === 'string' ? resolve(projectRoot(), b.model_dir) : null,
    idf: b.idf === true,
    baseline,
  };
  return {
    file,
    version: typeof doc.version === 'string' ? doc.version : 'unversioned',
    gates,
    bertscore,
    format: { maxChars: f.max_chars as number, noEmoji: f.no_emoji as boolean, consistentLists: f.consistent_lists as boolean },
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
