import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { staleChunks, type IndexedChunk, type StaleChunk } from '../../analysis/staleChunks';
import { InputError } from '../../pipeline/errors';
import { readJsonlObjects } from '../../pipeline/json-file';
import { ensureSampleKnowledgeBase } from '../../pipeline/kb-seed';
import { contentHash, loadCorpus, loadRetrievalQueries, type Corpus, type RetrievalQuery } from '../../pipeline/kb';
import { writeFileAtomically } from '../../pipeline/output';
import { ResultsStore } from '../../pipeline/results-store';
import { chunkTokenizer, loadRetrievalConfig, type RetrievalConfig } from '../../pipeline/retrieval-config';
import { titanEmbedder, titanRetriever } from '../../pipeline/titan';
import {
  bm25Retriever,
  buildChunks,
  hybridRetriever,
  loadGrid,
  runChunkGrid,
  SEED_GRID,
  type ChunkConfig,
  type DownstreamScorer,
  type GridResult,
  type Retriever,
} from './readout';
import { RETRIEVAL_GATES } from './gates';
import type { Report } from '../report';
import { bedrockResponder, loadBedrockConfig } from '../../pipeline/bedrock';
import type { Responder } from '../../pipeline/responders';
import { evalRun } from '../quality/readout';
import { bertScoreFor } from '../quality/command';

export interface RetrievalInputs {
  config: RetrievalConfig;
  corpus: Corpus;
  queries: RetrievalQuery[];
  files: { documents: string; queries: string };
}

/** Loads config/retrieval.json (or another) and the corpus and queries it names, or those given. */
export function loadRetrievalInputs(o: { config?: string; documents?: string; queries?: string }): RetrievalInputs {
  const config = loadRetrievalConfig(o.config && resolve(o.config));
  const files = {
    documents: o.documents ? resolve(o.documents) : config.documents,
    queries: o.queries ? resolve(o.queries) : config.queries,
  };
  ensureSampleKnowledgeBase(files.documents, files.queries);
  const corpus = loadCorpus(files.documents);
  return { config, corpus, queries: loadRetrievalQueries(files.queries, corpus), files };
}

const sha = (file: string) => contentHash(readFileSync(file));

/** The retriever by name: bm25 (embedded), titan (Bedrock embeddings) or hybrid (both, fused by reciprocal rank). */
export function retrieverFor(
  name: string,
  config: RetrievalConfig,
  deps: { client?: BedrockRuntimeClient; modelId?: string; dimensions?: number } = {},
): Retriever {
  const titan = () =>
    titanRetriever(
      titanEmbedder({
        config: {
          ...config.embeddings,
          modelId: deps.modelId ?? config.embeddings.modelId,
          dimensions: deps.dimensions ?? config.embeddings.dimensions,
        },
        client: deps.client,
      }),
    );
  switch (name) {
    case 'bm25':
      return bm25Retriever;
    case 'titan':
      return titan();
    case 'hybrid':
      return hybridRetriever(bm25Retriever, titan());
    default:
      throw new InputError('--retriever', `must be bm25, titan or hybrid, got ${name}`);
  }
}

export interface ChunkCommandOptions {
  /** Score each configuration's answers on this golden set (with --prompt-version: the bedrock responder given the retrieved chunks). */
  golden?: string;
  promptVersion?: string;
  bedrockConfig?: string;
  grid?: string;
  documents?: string;
  queries?: string;
  config?: string;
  retriever?: string;
  k?: number;
  store?: string | false;
}

/**
 * `mangalab experiment chunks`: runs the grid (the seed's four by default), stores every configuration's parameters,
 * metrics and timestamps in the results store's chunk_runs table, and returns the result.
 */
export async function chunkCommand(
  o: ChunkCommandOptions,
  deps: { client?: BedrockRuntimeClient; now?: () => Date } = {},
): Promise<{ grid: GridResult; files: RetrievalInputs['files']; stored: string | null }> {
  const grid = o.grid ? loadGrid(resolve(o.grid)) : SEED_GRID;
  const inputs = loadRetrievalInputs(o);
  const k = o.k ?? inputs.config.k;
  if (!Number.isInteger(k) || k < 1 || k > 100) throw new InputError('--k', `must be a whole number from 1 to 100, got ${k}`);
  const name = o.retriever ?? 'bm25';
  if (Boolean(o.golden) !== Boolean(o.promptVersion))
    throw new InputError(
      '--golden/--prompt-version',
      'scoring answers on the golden set needs both the golden set and the candidate prompt version',
    );
  let downstream: DownstreamScorer | undefined;
  if (o.golden) {
    // Loaded once for the grid: the responder (prompts, settings) and the BERTScore model, if one is configured.
    const inner = bedrockResponder({
      promptVersion: o.promptVersion!,
      config: loadBedrockConfig(o.bedrockConfig && resolve(o.bedrockConfig)),
      client: deps.client,
    });
    const bert = await bertScoreFor(undefined, undefined);
    const golden = resolve(o.golden);
    downstream = async (config, retrieve) => {
      // The golden queries, each given this configuration's top-k chunk texts as retrieved_chunks.
      const responder: Responder = {
        ...inner,
        describe: `${inner.describe} with ${config.name} chunks`,
        async respond(entries) {
          const found = await retrieve(entries.map((e) => e.query));
          return inner.respond(entries.map((e, i) => ({ ...e, context: { ...e.context, retrieved_chunks: found[i] } })));
        },
      };
      const r = await evalRun({ golden, responder, bertScore: bert });
      return {
        avgRougeL: r.metrics.avg_rouge_l?.value ?? null,
        avgBertScoreF1: r.metrics.avg_bertscore_f1?.value ?? null,
        gatesPassed: r.outcome.passed,
        note: r.run
          ? `Golden scores: ${r.evaluated} golden queries answered by ${inner.describe}; ${r.metrics.avg_bertscore_f1?.value === null ? (r.metrics.avg_bertscore_f1?.reason ?? '') : 'BERTScore computed'}.`
          : `Golden scores not computed: ${r.missing.length} golden queries got no answer.`,
      };
    };
  }
  const result = await runChunkGrid(inputs.corpus, inputs.queries, grid, chunkTokenizer(), {
    k,
    retriever: retrieverFor(name, inputs.config, deps),
    retrieverName: name,
    now: deps.now,
    downstream,
  });
  let stored: string | null = null;
  if (o.store !== false) {
    const store = await ResultsStore.open(o.store ? resolve(o.store) : undefined);
    try {
      const corpusSha = sha(inputs.files.documents);
      const queriesSha = sha(inputs.files.queries);
      await store.saveChunkGrid(
        result.results.map((r) => ({
          gridId: result.gridId,
          config: r.config.name,
          startedAt: r.startedAt,
          finishedAt: r.finishedAt,
          retriever: name,
          corpusSha256: corpusSha,
          queriesSha256: queriesSha,
          params: { size: r.config.size, overlap: r.config.overlap, mode: r.config.mode, metadata: r.config.metadata, k },
          metrics: {
            recall_at_k: r.metrics.recallAtK,
            mrr_at_k: r.metrics.mrrAtK,
            ndcg_at_k: r.metrics.ndcgAtK,
            chunks: r.chunks,
            dead: r.usage.dead.length,
            noisy: r.usage.noisy.length,
            split_answers: r.splitAnswers.length,
            seconds: r.indexSeconds + r.querySeconds,
            ...(r.downstream ? { golden_rouge_l: r.downstream.avgRougeL, golden_bertscore_f1: r.downstream.avgBertScoreF1 } : {}),
          },
          passed: r.passed,
          winner: r.config.name === result.winner,
        })),
      );
      stored = store.file;
    } finally {
      store.close();
    }
  }
  return { grid: result, files: inputs.files, stored };
}

/** The embedding-upgrade verdict (US-5.2). */
export interface UpgradeResult {
  old: GridResult['results'][number] & { model: string };
  candidate: GridResult['results'][number] & { model: string };
  cutOver: boolean;
  why: string;
}

/**
 * Embedding upgrade validation (US-5.2): the production chunking indexed with the old and the new embedding model side
 * by side on the curated queries. Cut over only when the new index passes Recall@k >= 0.80 and loses no more than one
 * point of Recall@k and 0.01 of MRR@k against the old one.
 */
export async function embeddingUpgrade(
  o: {
    old: string;
    candidate: string;
    oldDimensions?: number;
    newDimensions?: number;
    config?: string;
    documents?: string;
    queries?: string;
  },
  deps: { client?: BedrockRuntimeClient } = {},
): Promise<UpgradeResult & { files: RetrievalInputs['files']; k: number }> {
  const inputs = loadRetrievalInputs(o);
  const production: ChunkConfig = inputs.config.production;
  const run = async (modelId: string, dimensions?: number) => {
    const r = await runChunkGrid(inputs.corpus, inputs.queries, [production], chunkTokenizer(), {
      k: inputs.config.k,
      retriever: retrieverFor('titan', inputs.config, { ...deps, modelId, dimensions }),
      retrieverName: `titan ${modelId}`,
    });
    return { ...r.results[0]!, model: `${modelId}@${dimensions ?? inputs.config.embeddings.dimensions}` };
  };
  const old = await run(o.old, o.oldDimensions);
  const candidate = await run(o.candidate, o.newDimensions);
  const k = inputs.config.k;
  const dr = candidate.metrics.recallAtK - old.metrics.recallAtK;
  const dm = candidate.metrics.mrrAtK - old.metrics.mrrAtK;
  const passes = candidate.metrics.recallAtK >= RETRIEVAL_GATES.recallAtK;
  const cutOver = passes && dr >= -0.01 && dm >= -0.01;
  const why = !passes
    ? `the new index's Recall@${k} ${(candidate.metrics.recallAtK * 100).toFixed(1)}% is below 80%`
    : !cutOver
      ? `the new index loses ${(-dr * 100).toFixed(1)} points of Recall@${k} and ${(-dm).toFixed(3)} of MRR@${k} against the old one`
      : `the new index keeps Recall@${k} at ${(candidate.metrics.recallAtK * 100).toFixed(1)}% (${dr >= 0 ? '+' : ''}${(dr * 100).toFixed(1)} points) and MRR@${k} ${candidate.metrics.mrrAtK.toFixed(3)} (${dm >= 0 ? '+' : ''}${dm.toFixed(3)})`;
  return { old, candidate, cutOver, why, files: inputs.files, k };
}

/** The upgrade as a report. */
export function upgradeReport(u: Awaited<ReturnType<typeof embeddingUpgrade>>, generatedAt: Date): Report {
  const at = generatedAt.toISOString();
  const row = (r: UpgradeResult['old']) => ({
    model: r.model,
    chunks: r.chunks,
    recall: r.metrics.recallAtK,
    mrr: r.metrics.mrrAtK,
    ndcg: r.metrics.ndcgAtK,
    dead: r.usage.dead.length,
  });
  return {
    job: 'embedding-upgrade',
    source: `${u.files.documents}; ${u.files.queries}`,
    period: { label: `${u.old.model.replace(/[^\w.-]+/g, '_')}-to-${u.candidate.model.replace(/[^\w.-]+/g, '_')}`, from: at, to: at },
    generatedAt: at,
    sections: [
      {
        id: 'upgrade',
        title: 'Embedding model upgrade',
        findings: [
          {
            id: 'upgrade.verdict',
            metric: 'cut_over',
            value: u.cutOver ? 1 : 0,
            severity: u.cutOver ? 'info' : 'warning',
            message: `${u.cutOver ? 'Cut over' : 'Keep the old index'}: ${u.why}.`,
          },
        ],
        tables: [
          {
            id: 'upgrade.compare',
            title: 'Old and new index on the curated queries',
            columns: [
              { key: 'model', label: 'Model' },
              { key: 'chunks', label: 'Chunks', format: 'integer' },
              { key: 'recall', label: `Recall@${u.k}`, format: 'percent' },
              { key: 'mrr', label: `MRR@${u.k}`, format: 'number' },
              { key: 'ndcg', label: `nDCG@${u.k}`, format: 'number' },
              { key: 'dead', label: 'Dead chunks', format: 'integer' },
            ],
            rows: [row(u.old), row(u.candidate)],
          },
        ],
        charts: [],
      },
    ],
  };
}

/** One line of an index manifest: a chunk, its document's content hash and the embedding model that indexed it. */
export interface ManifestLine extends IndexedChunk {
  embeddingModel: string;
  chunkConfig: string;
}

/**
 * `mangalab kb index`: the manifest of an index built with the production chunking (one JSON line a chunk: chunk id,
 * document id, the document's sha256, the embedding model, the chunking), written atomically.
 */
export function writeManifest(
  out: string,
  o: { config?: string; documents?: string; embeddingModel?: string },
): { file: string; chunks: number } {
  const config = loadRetrievalConfig(o.config && resolve(o.config));
  const documents = o.documents ? resolve(o.documents) : config.documents;
  ensureSampleKnowledgeBase(documents);
  const corpus = loadCorpus(documents);
  const chunks = buildChunks(corpus, config.production, chunkTokenizer());
  const model = o.embeddingModel ?? 'bm25';
  const lines: ManifestLine[] = chunks.map((c) => ({
    chunkId: c.id,
    docId: c.docId,
    docHash: corpus.hashes.get(c.docId)!,
    embeddingModel: model,
    chunkConfig: `${config.production.name}:${config.production.size}/${config.production.overlap}`,
  }));
  writeFileAtomically(out, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return { file: out, chunks: lines.length };
}

/**
 * `mangalab kb stale`: the manifest's chunks whose document was deleted from or changed in the current corpus (US-5.1).
 * @throws InputError naming the manifest's file, line and field when it is malformed.
 */
export function findStale(manifest: string, documents: string): { stale: StaleChunk[]; total: number } {
  const indexed: IndexedChunk[] = readJsonlObjects(manifest, 'manifest', { nonEmpty: true }).map(({ row, where }) => {
    for (const key of ['chunkId', 'docId', 'docHash'])
      if (typeof row[key] !== 'string') throw new InputError(manifest, `${key} must be a string`, where);
    return { chunkId: row.chunkId as string, docId: row.docId as string, docHash: row.docHash as string };
  });
  return { stale: staleChunks(indexed, loadCorpus(documents).hashes), total: indexed.length };
}
