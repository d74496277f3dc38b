import { existsSync } from 'node:fs';
import { isoWeekOf, previousWeek, type Period } from '../../analysis/isoWeek';
import { checkConfig, saying, z } from '../../pipeline/config-schema';
import { InputError } from '../../pipeline/errors';
import { readJsonFile } from '../../pipeline/json-file';
import {
  buildChunks,
  loadCorpus,
  loadRetrievalQueries,
  type ChunkConfig,
  type Corpus,
  type IndexChunk,
  type Reranker,
  type RetrievalQuery,
  type Retriever,
} from '../../pipeline/kb';
import { paths } from '../../pipeline/paths';
import { ResultsStore, type ChunkRunRow } from '../../pipeline/results-store';
import { CHUNK_CONFIG_SCHEMA, chunkTokenizer, loadRetrievalConfig, type RetrievalConfig } from '../../pipeline/retrieval-config';
import { memoTokenizer } from '../../analysis/memoTokenizer';
import { createBm25Index } from '../../analysis/bm25Index';
import type { Tokenizer } from '../../analysis/chunkText';
import { chunkUsage, type ChunkUsage } from '../../analysis/chunkUsage';
import { chunkUsageTrend, type ChunkUsageTrend } from '../../analysis/chunkUsageTrend';
import { readRetrievalChunkRetrievals } from '../../pipeline/rows/retrieval';
import type { Source } from '../../pipeline/source';
import { reciprocalRankFusion } from '../../analysis/reciprocalRankFusion';
import { retrievalMetrics, type RankedResult, type RetrievalMetrics } from '../../analysis/retrievalMetrics';
import { rougeTokenize } from '../../analysis/rougeTokenize';
import { RETRIEVAL_GATES } from './gates';

export type { IndexChunk, Reranker, Retriever };
import { progress } from '../../pipeline/progress';
import { runId } from '../../pipeline/run-id';

export { buildChunks, type ChunkConfig } from '../../pipeline/kb';

/** The seed's four configurations (US-5.4). */
export const SEED_GRID: ChunkConfig[] = [
  { name: 'small-chunks', size: 256, overlap: 25, mode: 'tokens', metadata: 'none' },
  { name: 'medium-chunks', size: 512, overlap: 50, mode: 'tokens', metadata: 'none' },
  { name: 'large-chunks', size: 1024, overlap: 100, mode: 'tokens', metadata: 'none' },
  { name: 'no-overlap', size: 512, overlap: 0, mode: 'tokens', metadata: 'none' },
];

/** BM25 over rouge-score's analyser (lower case, a-z0-9 tokens, Porter stems). */
export const bm25Retriever: Retriever = async (chunks, queries, depth) => {
  const index = createBm25Index(chunks.map((c) => rougeTokenize(c.indexed)));
  return queries.map((q) => index.search(rougeTokenize(q), depth).map((h) => chunks[h.doc]!.id));
};

/** Hybrid retrieval: reciprocal rank fusion of several retrievers' lists (k = 60). */
export function hybridRetriever(...parts: Retriever[]): Retriever {
  return async (chunks, queries, depth) => {
    const lists = await Promise.all(parts.map((r) => r(chunks, queries, Math.max(depth, 50))));
    return queries.map((_, i) =>
      reciprocalRankFusion(lists.map((l) => l[i]!))
        .slice(0, depth)
        .map((x) => x.id),
    );
  };
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

/** A chunk is relevant to a query when it comes from a relevant document and holds the whole answer span. */
export function relevantChunks(chunks: IndexChunk[], q: RetrievalQuery): Set<string> {
  const span = squash(q.answer_span);
  return new Set(chunks.filter((c) => q.relevant_doc_ids.includes(c.docId) && squash(c.body).includes(span)).map((c) => c.id));
}

export interface ConfigResult {
  config: ChunkConfig;
  chunks: number;
  meanTokens: number;
  /** Queries whose answer span no chunk holds whole: they cannot be found under this configuration. */
  splitAnswers: string[];
  metrics: RetrievalMetrics;
  usage: ChunkUsage;
  passed: boolean;
  indexSeconds: number;
  querySeconds: number;
  startedAt: Date;
  finishedAt: Date;
  /** Golden-set scores of the answers a responder gave with this configuration's chunks, when one was configured. */
  downstream: DownstreamScores | null;
}

/** What a configuration's answers score on the golden set (US-5.4's downstream quality). */
export interface DownstreamScores {
  avgRougeL: number | null;
  avgBertScoreF1: number | null;
  gatesPassed: boolean;
  note: string;
}

/** Scores a configuration's answers: given a function that retrieves chunk texts for query texts under that configuration. */
export type DownstreamScorer = (config: ChunkConfig, retrieve: (queries: string[]) => Promise<string[][]>) => Promise<DownstreamScores>;

export interface GridResult {
  gridId: string;
  retriever: string;
  k: number;
  corpus: Corpus;
  queries: RetrievalQuery[];
  results: ConfigResult[];
  winner: string | null;
}

/** A chunk grid file: a list of configurations, bare or as `{ "configs": [...] }`. */
export const GRID_SCHEMA = z.object({
  configs: z
    .array(CHUNK_CONFIG_SCHEMA, saying('must be a non-empty list of configurations (or { "configs": [...] })'))
    .min(1, saying('must be a non-empty list of configurations (or { "configs": [...] })'))
    .superRefine((list, ctx) => {
      const names = new Set<string>();
      list.forEach((c, i) => {
        if (names.has(c.name)) ctx.addIssue({ code: 'custom', path: [i], message: `name ${c.name} is used twice` });
        names.add(c.name);
      });
    }),
});

/**
 * Reads a grid file: a JSON list of configurations (name, size, overlap, optional mode and metadata).
 * @throws InputError naming the file, the entry and the value out of range.
 */
export function loadGrid(file: string): ChunkConfig[] {
  const doc = readJsonFile(file, 'the grid');
  return checkConfig(GRID_SCHEMA, Array.isArray(doc) ? { configs: doc } : doc, file, { placed: true, label: 'name' }).configs;
}

export interface GridOptions {
  k?: number;
  retriever?: Retriever;
  retrieverName?: string;
  reranker?: Reranker;
  /** Candidates retrieved before reranking (default 20). */
  rerankDepth?: number;
  /** Scores each configuration's answers on the golden set (a responder given the retrieved chunks). */
  downstream?: DownstreamScorer;
  now?: () => Date;
}

/**
 * Runs each configuration: chunks the corpus, indexes it, retrieves for every query, and scores Recall@k, MRR@k and
 * nDCG@k (k = 3 by default) with dead and noisy chunks. The winner is the configuration with the best Recall@k (then
 * MRR@k) among those passing Recall@k >= 0.80 and MRR@k >= 0.60; none when none passes.
 */
export async function runChunkGrid(
  corpus: Corpus,
  queries: RetrievalQuery[],
  grid: ChunkConfig[],
  tokenizer: Tokenizer,
  options: GridOptions = {},
): Promise<GridResult> {
  const k = options.k ?? 3;
  const retriever = options.retriever ?? bm25Retriever;
  const now = options.now ?? (() => new Date());
  const bar = progress(grid.length, 'chunk grid');
  const results: ConfigResult[] = [];
  for (const config of grid) {
    const startedAt = now();
    let t = performance.now();
    const chunks = buildChunks(corpus, config, tokenizer);
    const indexSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const depth = options.reranker ? (options.rerankDepth ?? 20) : k;
    const lists = await retriever(
      chunks,
      queries.map((q) => q.query),
      depth,
    );
    const byId = new Map(chunks.map((c) => [c.id, c]));
    const ranked: RankedResult[] = [];
    for (const [i, q] of queries.entries()) {
      let retrieved = lists[i]!;
      let rerankerScore: number | null = null;
      if (options.reranker && retrieved.length > 0) {
        const candidates = retrieved.map((id) => byId.get(id)!);
        const scores = await options.reranker(q.query, candidates);
        const order = candidates.map((c, j) => ({ id: c.id, s: scores[j]! })).sort((a, b) => b.s - a.s);
        retrieved = order.map((x) => x.id);
        rerankerScore = order[0]!.s;
      }
      ranked.push({ queryId: q.query_id, retrieved, relevant: relevantChunks(chunks, q), rerankerScore });
    }
    const querySeconds = (performance.now() - t) / 1000;
    const metrics = retrievalMetrics(ranked, k);
    const downstream = options.downstream
      ? await options.downstream(config, async (texts) =>
          (await retriever(chunks, texts, k)).map((ids) => ids.map((id) => byId.get(id)!.body)),
        )
      : null;
    results.push({
      config,
      chunks: chunks.length,
      meanTokens: chunks.reduce((s, c) => s + c.tokens, 0) / Math.max(1, chunks.length),
      splitAnswers: ranked.filter((r) => r.relevant.size === 0).map((r) => r.queryId),
      metrics,
      usage: chunkUsage(
        chunks.map((c) => c.id),
        ranked,
        k,
      ),
      passed: metrics.recallAtK >= RETRIEVAL_GATES.recallAtK && metrics.mrrAtK >= RETRIEVAL_GATES.mrrAtK,
      indexSeconds,
      querySeconds,
      startedAt,
      finishedAt: now(),
      downstream,
    });
    bar.step(config.name);
  }
  bar.done();
  const passing = results
    .filter((r) => r.passed)
    .sort((a, b) => b.metrics.recallAtK - a.metrics.recallAtK || b.metrics.mrrAtK - a.metrics.mrrAtK);
  const first = results[0]?.startedAt ?? now();
  const gridId = runId('chunks', first, JSON.stringify(grid));
  return { gridId, retriever: options.retrieverName ?? 'bm25', k, corpus, queries, results, winner: passing[0]?.config.name ?? null };
}

/** Production retrievals over the weeks ending with the report's week (US-5.3's chunk-level analytics). */
export interface ProductionUsage {
  trend: ChunkUsageTrend;
  /** The window read: `weeks` Mondays from `from` (inclusive) to `to` (exclusive). */
  from: Date;
  to: Date;
  /** Turns whose retrieved_chunk_ids is not JSON array text, over the window: left out of every count. */
  malformedTurns: number;
  /** Turns an LLM answered, per week (Monday YYYY-MM-DD): the denominator of the retrieval rate. */
  llmTurns: Map<string, number>;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Reads how often each chunk was retrieved in production, by week, over the `weeks` weeks ending with the period
 * (queries/retrieval/chunk_retrievals.sql: only per-week, per-chunk counts leave the engine), and sets them against
 * the production index's chunk ids.
 */
export async function productionChunkUsage(
  source: Source,
  chunkIds: string[],
  options: { to: Date; weeks: number; k: number },
): Promise<ProductionUsage> {
  // The window ends where the period ends: the ISO week holding its last instant and the `weeks - 1` before it.
  let week = isoWeekOf(new Date(options.to.getTime() - 1));
  const periods = [week];
  while (periods.length < options.weeks) periods.unshift((week = previousWeek(week)));
  const mondays = periods.map((p) => isoDay(p.from));
  const from = periods[0]!.from;
  const rows = await readRetrievalChunkRetrievals(source, { from_ts: from, to_ts: options.to, k: options.k });
  const weeks = new Map(mondays.map((w) => [w, { week: w, turns: 0, counts: new Map<string, number>() }]));
  const llmTurns = new Map(mondays.map((w) => [w, 0]));
  let malformedTurns = 0;
  for (const r of rows) {
    const week = weeks.get(isoDay(r.week!));
    if (!week) continue; // a week the window does not hold (the period ends mid-week): not read
    if (r.chunkId === null) {
      week.turns = r.turns ?? 0;
      llmTurns.set(week.week, r.llmTurns ?? 0);
      malformedTurns += r.malformedTurns ?? 0;
    } else week.counts.set(r.chunkId, r.retrievals ?? 0);
  }
  return { trend: chunkUsageTrend(chunkIds, [...weeks.values()]), from, to: options.to, malformedTurns, llmTurns };
}

/** The production chunking evaluated on the curated queries and the latest stored chunking experiment, or why not. */
export type RetrievalWeekly =
  | { config: RetrievalConfig; unavailable: string; why: 'none' | 'invalid' }
  | { config: RetrievalConfig; grid: GridResult; latest: ChunkRunRow[]; production: ProductionUsage };

/**
 * The weekly Retrieval readout: the production chunking on the curated queries, chunk usage in production over the
 * last weeks, and the latest stored experiment.
 */
export async function retrievalWeeklyReadout(
  options: { configFile?: string; storeFile?: string },
  period: Period,
  source: Source,
): Promise<RetrievalWeekly> {
  const config = loadRetrievalConfig(options.configFile);
  if (!existsSync(config.documents) || !existsSync(config.queries)) {
    return {
      config,
      unavailable: `${existsSync(config.documents) ? config.queries : config.documents} does not exist (mangalab seed writes the sample knowledge base).`,
      why: 'none',
    };
  }
  let grid: GridResult;
  let chunkIds: string[];
  try {
    const corpus = loadCorpus(config.documents);
    const queries = loadRetrievalQueries(config.queries, corpus);
    const tokenizer = memoTokenizer(chunkTokenizer());
    grid = await runChunkGrid(corpus, queries, [config.production], tokenizer, { k: config.k });
    chunkIds = buildChunks(corpus, config.production, tokenizer).map((c) => c.id);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { config, unavailable: e.message, why: 'invalid' };
  }
  const production = await productionChunkUsage(source, chunkIds, { to: period.to, weeks: config.usageWeeks, k: config.k });
  const store = await ResultsStore.open(options.storeFile ?? paths.resultsStore());
  try {
    return { config, grid, latest: await store.latestChunkGrid(period.to), production };
  } finally {
    store.close();
  }
}
