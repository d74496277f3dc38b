import { RETRIEVAL_GATES } from './gates';
import type { GridResult, ProductionUsage, RetrievalWeekly } from './readout';
import type { Finding, Section } from '../report';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The grid as report sections: the verdict and comparison table with a chart, then the winner's dead and noisy chunks. */
export function chunkGridSections(g: GridResult): Section[] {
  const k = g.k;
  const best = g.results.find((r) => r.config.name === g.winner) ?? null;
  const findings = [
    {
      id: 'chunks.winner',
      metric: 'winner',
      value: best ? 1 : 0,
      severity: best ? ('info' as const) : ('warning' as const),
      message: best
        ? `Winner: ${best.config.name} (${best.config.size} tokens, overlap ${best.config.overlap}, ${best.config.mode}, metadata ${best.config.metadata}) with Recall@${k} ${pct(best.metrics.recallAtK)} and MRR@${k} ${best.metrics.mrrAtK.toFixed(3)}.`
        : `No configuration passes Recall@${k} >= ${RETRIEVAL_GATES.recallAtK} and MRR@${k} >= ${RETRIEVAL_GATES.mrrAtK}: keep the production chunking.`,
    },
    ...g.results
      .filter((r) => r.splitAnswers.length > 0)
      .map((r) => ({
        id: `chunks.split.${r.config.name}`,
        metric: 'split_answers',
        value: r.splitAnswers.length,
        severity: 'warning' as const,
        message: `${r.config.name}: ${r.splitAnswers.length} queries have their answer cut across chunks and cannot be found (${r.splitAnswers.slice(0, 8).join(', ')}${r.splitAnswers.length > 8 ? ', ...' : ''}).`,
      })),
  ];
  if (g.corpus.skippedEmpty.length > 0) {
    findings.push({
      id: 'chunks.empty',
      metric: 'empty_documents',
      value: g.corpus.skippedEmpty.length,
      severity: 'info',
      message: `${g.corpus.skippedEmpty.length} empty documents skipped: ${g.corpus.skippedEmpty.join(', ')}.`,
    });
  }
  const rows = g.results.map((r) => ({
    config: r.config.name,
    size: r.config.size,
    overlap: r.config.overlap,
    mode: r.config.mode,
    metadata: r.config.metadata,
    chunks: r.chunks,
    recall: r.metrics.recallAtK,
    mrr: r.metrics.mrrAtK,
    ndcg: r.metrics.ndcgAtK,
    dead: r.usage.dead.length,
    noisy: r.usage.noisy.length,
    gates: r.passed ? 'PASS' : 'FAIL',
    seconds: r.indexSeconds + r.querySeconds,
    golden_rouge: r.downstream?.avgRougeL ?? null,
    golden_bert: r.downstream?.avgBertScoreF1 ?? null,
  }));
  const downstream = g.results.some((r) => r.downstream);
  const sections: Section[] = [
    {
      id: 'chunks',
      title: `Chunking experiment ${g.gridId}`,
      findings,
      tables: [
        {
          id: 'chunks.compare',
          title: `Configurations (${g.queries.length} queries, ${g.corpus.documents.length} documents, ${g.retriever})`,
          columns: [
            { key: 'config', label: 'Configuration' },
            { key: 'size', label: 'Size', format: 'integer' },
            { key: 'overlap', label: 'Overlap', format: 'integer' },
            { key: 'mode', label: 'Mode' },
            { key: 'metadata', label: 'Metadata' },
            { key: 'chunks', label: 'Chunks', format: 'integer' },
            { key: 'recall', label: `Recall@${k}`, format: 'percent' },
            { key: 'mrr', label: `MRR@${k}`, format: 'number' },
            { key: 'ndcg', label: `nDCG@${k}`, format: 'number' },
            { key: 'dead', label: 'Dead chunks', format: 'integer' },
            { key: 'noisy', label: 'Noisy chunks', format: 'integer' },
            { key: 'gates', label: 'Gates' },
            { key: 'seconds', label: 'Seconds', format: 'number' },
            ...(downstream
              ? [
                  { key: 'golden_rouge', label: 'Golden ROUGE-L', format: 'number' as const },
                  { key: 'golden_bert', label: 'Golden BERTScore F1', format: 'number' as const },
                ]
              : []),
          ],
          rows,
          notes: [
            `Recall@${k}: share of queries with a relevant chunk in the top ${k}; a chunk is relevant when it comes from a relevant document and holds the whole answer span.`,
            ...(downstream ? [...new Set(g.results.map((r) => r.downstream?.note).filter((x): x is string => Boolean(x)))] : []),
          ],
        },
      ],
      charts: [
        {
          id: 'chunks.chart',
          title: 'Retrieval quality by configuration',
          vegaLite: {
            $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
            title: `Retrieval quality by configuration (k = ${k})`,
            width: 420,
            height: 220,
            data: {
              values: g.results.flatMap((r) =>
                [
                  ['Recall', r.metrics.recallAtK],
                  ['MRR', r.metrics.mrrAtK],
                  ['nDCG', r.metrics.ndcgAtK],
                ].map(([m, v]) => ({ config: r.config.name, metric: `${m}@${k}`, value: v })),
              ),
            },
            layer: [
              {
                mark: 'bar',
                encoding: {
                  x: { field: 'config', type: 'nominal', title: 'Configuration' },
                  xOffset: { field: 'metric' },
                  y: { field: 'value', type: 'quantitative', title: 'Value', scale: { domain: [0, 1] } },
                  color: { field: 'metric', type: 'nominal', title: 'Metric' },
                },
              },
              { mark: { type: 'rule', color: 'firebrick', strokeDash: [4, 3] }, encoding: { y: { datum: RETRIEVAL_GATES.recallAtK } } },
            ],
          },
        },
      ],
    },
  ];
  if (best) sections.push(usageSection(best));
  return sections;
}

/** The winner's dead and noisy chunks. */
function usageSection(best: GridResult['results'][number]): Section {
  return {
    id: 'chunks.usage',
    title: `Chunk analytics of ${best.config.name}`,
    findings: [
      {
        id: 'chunks.dead',
        metric: 'dead_chunks',
        value: best.usage.dead.length,
        severity: 'info',
        message: `${best.usage.dead.length} of ${best.usage.total} chunks are never retrieved (dead); ${best.usage.noisy.length} are retrieved where they are not relevant (noisy).`,
      },
    ],
    tables: [
      {
        id: 'chunks.noisy',
        title: 'Noisiest chunks',
        columns: [
          { key: 'id', label: 'Chunk' },
          { key: 'queries', label: 'Irrelevant retrievals', format: 'integer' },
          { key: 'examples', label: 'Queries' },
        ],
        rows: best.usage.noisy.slice(0, 10).map((n) => ({ id: n.id, queries: n.queries, examples: n.queryIds.slice(0, 5).join(', ') })),
      },
    ],
    charts: [],
  };
}

/**
 * The weekly report's Retrieval section (US-5.3): the curated queries against an index built with the production
 * chunking (BM25), Recall@k and MRR@k against the alert thresholds (0.75 and 0.60), dead and noisy chunks, and the
 * latest chunking experiment in the results store. Says so, as a warning, when the knowledge base cannot be read.
 */
export function retrievalSections(readout: RetrievalWeekly): Section[] {
  const section: Section = { id: 'retrieval', title: 'Retrieval quality', findings: [], tables: [], charts: [] };
  const { config } = readout;
  if ('unavailable' in readout) {
    section.findings.push({
      id: `retrieval.${readout.why}`,
      severity: 'warning',
      metric: 'retrieval',
      value: null,
      message: `Retrieval quality could not be evaluated: ${readout.unavailable}`,
    });
    return [section];
  }
  const { grid, latest } = readout;
  const r = grid.results[0]!;
  const k = grid.k;
  const alert = (metric: string, value: number, threshold: number, label: string, show: (x: number) => string): Finding => ({
    id: `retrieval.${metric}`,
    metric,
    value,
    threshold,
    severity: value < threshold ? 'critical' : 'info',
    message:
      `${label} ${show(value)} on ${grid.queries.length} curated queries (${config.production.name}: ${config.production.size} tokens, overlap ${config.production.overlap})` +
      `${value < threshold ? `: below the alert threshold ${show(threshold)}` : `, above the alert threshold ${show(threshold)}`}.`,
  });
  section.findings.push(
    alert(`recall_at_${k}`, r.metrics.recallAtK, config.alerts.recallAtK, `Recall@${k}`, pct),
    alert(`mrr_at_${k}`, r.metrics.mrrAtK, config.alerts.mrrAtK, `MRR@${k}`, (x) => x.toFixed(3)),
    {
      id: 'retrieval.usage',
      metric: 'dead_chunks',
      value: r.usage.dead.length,
      severity: 'info',
      message: `On the ${grid.queries.length} curated queries, ${r.usage.dead.length} of ${r.usage.total} chunks were never retrieved (dead); ${r.usage.noisy.length} were retrieved for queries they do not answer (noisy).`,
    },
  );
  const usage = productionUsageParts(readout.production, k);
  section.findings.push(...usage.findings);
  section.tables.push(...usage.tables);
  section.charts.push(...usage.charts);
  if (latest.length === 0) {
    section.findings.push({
      id: 'retrieval.experiments',
      metric: 'chunk_experiments',
      value: 0,
      severity: 'info',
      message: 'No chunking experiment is stored yet (mangalab experiment chunks).',
    });
  } else {
    const winner = latest.find((x) => x.winner);
    section.findings.push({
      id: 'retrieval.experiments',
      metric: 'chunk_experiments',
      value: latest.length,
      severity: 'info',
      message: `Latest chunking experiment ${latest[0]!.gridId} (${latest[0]!.startedAt.toISOString().slice(0, 10)}): ${winner ? `winner ${winner.config}` : 'no configuration passed the gates'}.`,
    });
    section.tables.push({
      id: 'retrieval.grid',
      title: `Chunking experiment ${latest[0]!.gridId}`,
      columns: [
        { key: 'config', label: 'Configuration' },
        { key: 'size', label: 'Size', format: 'integer' },
        { key: 'overlap', label: 'Overlap', format: 'integer' },
        { key: 'recall', label: `Recall@${k}`, format: 'percent' },
        { key: 'mrr', label: `MRR@${k}`, format: 'number' },
        { key: 'gates', label: 'Gates' },
      ],
      rows: latest.map((x) => ({
        config: `${x.config}${x.winner ? ' (winner)' : ''}`,
        size: x.params.size as number,
        overlap: x.params.overlap as number,
        recall: x.metrics.recall_at_k ?? null,
        mrr: x.metrics.mrr_at_k ?? null,
        gates: x.passed ? 'PASS' : 'FAIL',
      })),
    });
  }
  return [section];
}

const count = (n: number) => n.toLocaleString('en-US');
const listed = (ids: string[], most = 5) => `${ids.slice(0, most).join(', ')}${ids.length > most ? ` and ${ids.length - most} more` : ''}`;

/**
 * Chunk usage in production (US-5.3): the latest week's dead chunks against the index, chunks that stopped being
 * retrieved, retrieved ids the index does not hold, and the trend over the weeks read. Descriptive counts: no alert.
 */
export function productionUsageParts(p: ProductionUsage, k: number): Pick<Section, 'findings' | 'tables' | 'charts'> {
  const t = p.trend;
  const window = `${p.from.toISOString().slice(0, 10)} to ${new Date(p.to.getTime() - 1).toISOString().slice(0, 10)}`;
  const out: Pick<Section, 'findings' | 'tables' | 'charts'> = { findings: [], tables: [], charts: [] };
  if (p.malformedTurns > 0)
    out.findings.push({
      id: 'retrieval.production_malformed',
      severity: 'warning',
      metric: 'malformed_retrieval_logs',
      value: p.malformedTurns,
      message: `${count(p.malformedTurns)} turns from ${window} log retrieved_chunk_ids that is not JSON array text; they are left out of the chunk usage below.`,
    });
  const active = t.weeks.filter((w) => w.dead !== null);
  if (t.latest === null) {
    out.findings.push({
      id: 'retrieval.production_usage',
      severity: 'warning',
      metric: 'production_dead_chunks',
      value: null,
      message: `Chunk usage in production could not be computed: no turn from ${window} logged a retrieved chunk (retrieved_chunk_ids empty or absent).`,
    });
    return out;
  }
  const latest = active.at(-1)!;
  const before = active.at(-2);
  const idle = t.weeks.filter((w) => w.dead === null).map((w) => w.week);
  const change = before
    ? ` (${latest.dead! - before.dead! >= 0 ? '+' : ''}${latest.dead! - before.dead!} against the week of ${before.week})`
    : '';
  out.findings.push({
    id: 'retrieval.production_usage',
    severity: 'info',
    metric: 'production_dead_chunks',
    value: latest.dead,
    baseline: before?.dead ?? null,
    message:
      `In production in the week of ${latest.week}, ${count(latest.retrieved)} of ${count(t.total)} chunks of the index were in a top ${k} ` +
      `(${count(latest.turns)} turns retrieved); ${count(latest.dead!)} (${pct(latest.deadShare!)}) were not (dead)${change}. ` +
      `${count(t.neverRetrieved.length)} were retrieved in none of the ${active.length} weeks with retrievals${t.neverRetrieved.length > 0 ? `: ${listed(t.neverRetrieved)}` : ''}.` +
      (idle.length > 0 ? ` ${idle.length} of the ${t.weeks.length} weeks read (${listed(idle, 3)}) logged no retrieval.` : ''),
  });
  if (t.newlyDead.length > 0)
    out.findings.push({
      id: 'retrieval.newly_dead',
      severity: 'info',
      metric: 'newly_dead_chunks',
      value: t.newlyDead.length,
      message: `${count(t.newlyDead.length)} chunks retrieved in earlier weeks were not retrieved in the week of ${latest.week}: ${listed(t.newlyDead.map((d) => d.id))}.`,
    });
  if (t.unknown.length > 0)
    out.findings.push({
      id: 'retrieval.unknown_chunks',
      severity: 'warning',
      metric: 'unknown_chunk_ids',
      value: t.unknown.length,
      message:
        `${count(t.unknown.length)} chunk ids retrieved in the week of ${latest.week} (${count(latest.unknownRetrievals)} retrievals) are not chunks of the production index: ` +
        `${listed(t.unknown.map((u) => u.id))}. The index was re-chunked or documents were removed since; they are left out of the dead count.`,
    });
  out.tables.push({
    id: 'retrieval.production_trend',
    title: `Chunk usage in production by week (top ${k} of each turn)`,
    columns: [
      { key: 'week', label: 'Week of' },
      { key: 'turns', label: 'Turns retrieving', format: 'integer' },
      { key: 'rate', label: 'Of LLM turns', format: 'percent' },
      { key: 'retrieved', label: 'Chunks retrieved', format: 'integer' },
      { key: 'dead', label: 'Dead chunks', format: 'integer' },
      { key: 'deadShare', label: 'Dead share', format: 'percent' },
      { key: 'top10Share', label: 'Retrievals to the top tenth', format: 'percent' },
      { key: 'unknown', label: 'Ids not in the index', format: 'integer' },
    ],
    rows: active.map((w) => {
      const llm = p.llmTurns.get(w.week) ?? 0;
      return {
        week: w.week,
        turns: w.turns,
        rate: llm > 0 ? w.turns / llm : null,
        retrieved: w.retrieved,
        dead: w.dead,
        deadShare: w.deadShare,
        top10Share: w.top10Share,
        unknown: w.unknownIds,
      };
    }),
    notes: [
      `Of ${count(t.total)} chunks in the production index. Dead: never in a turn's top ${k} that week. The top tenth: the ${Math.max(1, Math.ceil(t.total / 10))} most retrieved chunks.`,
      ...(active.some((w) => (p.llmTurns.get(w.week) ?? 0) === 0)
        ? ['Of LLM turns is empty for a week with no LLM turn: there is nothing to divide by.']
        : []),
      ...(idle.length > 0 ? [`Weeks with no retrieval logged are not shown: ${idle.join(', ')}.`] : []),
    ],
  });
  if (t.newlyDead.length > 0)
    out.tables.push({
      id: 'retrieval.newly_dead',
      title: `Chunks no longer retrieved in the week of ${latest.week}`,
      columns: [
        { key: 'chunk', label: 'Chunk' },
        { key: 'lastWeek', label: 'Last retrieved in the week of' },
        { key: 'retrievals', label: 'Retrievals before', format: 'integer' },
      ],
      rows: t.newlyDead.slice(0, 15).map((d) => ({ chunk: d.id, lastWeek: d.lastWeek, retrievals: d.earlierRetrievals })),
      notes: t.newlyDead.length > 15 ? [`The 15 most retrieved before of ${count(t.newlyDead.length)}.`] : undefined,
    });
  out.tables.push({
    id: 'retrieval.top_chunks',
    title: `Most retrieved chunks in the week of ${latest.week}`,
    columns: [
      { key: 'chunk', label: 'Chunk' },
      { key: 'retrievals', label: 'Retrievals', format: 'integer' },
      { key: 'share', label: 'Share of retrievals', format: 'percent' },
    ],
    rows: t.top.map((c) => ({ chunk: c.id, retrievals: c.retrievals, share: c.share })),
  });
  if (active.length > 1)
    out.charts.push({
      id: 'retrieval.production_trend_chart',
      title: 'Dead chunks in production by week',
      vegaLite: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: `Chunks of the index never in a top ${k}, by week`,
        width: 420,
        height: 200,
        data: { values: active.map((w) => ({ week: w.week, dead: w.dead })) },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'week', type: 'ordinal', title: 'Week of' },
          y: { field: 'dead', type: 'quantitative', title: 'Dead chunks', scale: { domainMin: 0 } },
        },
      },
    });
  return out;
}
