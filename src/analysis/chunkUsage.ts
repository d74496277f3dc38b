import type { RankedResult } from './retrievalMetrics';

export interface ChunkUsage {
  /** Chunks no query retrieved in its top k. */
  dead: string[];
  /** Chunks retrieved in a top k where they were not relevant, with how many queries and which. */
  noisy: { id: string; queries: number; queryIds: string[] }[];
  /** Chunks retrieved at least once. */
  retrieved: number;
  total: number;
}

/**
 * Chunk-level analytics of US-5.3: dead chunks (never in any query's top k) and noisy chunks (in a top k where they
 * are not relevant), noisiest first (ties by id).
 * Reference: MangaAssist US-5.3 (../shared/seeds).
 *
 * @throws RangeError for k < 1.
 * @example
 * chunkUsage(['a', 'b', 'c'], [{ queryId: 'q', retrieved: ['a', 'b'], relevant: new Set(['a']) }], 3).dead // => ['c']
 */
export function chunkUsage(chunkIds: string[], results: RankedResult[], k = 3): ChunkUsage {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number of at least 1, got ${k}`);
  const hits = new Set<string>();
  const noise = new Map<string, string[]>();
  for (const r of results) {
    for (const id of new Set(r.retrieved.slice(0, k))) {
      hits.add(id);
      if (!r.relevant.has(id)) noise.set(id, [...(noise.get(id) ?? []), r.queryId]);
    }
  }
  return {
    dead: chunkIds.filter((id) => !hits.has(id)),
    noisy: [...noise]
      .map(([id, q]) => ({ id, queries: q.length, queryIds: q }))
      .sort((a, b) => b.queries - a.queries || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    retrieved: chunkIds.filter((id) => hits.has(id)).length,
    total: chunkIds.length,
  };
}
