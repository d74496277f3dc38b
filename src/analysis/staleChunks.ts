/** A chunk as an index recorded it: its id, its source document and that document's content hash at indexing time. */
export interface IndexedChunk {
  chunkId: string;
  docId: string;
  docHash: string;
}

export interface StaleChunk extends IndexedChunk {
  reason: 'deleted' | 'changed';
}

/**
 * Stale chunks of US-5.1: chunks whose source document is no longer in the corpus (deleted) or whose content hash
 * differs from the one indexed (changed), in index order.
 * Reference: MangaAssist US-5.1 (../shared/seeds).
 *
 * @throws never.
 * @example
 * staleChunks([{ chunkId: 'd1#0', docId: 'd1', docHash: 'x' }], new Map([['d1', 'y']])) // => [{ chunkId: 'd1#0', docId: 'd1', docHash: 'x', reason: 'changed' }]
 */
export function staleChunks(indexed: IndexedChunk[], currentHashes: ReadonlyMap<string, string>): StaleChunk[] {
  const out: StaleChunk[] = [];
  for (const c of indexed) {
    const now = currentHashes.get(c.docId);
    if (now === undefined) out.push({ ...c, reason: 'deleted' });
    else if (now !== c.docHash) out.push({ ...c, reason: 'changed' });
  }
  return out;
}
