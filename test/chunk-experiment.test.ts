import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { isoWeek } from '../src/analysis/isoWeek';
import { rougeTokenize } from '../src/analysis/rougeTokenize';
import { buildChunks, relevantChunks, runChunkGrid, SEED_GRID } from '../src/jobs/retrieval/readout';
import { chunkCommand, embeddingUpgrade, findStale, retrieverFor, writeManifest } from '../src/jobs/retrieval/command';
import { retrievalPart } from '../src/jobs/retrieval/weekly';
import { partSections } from '../src/jobs/weekly/part';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { loadCorpus, loadRetrievalQueries } from '../src/pipeline/kb';
import { writeSampleKnowledgeBase } from '../src/pipeline/kb-seed';
import { ResultsStore } from '../src/pipeline/results-store';
import { chunkTokenizer, loadRetrievalConfig } from '../src/pipeline/retrieval-config';
import { mangalab } from './helpers';

const python = process.env.MANGALAB_REFERENCE_PYTHON ?? '/usr/bin/python3';
const fixtures = inject('fixtures');
let dir: string;
let kb: { documents: string; queries: string };
let config: string;
const client = new BedrockRuntimeClient({ region: 'us-east-1' });
const mock = mockClient(client);

/** A fake Titan: each text's vector counts its stemmed words hashed into `dims` buckets (normalised), or noise for a "bad" model. */
function fakeTitan(body: string, modelId: string): Uint8Array {
  const { inputText, dimensions } = JSON.parse(body) as { inputText: string; dimensions: number };
  const v = new Array<number>(dimensions).fill(0);
  const words = rougeTokenize(inputText);
  words.forEach((w, i) => {
    const h = [...(modelId.includes('bad') ? `${w}${i}` : w)].reduce((a, ch) => (a * 31 + ch.charCodeAt(0)) % 1_000_003, 7);
    v[h % dimensions] += 1;
  });
  const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0)) || 1;
  return new TextEncoder().encode(JSON.stringify({ embedding: v.map((x) => x / norm), inputTextTokenCount: words.length }));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-chunks-'));
  kb = writeSampleKnowledgeBase(dir);
  const base = JSON.parse(readFileSync('config/retrieval.json', 'utf8'));
  config = join(dir, 'retrieval.json');
  writeFileSync(
    config,
    JSON.stringify({
      ...base,
      documents: kb.documents,
      queries: kb.queries,
      embeddings: { ...base.embeddings, cache_dir: join(dir, 'emb-cache') },
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  mock.reset();
  mock
    .on(InvokeModelCommand)
    .callsFake(async (input) => ({ body: fakeTitan(input.body as string, input.modelId as string), contentType: 'application/json' }));
});

describe('the sample knowledge base', () => {
  it('has 223 documents with text (one empty draft skipped) and 100 queries whose answer spans sit in their documents', () => {
    const corpus = loadCorpus(kb.documents);
    expect(corpus.documents).toHaveLength(223); // 200 product pages, 8 FAQ articles, 5 policies, 10 guides
    expect(corpus.skippedEmpty).toEqual(['editorial-draft']);
    const queries = loadRetrievalQueries(kb.queries, corpus);
    expect(queries).toHaveLength(100);
    expect(new Set(corpus.documents.map((d) => d.source_type))).toEqual(new Set(['product', 'faq', 'policy', 'editorial']));
  });

  it('refuses queries naming unknown documents, naming them', () => {
    const bad = join(dir, 'bad-queries.jsonl');
    writeFileSync(
      bad,
      `${JSON.stringify({ query_id: 'X1', query: 'q', relevant_doc_ids: ['faq-01', 'nope-1', 'editorial-draft'], answer_span: 'a' })}\n`,
    );
    expect(() => loadRetrievalQueries(bad, loadCorpus(kb.documents))).toThrow(
      `${bad} (line 1): X1 names documents not in ${kb.documents}: nope-1, editorial-draft (editorial-draft empty, so skipped)`,
    );
  });
});

describe('runChunkGrid', () => {
  it('scores BM25 retrieval as the Python reference ranks the same chunks (small-chunks, k = 3)', async () => {
    const corpus = loadCorpus(kb.documents);
    const queries = loadRetrievalQueries(kb.queries, corpus);
    const grid = await runChunkGrid(corpus, queries, [SEED_GRID[0]!], chunkTokenizer());
    const chunks = buildChunks(corpus, SEED_GRID[0]!, chunkTokenizer());
    // Expected: test/reference/retrieval_reference.py bm25 scores every chunk for every query (the formula with numpy);
    // the top 3 by score (ties by chunk order) decide the hits and reciprocal ranks computed here.
    const scores = JSON.parse(
      execFileSync(python, ['test/reference/retrieval_reference.py', 'bm25'], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
        input: JSON.stringify({
          docs: chunks.map((c) => rougeTokenize(c.indexed)),
          queries: queries.map((q) => rougeTokenize(q.query)),
          k1: 1.2,
          b: 0.75,
        }),
      }),
    ) as number[][];
    let hits = 0;
    let rr = 0;
    queries.forEach((q, i) => {
      const top = scores[i]!.map((s, j) => ({ s, j }))
        .filter((x) => x.s > 0)
        .sort((a, b) => b.s - a.s || a.j - b.j)
        .slice(0, 3)
        .map((x) => chunks[x.j]!.id);
      const rel = relevantChunks(chunks, q);
      const at = top.findIndex((id) => rel.has(id));
      if (at >= 0) {
        hits++;
        rr += 1 / (at + 1);
      }
    });
    expect(grid.results[0]!.metrics.recallAtK).toBeCloseTo(hits / 100, 12);
    expect(grid.results[0]!.metrics.mrrAtK).toBeCloseTo(rr / 100, 9);
  });

  it("runs the seed's four configurations, picks the winner under the gates and stores every configuration", async () => {
    const store = join(dir, 'results.duckdb');
    const { grid, stored } = await chunkCommand({ config, store });
    expect(grid.results.map((r) => r.config.name)).toEqual(['small-chunks', 'medium-chunks', 'large-chunks', 'no-overlap']);
    const passing = grid.results.filter((r) => r.metrics.recallAtK >= 0.8 && r.metrics.mrrAtK >= 0.6);
    const best = [...passing].sort((a, b) => b.metrics.recallAtK - a.metrics.recallAtK || b.metrics.mrrAtK - a.metrics.mrrAtK)[0]!;
    expect(grid.winner).toBe(best.config.name);
    // Bigger chunks hold more of each page: fewer chunks.
    expect(grid.results[0]!.chunks).toBeGreaterThan(grid.results[1]!.chunks);
    expect(grid.results[1]!.chunks).toBeGreaterThan(grid.results[2]!.chunks);
    expect(stored).toBe(store);
    const s = await ResultsStore.open(store);
    const rows = await s.latestChunkGrid();
    s.close();
    expect(rows.map((r) => [r.config, r.winner, r.passed])).toEqual(
      grid.results.map((r) => [r.config.name, r.config.name === grid.winner, r.passed]),
    );
    expect(rows.find((r) => r.config === 'no-overlap')!.params).toEqual({ size: 512, overlap: 0, mode: 'tokens', metadata: 'none', k: 3 });
  });

  it('refuses a grid entry out of range with exit 2, naming the file and configuration', () => {
    const grid = join(dir, 'grid.json');
    writeFileSync(
      grid,
      JSON.stringify([
        { name: 'ok', size: 256, overlap: 25 },
        { name: 'bad', size: 256, overlap: 256 },
      ]),
    );
    const r = mangalab('experiment', 'chunks', '--grid', grid, '--config', config, '--no-store', '--out', join(dir, 'out-bad'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${grid} (configs[1] (bad)): overlap must be a whole number of tokens from 0 to 100, got 256`);
  });
});

describe('Titan embeddings (aws-sdk-client-mock)', () => {
  it('embeds each distinct text once with Titan V2 settings, caches them, and ranks by cosine; hybrid fuses with BM25', async () => {
    const cfg = loadRetrievalConfig(config);
    const corpus = loadCorpus(kb.documents);
    const queries = loadRetrievalQueries(kb.queries, corpus).slice(0, 20);
    const chunks = buildChunks(corpus, SEED_GRID[1]!, chunkTokenizer());
    const titan = retrieverFor('titan', cfg, { client });
    const lists = await titan(
      chunks,
      queries.map((q) => q.query),
      3,
    );
    const calls = mock.commandCalls(InvokeModelCommand);
    expect(calls.length).toBe(new Set([...chunks.map((c) => c.indexed), ...queries.map((q) => q.query)]).size);
    expect(JSON.parse(calls[0]!.args[0].input.body as string)).toMatchObject({ dimensions: 512, normalize: true });
    expect(calls[0]!.args[0].input.modelId).toBe('amazon.titan-embed-text-v2:0');
    expect(lists).toHaveLength(20);
    await titan(
      chunks,
      queries.map((q) => q.query),
      3,
    );
    expect(mock.commandCalls(InvokeModelCommand).length).toBe(calls.length); // the second pass is all cache
    const hybrid = await retrieverFor('hybrid', cfg, { client })(
      chunks,
      queries.map((q) => q.query),
      3,
    );
    expect(hybrid.every((l) => l.length === 3)).toBe(true);
  });

  it('recommends keeping the old index when the new model loses recall, and cutting over when it does not', async () => {
    const keep = await embeddingUpgrade({ old: 'amazon.titan-embed-text-v2:0', candidate: 'titan-bad-v3', config }, { client });
    expect(keep.cutOver).toBe(false);
    expect(keep.candidate.metrics.recallAtK).toBeLessThan(keep.old.metrics.recallAtK);
    const same = await embeddingUpgrade(
      { old: 'amazon.titan-embed-text-v2:0', candidate: 'amazon.titan-embed-text-v2:0', newDimensions: 512, config },
      { client },
    );
    expect(same.candidate.metrics.recallAtK).toBe(same.old.metrics.recallAtK);
    expect(same.cutOver).toBe(same.candidate.metrics.recallAtK >= 0.8);
  });
});

describe('stale chunks and the weekly Retrieval section', () => {
  it('lists the chunks of deleted and changed documents from an index manifest; the CLI exits 1', () => {
    const manifest = join(dir, 'manifest.jsonl');
    const { chunks } = writeManifest(manifest, { config, embeddingModel: 'amazon.titan-embed-text-v2:0' });
    const lines = readFileSync(manifest, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(chunks);
    expect(lines[0]).toMatchObject({ embeddingModel: 'amazon.titan-embed-text-v2:0', chunkConfig: 'production:256/25' });
    const docs = readFileSync(kb.documents, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const changed = docs
      .map((d) => (d.doc_id === 'faq-01' ? { ...d, text: `${d.text} Updated.` } : d))
      .filter((d) => d.doc_id !== 'policy-02');
    const now = join(dir, 'documents-now.jsonl');
    writeFileSync(now, changed.map((d) => JSON.stringify(d)).join('\n'));
    const { stale } = findStale(manifest, now);
    const want = lines
      .filter((l) => l.docId === 'faq-01' || l.docId === 'policy-02')
      .map((l) => ({ chunkId: l.chunkId, docId: l.docId, docHash: l.docHash, reason: l.docId === 'faq-01' ? 'changed' : 'deleted' }));
    expect(stale).toEqual(want);
    const cli = mangalab('kb', 'stale', '--manifest', manifest, '--documents', now);
    expect(cli.code).toBe(1);
    expect(cli.stdout.trim().split('\n')).toHaveLength(want.length);
  });

  it('checks the production chunking against the alert thresholds and shows the latest experiment', async () => {
    const db = await DuckDBSource.open(fixtures.duckdb);
    const s = (
      await partSections(retrievalPart({ configFile: config, storeFile: join(dir, 'results.duckdb') }), db, isoWeek('2026-W46'))
    )[0]!;
    const strict = join(dir, 'strict.json');
    writeFileSync(strict, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), alerts: { recall_at_k: 0.99, mrr_at_k: 0.6 } }));
    const alerted = (
      await partSections(retrievalPart({ configFile: strict, storeFile: join(dir, 'none.duckdb') }), db, isoWeek('2026-W46'))
    )[0]!;
    await db.close();
    expect(s.findings[0]).toMatchObject({ id: 'retrieval.recall_at_3', severity: 'info', threshold: 0.75 });
    expect(alerted.findings[0]).toMatchObject({ severity: 'critical', threshold: 0.99 });
    expect(alerted.findings[0]!.message).toMatch(/below the alert threshold 99\.0%/);
    expect(alerted.findings.at(-1)!.message).toBe('No chunking experiment is stored yet (mangalab experiment chunks).');
    // The grid above ran today, after W46: the week's report does not see it.
    expect(s.findings.at(-1)!.message).toBe('No chunking experiment is stored yet (mangalab experiment chunks).');
  });
});

describe('downstream answers on the golden set', () => {
  it("gives the responder each configuration's retrieved chunks and scores its answers with the golden-set evaluation", async () => {
    const { ConverseCommand } = await import('@aws-sdk/client-bedrock-runtime');
    const { writeSampleGolden } = await import('../src/pipeline/golden-seed');
    const { rougeL } = await import('../src/analysis/rougeL');
    const { loadGoldenSet } = await import('../src/pipeline/golden');
    const golden = writeSampleGolden(dir).golden;
    const bedrockConfig = join(dir, 'bedrock.json');
    writeFileSync(
      bedrockConfig,
      JSON.stringify({ ...JSON.parse(readFileSync('config/bedrock.json', 'utf8')), cache_dir: join(dir, 'bedrock-cache') }),
    );
    // The fake model answers with the first line of the first retrieved chunk it was shown.
    mock.on(ConverseCommand).callsFake(async (input) => {
      const system = input.system[0].text as string;
      const first = /Product data \(retrieved\):\n- ([^\n]*)/.exec(system)?.[1] ?? '';
      return {
        output: { message: { role: 'assistant', content: [{ text: first }] } },
        stopReason: 'end_turn',
        usage: { inputTokens: 100, outputTokens: 50, totalTokens: 150 },
      };
    });
    const grid = join(dir, 'two.json');
    writeFileSync(
      grid,
      JSON.stringify([
        { name: 'small', size: 128, overlap: 0 },
        { name: 'large', size: 1024, overlap: 0 },
      ]),
    );
    const { grid: result } = await chunkCommand({ config, grid, golden, promptVersion: '2.3', bedrockConfig, store: false }, { client });
    const calls = mock.commandCalls(ConverseCommand);
    // 520 answers a configuration; a prompt rendered identically under both (same query, same chunks) is answered from the cache.
    expect(calls.length).toBeGreaterThan(520);
    expect(calls.length).toBeLessThanOrEqual(2 * 520);
    expect(calls[0]!.args[0].input.system![0]!.text).toMatch(/Product data \(retrieved\):\n- .+/);
    for (const r of result.results) {
      expect(r.downstream!.avgRougeL).not.toBeNull();
      expect(r.downstream!.avgBertScoreF1).toBeNull(); // no BERTScore model configured
    }
    // The large configuration's mean ROUGE-L, recomputed here: BM25 over its chunks for each golden query, the first
    // line of the top chunk as the answer, rougeL against the reference.
    const entries = loadGoldenSet(golden).entries;
    const corpus = loadCorpus(kb.documents);
    const large = buildChunks(corpus, { name: 'large', size: 1024, overlap: 0, mode: 'tokens', metadata: 'none' }, chunkTokenizer());
    const top = await retrieverFor('bm25', loadRetrievalConfig(config))(
      large,
      entries.map((e) => e.query),
      3,
    );
    const body = new Map(large.map((c) => [c.id, c.body]));
    const mean =
      entries.reduce(
        (sum, e, i) => sum + rougeL(e.reference_response, (top[i]![0] ? body.get(top[i]![0]!)!.split('\n')[0]! : '').trim()).fmeasure,
        0,
      ) / entries.length;
    expect(result.results[1]!.downstream!.avgRougeL).toBeCloseTo(mean, 12);
    await expect(chunkCommand({ config, golden, store: false })).rejects.toThrow(
      '--golden/--prompt-version: scoring answers on the golden set needs both',
    );
  });
});
