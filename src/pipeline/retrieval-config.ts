import { join, resolve } from 'node:path';
import { checkChunkOptions } from '../analysis/chunkText';
import { getEncoding } from 'js-tiktoken';
import type { Tokenizer } from '../analysis/chunkText';
import { InputError } from './errors';
import { readJsonObject } from './json-file';
import { paths, projectRoot } from './paths';

export interface RetrievalConfig {
  file: string;
  documents: string;
  queries: string;
  k: number;
  production: { name: string; size: number; overlap: number; mode: 'tokens' | 'sentences'; metadata: 'none' | 'fields' | 'prepend' };
  alerts: { recallAtK: number; mrrAtK: number };
  embeddings: { modelId: string; dimensions: number; region: string; concurrency: number; attempts: number; cacheDir: string };
}

/** Reads config/retrieval.json. @throws InputError naming the file and field. */
export function loadRetrievalConfig(file: string = join(paths.config(), 'retrieval.json')): RetrievalConfig {
  const d = readJsonObject(file, 'retrieval config');
  const str = (v: unknown, field: string) => {
    if (typeof v !== 'string' || v === '')
      throw new InputError(file, `must be a non-empty string, got ${JSON.stringify(v ?? null)}`, field);
    return v;
  };
  const num = (v: unknown, field: string, min: number, max: number) => {
    if (typeof v !== 'number' || !(v >= min && v <= max))
      throw new InputError(file, `must be a number from ${min} to ${max}, got ${JSON.stringify(v ?? null)}`, field);
    return v;
  };
  const p = (d.production ?? {}) as Record<string, unknown>;
  const production = {
    name: str(p.name, 'production.name'),
    size: p.size as number,
    overlap: p.overlap as number,
    mode: (p.mode ?? 'tokens') as 'tokens' | 'sentences',
    metadata: (p.metadata ?? 'none') as 'none' | 'fields' | 'prepend',
  };
  try {
    checkChunkOptions(production);
  } catch (e) {
    throw new InputError(file, (e as Error).message, 'production');
  }
  const a = (d.alerts ?? {}) as Record<string, unknown>;
  const e = (d.embeddings ?? {}) as Record<string, unknown>;
  return {
    file,
    documents: resolve(projectRoot(), str(d.documents, 'documents')),
    queries: resolve(projectRoot(), str(d.queries, 'queries')),
    k: num(d.k, 'k', 1, 100),
    production,
    alerts: { recallAtK: num(a.recall_at_k, 'alerts.recall_at_k', 0, 1), mrrAtK: num(a.mrr_at_k, 'alerts.mrr_at_k', 0, 1) },
    embeddings: {
      modelId: str(e.model_id, 'embeddings.model_id'),
      dimensions: num(e.dimensions, 'embeddings.dimensions', 1, 8192),
      region: str(e.region, 'embeddings.region'),
      concurrency: num(e.concurrency, 'embeddings.concurrency', 1, 64),
      attempts: num(e.attempts, 'embeddings.attempts', 1, 20),
      cacheDir: resolve(projectRoot(), str(e.cache_dir, 'embeddings.cache_dir')),
    },
  };
}

let cl100k: Tokenizer | null = null;
/** The tokenizer chunk sizes are counted with: cl100k_base from js-tiktoken (a BPE close to what Claude and Titan see). */
export function chunkTokenizer(): Tokenizer {
  return (cl100k ??= getEncoding('cl100k_base'));
}
