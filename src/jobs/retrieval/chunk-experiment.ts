import { readFileSync } from 'node:fs';
import { createBm25Index } from '../../analysis/bm25Index';
import { checkChunkOptions, chunkText, type Tokenizer } from '../../analysis/chunkText';
import { chunkUsage, type ChunkUsage } from '../../analysis/chunkUsage';
import { reciprocalRankFusion } from '../../analysis/reciprocalRankFusion';
import { retrievalMetrics, type RankedResult, type RetrievalMetrics } from '../../analysis/retrievalMetrics';
import { rougeTokenize } from '../../analysis/rougeTokenize';
import { InputError } from '../../pipeline/errors';
import type { Corpus, IndexChunk, Reranker, RetrievalQuery, Retriever } from '../../pipeline/kb';

export type { IndexChunk, Reranker, Retriever };
import { progress } from '../../pipeline/progress';
import { runId } from '../../pipeline/run-id';
import type { Report, Section } from '../report';

/** One chunking configuration of a grid (US-5.4). */
export interface ChunkConfig {
  name: string;
  size: number;
  overlap: number;
  mode: 'tokens' | 'sentences';
  /** How title, source type and ASIN travel: not at all, as stored fields, or prepended to the indexed text. */
  metadata: 'none' | 'fields' | 'prepend';
}

/** The seed's four configurations (US-5.4). */
export const SEED_GRID: ChunkConfig[] = [
  { name: 'small-chunks', size: 256, overlap: 25, mode: 'tokens', metadata: 'none' },
  { name: 'medium-chunks', size: 512, overlap: 50, mode: 'tokens', metadata: 'none' },
  { name: 'large-chunks', size: 1024, overlap: 100, mode: 'tokens', metadata: 'none' },
  { name: 'no-overlap', size: 512, overlap: 0, mode: 'tokens', metadata: 'none' },
];

/** The gates a configuration must pass to win (US-5.2, US-5.4). */
export const RETRIEVAL_GATES = { recallAtK: 0.8, mrrAtK: 0.6 };

/** BM25 over rouge-score's analyser (lower case, a-z0-9 tokens, Porter stems). */
export const bm25Retriever: Retriever = async (chunks, queries, depth) => {
  const index = createBm25Index(chunks.map((c) => rougeTokenize(c.indexed)));
  return queries.map((q) => index.search(rougeTokenize(q), depth).map((h) => chunks[h.doc]!.id));
};

/** Hybrid retrieval: reciprocal rank fusion of several retrievers' lists (k = 60). */
export function hybridRetriever(...parts: Retriever[]): Retriever {
  return async (chunks, queries, depth) => {
    const lists = await Promise.all(parts.map((r) => r(chunks, queries, Math.max(depth, 50))));
    return queries.map((_, i) => reciprocalRankFusion(lists.map((l) => l[i]!)).slice(0, depth).map((x) => x.id));
  };
}

/** Cuts every document of the corpus by a configuration; chunk ids are `<doc_id>#<n>`. */
export function buildChunks(corpus: Corpus, config: ChunkConfig, tokenizer: Tokenizer): IndexChunk[] {
  return corpus.documents.flatMap((d) => chunkText(d.text, config, tokenizer).map((c): IndexChunk => {
    const fields = config.metadata === 'none' ? null : { title: d.title, source_type: d.source_type, asin: d.asin };
    const head = config.metadata === 'prepend' ? `${d.title}\n${d.source_type}${d.asin ? ` ${d.asin}` : ''}\n` : '';
    return { id: `${d.doc_id}#${c.index}`, docId: d.doc_id, body: c.text, indexed: `${head}${c.text}`, tokens: c.tokens, fields };
  }));
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

/**
 * Reads a grid file: a JSON list of configurations (name, size, overlap, optional mode and metadata).
 * @throws InputError naming the file, the entry and the value out of range.
 */
export function loadGrid(file: string): ChunkConfig[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(file, `cannot read the grid: ${(e as Error).message}`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { configs?: unknown })?.configs;
  if (!Array.isArray(list) || list.length === 0) throw new InputError(file, 'must be a non-empty list of configurations (or { "configs": [...] })');
  const names = new Set<string>();
  return list.map((c: Record<string, unknown>, i) => {
    const where = `configs[${i}]${typeof c?.name === 'string' ? ` (${c.name})` : ''}`;
    if (typeof c?.name !== 'string' || c.name === '') throw new InputError(file, 'name must be a non-empty string', where);
    if (names.has(c.name)) throw new InputError(file, `name ${c.name} is used twice`, where);
    names.add(c.name);
    const config: ChunkConfig = { name: c.name, size: c.size as number, overlap: c.overlap as number, mode: (c.mode as ChunkConfig['mode']) ?? 'tokens', metadata: (c.metadata as ChunkConfig['metadata']) ?? 'none' };
    try {
      checkChunkOptions(config);
    } catch (e) {
      throw new InputError(file, (e as Error).message, where);
    }
    if (!['none', 'fields', 'prepend'].includes(config.metadata)) throw new InputError(file, `metadata must be none, fields or prepend, got ${JSON.stringify(c.metadata)}`, where);
    return config;
  });
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
export async function runChunkGrid(corpus: Corpus, queries: RetrievalQuery[], grid: ChunkConfig[], tokenizer: Tokenizer, options: GridOptions = {}): Promise<GridResult> {
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
    const lists = await retriever(chunks, queries.map((q) => q.query), depth);
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
      ? await options.downstream(config, async (texts) => (await retriever(chunks, texts, k)).map((ids) => ids.map((id) => byId.get(id)!.body)))
      : null;
    results.push({
      config, chunks: chunks.length, meanTokens: chunks.reduce((s, c) => s + c.tokens, 0) / Math.max(1, chunks.length),
      splitAnswers: ranked.filter((r) => r.relevant.size === 0).map((r) => r.queryId), metrics, usage: chunkUsage(chunks.map((c) => c.id), ranked, k),
      passed: metrics.recallAtK >= RETRIEVAL_GATES.recallAtK && metrics.mrrAtK >= RETRIEVAL_GATES.mrrAtK, indexSeconds, querySeconds, startedAt, finishedAt: now(), downstream,
    });
    bar.step(config.name);
  }
  bar.done();
  const passing = results.filter((r) => r.passed).sort((a, b) => b.metrics.recallAtK - a.metrics.recallAtK || b.metrics.mrrAtK - a.metrics.mrrAtK);
  const first = results[0]?.startedAt ?? now();
  const gridId = runId('chunks', first, JSON.stringify(grid));
  return { gridId, retriever: options.retrieverName ?? 'bm25', k, corpus, queries, results, winner: passing[0]?.config.name ?? null };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The grid as report sections: the verdict and comparison table with a chart, then the winner's dead and noisy chunks. */
export function chunkGridSections(g: GridResult): Section[] {
  const k = g.k;
  const best = g.results.find((r) => r.config.name === g.winner) ?? null;
  const findings = [
    {
      id: 'chunks.winner', metric: 'winner', value: best ? 1 : 0, severity: best ? 'info' as const : 'warning' as const,
      message: best
        ? `Winner: ${best.config.name} (${best.config.size} tokens, overlap ${best.config.overlap}, ${best.config.mode}, metadata ${best.config.metadata}) with Recall@${k} ${pct(best.metrics.recallAtK)} and MRR@${k} ${best.metrics.mrrAtK.toFixed(3)}.`
        : `No configuration passes Recall@${k} >= ${RETRIEVAL_GATES.recallAtK} and MRR@${k} >= ${RETRIEVAL_GATES.mrrAtK}: keep the production chunking.`,
    },
    ...g.results.filter((r) => r.splitAnswers.length > 0).map((r) => ({
      id: `chunks.split.${r.config.name}`, metric: 'split_answers', value: r.splitAnswers.length, severity: 'warning' as const,
      message: `${r.config.name}: ${r.splitAnswers.length} queries have their answer cut across chunks and cannot be found (${r.splitAnswers.slice(0, 8).join(', ')}${r.splitAnswers.length > 8 ? ', ...' : ''}).`,
    })),
  ];
  if (g.corpus.skippedEmpty.length > 0) {
    findings.push({ id: 'chunks.empty', metric: 'empty_documents', value: g.corpus.skippedEmpty.length, severity: 'info',
      message: `${g.corpus.skippedEmpty.length} empty documents skipped: ${g.corpus.skippedEmpty.join(', ')}.` });
  }
  const rows = g.results.map((r) => ({
    config: r.config.name, size: r.config.size, overlap: r.config.overlap, mode: r.config.mode, metadata: r.config.metadata, chunks: r.chunks,
    recall: r.metrics.recallAtK, mrr: r.metrics.mrrAtK, ndcg: r.metrics.ndcgAtK, dead: r.usage.dead.length, noisy: r.usage.noisy.length,
    gates: r.passed ? 'PASS' : 'FAIL', seconds: r.indexSeconds + r.querySeconds,
    golden_rouge: r.downstream?.avgRougeL ?? null, golden_bert: r.downstream?.avgBertScoreF1 ?? null,
  }));
  const downstream = g.results.some((r) => r.downstream);
  const sections: Section[] = [{
    id: 'chunks', title: `Chunking experiment ${g.gridId}`,
    findings,
    tables: [{
      id: 'chunks.compare', title: `Configurations (${g.queries.length} queries, ${g.corpus.documents.length} documents, ${g.retriever})`,
      columns: [{ key: 'config', label: 'Configuration' }, { key: 'size', label: 'Size', format: 'integer' }, { key: 'overlap', label: 'Overlap', format: 'integer' },
        { key: 'mode', label: 'Mode' }, { key: 'metadata', label: 'Metadata' }, { key: 'chunks', label: 'Chunks', format: 'integer' },
        { key: 'recall', label: `Recall@${k}`, format: 'percent' }, { key: 'mrr', label: `MRR@${k}`, format: 'number' }, { key: 'ndcg', label: `nDCG@${k}`, format: 'number' },
        { key: 'dead', label: 'Dead chunks', format: 'integer' }, { key: 'noisy', label: 'Noisy chunks', format: 'integer' }, { key: 'gates', label: 'Gates' },
        { key: 'seconds', label: 'Seconds', format: 'number' },
        ...(downstream ? [{ key: 'golden_rouge', label: 'Golden ROUGE-L', format: 'number' as const }, { key: 'golden_bert', label: 'Golden BERTScore F1', format: 'number' as const }] : [])],
      rows,
      notes: [`Recall@${k}: share of queries with a relevant chunk in the top ${k}; a chunk is relevant when it comes from a relevant document and holds the whole answer span.`,
        ...(downstream ? [...new Set(g.results.map((r) => r.downstream?.note).filter((x): x is string => Boolean(x)))] : [])],
    }],
    charts: [{ id: 'chunks.chart', title: 'Retrieval quality by configuration', vegaLite: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: `Retrieval quality by configuration (k = ${k})`, width: 420, height: 220,
      data: { values: g.results.flatMap((r) => [['Recall', r.metrics.recallAtK], ['MRR', r.metrics.mrrAtK], ['nDCG', r.metrics.ndcgAtK]].map(([m, v]) => ({ config: r.config.name, metric: `${m}@${k}`, value: v }))) },
      layer: [
        { mark: 'bar', encoding: { x: { field: 'config', type: 'nominal', title: 'Configuration' }, xOffset: { field: 'metric' }, y: { field: 'value', type: 'quantitative', title: 'Value', scale: { domain: [0, 1] } }, color: { field: 'metric', type: 'nominal', title: 'Metric' } } },
        { mark: { type: 'rule', color: 'firebrick', strokeDash: [4, 3] }, encoding: { y: { datum: RETRIEVAL_GATES.recallAtK } } },
      ],
    } }],
  }];
  if (best) {
    sections.push({
      id: 'chunks.usage', title: `Chunk analytics of ${best.config.name}`,
      findings: [{ id: 'chunks.dead', metric: 'dead_chunks', value: best.usage.dead.length, severity: 'info',
        message: `${best.usage.dead.length} of ${best.usage.total} chunks are never retrieved (dead); ${best.usage.noisy.length} are retrieved where they are not relevant (noisy).` }],
      tables: [{ id: 'chunks.noisy', title: 'Noisiest chunks', columns: [{ key: 'id', label: 'Chunk' }, { key: 'queries', label: 'Irrelevant retrievals', format: 'integer' }, { key: 'examples', label: 'Queries' }],
        rows: best.usage.noisy.slice(0, 10).map((n) => ({ id: n.id, queries: n.queries, examples: n.queryIds.slice(0, 5).join(', ') })) }],
      charts: [],
    });
  }
  return sections;
}

/** The grid as a report. */
export function chunkGridReport(g: GridResult, files: { documents: string; queries: string }, generatedAt: Date): Report {
  const at = generatedAt.toISOString();
  const first = g.results[0]?.startedAt.toISOString() ?? at;
  const last = g.results.at(-1)?.finishedAt.toISOString() ?? at;
  return { job: 'chunk-experiment', source: `${files.documents}; ${files.queries}; ${g.retriever}`, period: { label: g.gridId, from: first, to: last }, generatedAt: at, sections: chunkGridSections(g) };
}
