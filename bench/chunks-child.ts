// The chunking-grid benchmark: the seed's four configurations over the sample knowledge base and its 100 curated
// queries with BM25 (chunking, indexing, retrieval and metrics), median of 5 after a warm-up; and indexing
// throughput (chunking and building the BM25 index) per configuration. Prints one JSON line.
import { execFileSync } from 'node:child_process';
import { createBm25Index } from '../src/analysis/bm25Index';
import { rougeTokenize } from '../src/analysis/rougeTokenize';
import { buildChunks, runChunkGrid, SEED_GRID } from '../src/jobs/retrieval/readout';
import { sampleKnowledgeBase } from '../src/pipeline/kb-seed';
import { contentHash, type Corpus } from '../src/pipeline/kb';
import { chunkTokenizer } from '../src/pipeline/retrieval-config';
import { timeRuns } from './timing';

const kb = sampleKnowledgeBase();
const documents = kb.documents.filter((d) => d.text.trim() !== '');
const corpus: Corpus = {
  file: 'sample',
  documents,
  skippedEmpty: [],
  hashes: new Map(documents.map((d) => [d.doc_id, contentHash(d.text)])),
};
const tokenizer = chunkTokenizer();
await runChunkGrid(corpus, kb.queries, SEED_GRID, tokenizer); // warm-up
const grid = await timeRuns(5, () => runChunkGrid(corpus, kb.queries, SEED_GRID, tokenizer));
const corpusTokens = documents.reduce((s, d) => s + tokenizer.encode(d.text).length, 0);
const indexing = [];
for (const config of SEED_GRID) {
  let chunks = 0;
  const t = await timeRuns(5, async () => {
    const c = buildChunks(corpus, config, tokenizer);
    createBm25Index(c.map((x) => rougeTokenize(x.indexed)));
    chunks = c.length;
  });
  indexing.push({ config: config.name, chunks, seconds: t.median, tokensPerSecond: corpusTokens / t.median });
}
// BM25 index and search over the same tokenised chunks (small-chunks) against scipy.sparse, tokenising excluded.
const small = buildChunks(corpus, SEED_GRID[0]!, tokenizer).map((c) => rougeTokenize(c.indexed));
const queryTokens = kb.queries.map((q) => rougeTokenize(q.query));
const ours = await timeRuns(21, async () => {
  const index = createBm25Index(small);
  for (const q of queryTokens) index.search(q, 3);
});
const py = JSON.parse(
  execFileSync(process.env.MANGALAB_REFERENCE_PYTHON ?? '/usr/bin/python3', ['bench/python_bm25.py', '21'], {
    input: JSON.stringify({ docs: small, queries: queryTokens }),
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  }),
) as { median: number };
process.stdout.write(
  `${JSON.stringify({ documents: documents.length, queries: kb.queries.length, corpusTokens, gridMedianS: grid.median, indexing, bm25MedianS: ours.median, scipyBm25MedianS: py.median, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
