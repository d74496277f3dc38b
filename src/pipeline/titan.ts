import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { createHash } from 'node:crypto';
import type { Retriever } from './kb';
import { awsClientConfig, withRetry, type RetryOptions } from './aws';
import { ServiceError } from './errors';
import { fileCache, forEachConcurrently } from './file-cache';
import { progress } from './progress';
import type { RetrievalConfig } from './retrieval-config';

export interface TitanOptions {
  config: RetrievalConfig['embeddings'];
  client?: BedrockRuntimeClient;
  retry?: Pick<RetryOptions, 'sleep' | 'random' | 'baseMs' | 'maxMs'>;
}

/** Embeds texts with Amazon Titan Text Embeddings (normalised vectors), cached by model, dimensions and text. */
export function titanEmbedder(options: TitanOptions) {
  const cfg = options.config;
  const client = options.client ?? new BedrockRuntimeClient(awsClientConfig(cfg.region));
  const cache = fileCache<number[]>(cfg.cacheDir);
  const key = (text: string) =>
    createHash('sha256')
      .update(JSON.stringify([cfg.modelId, cfg.dimensions, text]))
      .digest('hex');
  let calls = 0;
  return {
    model: `${cfg.modelId}@${cfg.dimensions}`,
    get calls() {
      return calls;
    },
    /**
     * Embeds every text (each distinct text once; cached ones from the cache), at most `concurrency` calls at a time.
     * @throws ServiceError naming the text's position when a call still fails after its retries.
     */
    async embed(texts: string[]): Promise<Float64Array[]> {
      const unique = [...new Set(texts)];
      const vectors = new Map<string, Float64Array>();
      const todo: string[] = [];
      for (const t of unique) {
        const hit = cache.get(key(t));
        if (hit) vectors.set(t, Float64Array.from(hit));
        else todo.push(t);
      }
      const bar = progress(todo.length, 'titan');
      await forEachConcurrently(todo, cfg.concurrency, async (t) => {
        const body = JSON.stringify({ inputText: t, dimensions: cfg.dimensions, normalize: true });
        let out;
        try {
          out = await withRetry(
            (s) =>
              client.send(
                new InvokeModelCommand({ modelId: cfg.modelId, contentType: 'application/json', accept: 'application/json', body }),
                { abortSignal: s },
              ),
            { attempts: cfg.attempts, what: `Titan InvokeModel ${cfg.modelId}`, ...options.retry },
          );
        } catch (e) {
          throw new ServiceError(
            `Titan embedding of text ${unique.indexOf(t) + 1} of ${unique.length} failed: ${(e as Error).name}: ${(e as Error).message}`,
            { cause: e },
          );
        }
        calls++;
        const parsed = JSON.parse(new TextDecoder().decode(out.body)) as { embedding?: number[] };
        if (!Array.isArray(parsed.embedding) || parsed.embedding.length !== cfg.dimensions) {
          throw new ServiceError(
            `Titan returned ${parsed.embedding?.length ?? 'no'} dimensions for text ${unique.indexOf(t) + 1}, expected ${cfg.dimensions}`,
          );
        }
        cache.set(key(t), parsed.embedding);
        vectors.set(t, Float64Array.from(parsed.embedding));
        bar.step('');
      });
      bar.done();
      return texts.map((t) => vectors.get(t)!);
    },
  };
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Dense retrieval: chunks and queries embedded by Titan (normalised), ranked by cosine similarity (ties by chunk order). */
export function titanRetriever(embedder: ReturnType<typeof titanEmbedder>): Retriever {
  return async (chunks, queries, depth) => {
    const cv = await embedder.embed(chunks.map((c) => c.indexed));
    const qv = await embedder.embed(queries);
    return qv.map((q) =>
      cv
        .map((v, i) => ({ i, s: dot(q, v) }))
        .sort((a, b) => b.s - a.s || a.i - b.i)
        .slice(0, depth)
        .map((x) => chunks[x.i]!.id),
    );
  };
}
