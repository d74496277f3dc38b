import { existsSync } from 'node:fs';
import type { Period } from '../../analysis/isoWeek';
import { InputError } from '../../pipeline/errors';
import { loadCorpus, loadRetrievalQueries } from '../../pipeline/kb';
import { paths } from '../../pipeline/paths';
import { ResultsStore, type ChunkRunRow } from '../../pipeline/results-store';
import { chunkTokenizer, loadRetrievalConfig, type RetrievalConfig } from '../../pipeline/retrieval-config';
import { runChunkGrid, type GridResult } from './chunk-experiment';
import type { Finding, Section } from '../report';
import { weeklyPart, type WeeklyPart } from '../weekly/part';

/** The production chunking evaluated on the curated queries and the latest stored chunking experiment, or why not. */
export type RetrievalWeekly =
  | { config: RetrievalConfig; unavailable: string; why: 'none' | 'invalid' }
  | { config: RetrievalConfig; grid: GridResult; latest: ChunkRunRow[] };

async function retrievalReadout(options: { configFile?: string; storeFile?: string }, period: Period): Promise<RetrievalWeekly> {
  const config = loadRetrievalConfig(options.configFile);
  if (!existsSync(config.documents) || !existsSync(config.queries)) {
    return { config, unavailable: `${existsSync(config.documents) ? config.queries : config.documents} does not exist (mangalab seed writes the sample knowledge base).`, why: 'none' };
  }
  let grid: GridResult;
  try {
    const corpus = loadCorpus(config.documents);
    const queries = loadRetrievalQueries(config.queries, corpus);
    grid = await runChunkGrid(corpus, queries, [config.production], chunkTokenizer(), { k: config.k });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { config, unavailable: e.message, why: 'invalid' };
  }
  const store = await ResultsStore.open(options.storeFile ?? paths.resultsStore());
  try {
    return { config, grid, latest: await store.latestChunkGrid(period.to) };
  } finally {
    store.close();
  }
}

/**
 * The weekly report's Retrieval section (US-5.3): the curated queries against an index built with the production
 * chunking (BM25), Recall@k and MRR@k against the alert thresholds (0.75 and 0.60), dead and noisy chunks, and the
 * latest chunking experiment in the results store. Says so, as a warning, when the knowledge base cannot be read.
 */
function retrievalSections(readout: RetrievalWeekly): Section[] {
  const section: Section = { id: 'retrieval', title: 'Retrieval quality', findings: [], tables: [], charts: [] };
  const { config } = readout;
  if ('unavailable' in readout) {
    section.findings.push({ id: `retrieval.${readout.why}`, severity: 'warning', metric: 'retrieval', value: null,
      message: `Retrieval quality could not be evaluated: ${readout.unavailable}` });
    return [section];
  }
  const { grid, latest } = readout;
  const r = grid.results[0]!;
  const k = grid.k;
  const alert = (metric: string, value: number, threshold: number, label: string, show: (x: number) => string): Finding => ({
    id: `retrieval.${metric}`, metric, value, threshold, severity: value < threshold ? 'critical' : 'info',
    message: `${label} ${show(value)} on ${grid.queries.length} curated queries (${config.production.name}: ${config.production.size} tokens, overlap ${config.production.overlap})`
      + `${value < threshold ? `: below the alert threshold ${show(threshold)}` : `, above the alert threshold ${show(threshold)}`}.`,
  });
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  section.findings.push(
    alert(`recall_at_${k}`, r.metrics.recallAtK, config.alerts.recallAtK, `Recall@${k}`, pct),
    alert(`mrr_at_${k}`, r.metrics.mrrAtK, config.alerts.mrrAtK, `MRR@${k}`, (x) => x.toFixed(3)),
    { id: 'retrieval.usage', metric: 'dead_chunks', value: r.usage.dead.length, severity: 'info',
      message: `${r.usage.dead.length} of ${r.usage.total} chunks were never retrieved (dead); ${r.usage.noisy.length} were retrieved for queries they do not answer (noisy).` },
  );
  if (latest.length === 0) {
    section.findings.push({ id: 'retrieval.experiments', metric: 'chunk_experiments', value: 0, severity: 'info', message: 'No chunking experiment is stored yet (mangalab experiment chunks).' });
  } else {
    const winner = latest.find((x) => x.winner);
    section.findings.push({ id: 'retrieval.experiments', metric: 'chunk_experiments', value: latest.length, severity: 'info',
      message: `Latest chunking experiment ${latest[0]!.gridId} (${latest[0]!.startedAt.toISOString().slice(0, 10)}): ${winner ? `winner ${winner.config}` : 'no configuration passed the gates'}.` });
    section.tables.push({
      id: 'retrieval.grid', title: `Chunking experiment ${latest[0]!.gridId}`,
      columns: [{ key: 'config', label: 'Configuration' }, { key: 'size', label: 'Size', format: 'integer' }, { key: 'overlap', label: 'Overlap', format: 'integer' },
        { key: 'recall', label: `Recall@${k}`, format: 'percent' }, { key: 'mrr', label: `MRR@${k}`, format: 'number' }, { key: 'gates', label: 'Gates' }],
      rows: latest.map((x) => ({ config: `${x.config}${x.winner ? ' (winner)' : ''}`, size: x.params.size as number, overlap: x.params.overlap as number,
        recall: x.metrics.recall_at_k ?? null, mrr: x.metrics.mrr_at_k ?? null, gates: x.passed ? 'PASS' : 'FAIL' })),
    });
  }
  return [section];
}

/** The Retrieval part of the weekly report (config/retrieval.json and the results store unless given). */
export function retrievalPart(options: { configFile?: string; storeFile?: string } = {}): WeeklyPart {
  return weeklyPart({ id: 'retrieval', readout: (_source, period) => retrievalReadout(options, period), sections: retrievalSections });
}
