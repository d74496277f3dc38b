import { join, resolve } from 'node:path';
import { checkChunkOptions } from '../analysis/chunkText';
import { getEncoding } from 'js-tiktoken';
import type { Tokenizer } from '../analysis/chunkText';
import { loadConfigFile, num, text, z } from './config-schema';
import { paths, projectRoot } from './paths';

export interface RetrievalConfig {
  file: string;
  documents: string;
  queries: string;
  k: number;
  /** Weeks of production retrievals the weekly chunk-usage trend reads (ending with the report's week). */
  usageWeeks: number;
  production: { name: string; size: number; overlap: number; mode: 'tokens' | 'sentences'; metadata: 'none' | 'fields' | 'prepend' };
  alerts: { recallAtK: number; mrrAtK: number };
  embeddings: { modelId: string; dimensions: number; region: string; concurrency: number; attempts: number; cacheDir: string };
}

/** One chunking configuration (US-5.4), as config/retrieval.json's production entry and every grid file write it. */
export const CHUNK_CONFIG_SCHEMA = z
  .object({
    name: text(),
    size: z.number(),
    overlap: z.number(),
    mode: z.enum(['tokens', 'sentences']).default('tokens'),
    /** How title, source type and ASIN travel: not at all, as stored fields, or prepended to the indexed text. */
    metadata: z.enum(['none', 'fields', 'prepend']).default('none'),
  })
  .superRefine((c, ctx) => {
    try {
      checkChunkOptions(c);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
    }
  });

/** config/retrieval.json as the file writes it. */
const RETRIEVAL_SCHEMA = z.object({
  documents: text(),
  queries: text(),
  k: num({ min: 1, max: 100, integer: true }),
  usage_weeks: num({ min: 1, max: 52, integer: true }).optional(),
  production: CHUNK_CONFIG_SCHEMA,
  alerts: z.object({ recall_at_k: num({ min: 0, max: 1 }), mrr_at_k: num({ min: 0, max: 1 }) }),
  embeddings: z.object({
    model_id: text(),
    dimensions: num({ min: 1, max: 8192, integer: true }),
    region: text(),
    concurrency: num({ min: 1, max: 64, integer: true }),
    attempts: num({ min: 1, max: 20, integer: true }),
    cache_dir: text(),
  }),
});

/**
 * Reads and checks config/retrieval.json (or another file) against its schema; paths resolve against the project.
 * @throws InputError naming the file, the field and the problem.
 */
export function loadRetrievalConfig(file: string = join(paths.config(), 'retrieval.json')): RetrievalConfig {
  const c = loadConfigFile(RETRIEVAL_SCHEMA, file, 'retrieval config');
  const e = c.embeddings;
  return {
    file,
    documents: resolve(projectRoot(), c.documents),
    queries: resolve(projectRoot(), c.queries),
    k: c.k,
    usageWeeks: c.usage_weeks ?? 8,
    production: c.production,
    alerts: { recallAtK: c.alerts.recall_at_k, mrrAtK: c.alerts.mrr_at_k },
    embeddings: {
      modelId: e.model_id,
      dimensions: e.dimensions,
      region: e.region,
      concurrency: e.concurrency,
      attempts: e.attempts,
      cacheDir: resolve(projectRoot(), e.cache_dir),
    },
  };
}

let cl100k: Tokenizer | null = null;
/** The tokenizer chunk sizes are counted with: cl100k_base from js-tiktoken (a BPE close to what Claude and Titan see). */
export function chunkTokenizer(): Tokenizer {
  return (cl100k ??= getEncoding('cl100k_base'));
}
