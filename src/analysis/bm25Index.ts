export interface Bm25Options {
  /** Term-frequency saturation (Lucene's default 1.2). */
  k1?: number;
  /** Length normalisation (Lucene's default 0.75). */
  b?: number;
}

export interface Bm25Hit {
  /** Index of the document in the list the index was built from. */
  doc: number;
  score: number;
}

export interface Bm25Index {
  documents: number;
  averageLength: number;
  /** The k best documents for a tokenised query, best first; ties by document index; documents scoring 0 are left out. */
  search(query: string[], k: number): Bm25Hit[];
  /** The score of one document for a query. */
  score(query: string[], doc: number): number;
}

/**
 * Builds an Okapi BM25 index over tokenised documents. A query scores a document by
 * sum over its distinct terms t of idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl)), with Lucene's
 * non-negative idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)). A term repeated in the query counts once.
 * Reference: Robertson & Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and Beyond"; Lucene BM25Similarity.
 *
 * @throws RangeError for k1 < 0, b outside [0, 1], or k < 1 in search.
 * @example
 * createBm25Index([['one', 'piece'], ['naruto']]).search(['piece'], 1) // => [{ doc: 0, score: 0.6100 (to 4 places) }]
 */
export function createBm25Index(docs: string[][], options: Bm25Options = {}): Bm25Index {
  const k1 = options.k1 ?? 1.2;
  const b = options.b ?? 0.75;
  if (!(k1 >= 0)) throw new RangeError(`k1 must be at least 0, got ${k1}`);
  if (!(b >= 0 && b <= 1)) throw new RangeError(`b must be from 0 to 1, got ${b}`);
  const n = docs.length;
  const lengths = Float64Array.from(docs, (d) => d.length);
  const avgdl = n > 0 ? lengths.reduce((a, x) => a + x, 0) / n : 0;
  // Postings: term -> (doc, tf) pairs, in document order.
  const postings = new Map<string, { docs: number[]; tfs: number[] }>();
  docs.forEach((d, i) => {
    const tf = new Map<string, number>();
    for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, c] of tf) {
      let p = postings.get(t);
      if (!p) postings.set(t, (p = { docs: [], tfs: [] }));
      p.docs.push(i);
      p.tfs.push(c);
    }
  });
  const norm = Float64Array.from(lengths, (dl) => k1 * (1 - b + (avgdl > 0 ? (b * dl) / avgdl : 0)));
  const idf = (t: string) => {
    const df = postings.get(t)?.docs.length ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };
  const accumulate = (query: string[]) => {
    const scores = new Float64Array(n);
    for (const t of new Set(query)) {
      const p = postings.get(t);
      if (!p) continue;
      const w = idf(t);
      for (let j = 0; j < p.docs.length; j++) {
        const d = p.docs[j]!;
        const tf = p.tfs[j]!;
        scores[d] += (w * tf * (k1 + 1)) / (tf + norm[d]!);
      }
    }
    return scores;
  };
  return {
    documents: n,
    averageLength: avgdl,
    search(query, k) {
      if (!(k >= 1)) throw new RangeError(`k must be at least 1, got ${k}`);
      const scores = accumulate(query);
      const hits: Bm25Hit[] = [];
      for (let d = 0; d < n; d++) if (scores[d]! > 0) hits.push({ doc: d, score: scores[d]! });
      hits.sort((x, y) => y.score - x.score || x.doc - y.doc);
      return hits.slice(0, k);
    },
    score(query, doc) {
      return accumulate(query)[doc] ?? 0;
    },
  };
}
