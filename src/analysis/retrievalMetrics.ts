/** One query's ranked result and what is relevant to it. */
export interface RankedResult {
  queryId: string;
  /** Retrieved ids, best first (at least the top k). */
  retrieved: string[];
  relevant: ReadonlySet<string>;
  /** The reranker's score of the top result, when a reranker ran. */
  rerankerScore?: number | null;
}

export interface QueryRetrievalScores {
  queryId: string;
  hit: boolean;
  reciprocalRank: number;
  ndcg: number;
  firstRelevantRank: number | null;
}

export interface RetrievalMetrics {
  k: number;
  queries: number;
  /** Share of queries with a relevant item in the top k (US-5.3's Recall@k: a hit rate). */
  recallAtK: number;
  /** Mean reciprocal rank of the first relevant item within the top k (0 when none). */
  mrrAtK: number;
  /** Mean nDCG@k with binary gains: DCG of the top k over the DCG of min(k, relevant) relevant items. */
  ndcgAtK: number;
  /** Mean reranker score of the top result over the queries that have one; null when none has. */
  meanRerankerScore: number | null;
  perQuery: QueryRetrievalScores[];
}

/**
 * Recall@k (hit rate), MRR@k and nDCG@k over queries, as US-5.3 defines the first two: a query counts for Recall@k when
 * any relevant item is among its top k, and adds 1/rank of its first relevant item within the top k to MRR.
 * Reference: Järvelin & Kekäläinen 2002 (nDCG); scikit-learn's ndcg_score for binary relevance.
 *
 * A query with no relevant item (say, a chunking that cut its answer span in two) can never be found: it scores 0 on
 * all three, and counts in the means.
 * @throws RangeError for k < 1 or no queries.
 * @example
 * retrievalMetrics([{ queryId: 'q', retrieved: ['a', 'b'], relevant: new Set(['b']) }], 3).mrrAtK // => 0.5
 */
export function retrievalMetrics(results: RankedResult[], k = 3): RetrievalMetrics {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number of at least 1, got ${k}`);
  if (results.length === 0) throw new RangeError('no queries to score');
  const perQuery = results.map((r): QueryRetrievalScores => {
    const top = r.retrieved.slice(0, k);
    const at = top.findIndex((id) => r.relevant.has(id));
    let dcg = 0;
    top.forEach((id, i) => {
      if (r.relevant.has(id)) dcg += 1 / Math.log2(i + 2);
    });
    let ideal = 0;
    for (let i = 0; i < Math.min(k, r.relevant.size); i++) ideal += 1 / Math.log2(i + 2);
    return {
      queryId: r.queryId,
      hit: at >= 0,
      reciprocalRank: at >= 0 ? 1 / (at + 1) : 0,
      ndcg: ideal > 0 ? dcg / ideal : 0,
      firstRelevantRank: at >= 0 ? at + 1 : null,
    };
  });
  const mean = (f: (q: QueryRetrievalScores) => number) => perQuery.reduce((s, q) => s + f(q), 0) / perQuery.length;
  const reranked = results.map((r) => r.rerankerScore).filter((x): x is number => typeof x === 'number');
  return {
    k,
    queries: results.length,
    recallAtK: mean((q) => (q.hit ? 1 : 0)),
    mrrAtK: mean((q) => q.reciprocalRank),
    ndcgAtK: mean((q) => q.ndcg),
    meanRerankerScore: reranked.length > 0 ? reranked.reduce((a, x) => a + x, 0) / reranked.length : null,
    perQuery,
  };
}
