// Chunk usage in production (the weekly Retrieval section's trend): mangalab's query and readout against the
// shortest raw DuckDB SQL that counts each week's top-k chunk ids, on the same connection, same run.
// Usage: node --import tsx bench/chunk-usage.ts [WAREHOUSE.duckdb] (default: the sample warehouse, 1M requests).
// Prints one JSON line; docs/benchmarks.md keeps the numbers in its section for other scripts.
import { isoWeek } from '../src/analysis/isoWeek';
import { productionChunkUsage } from '../src/jobs/retrieval/readout';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { buildChunks, loadCorpus } from '../src/pipeline/kb';
import { ensureSampleKnowledgeBase } from '../src/pipeline/kb-seed';
import { paths } from '../src/pipeline/paths';
import { chunkTokenizer, loadRetrievalConfig } from '../src/pipeline/retrieval-config';
import { timeRuns } from './timing';

const file = process.argv[2] ?? paths.sampleWarehouse();
const config = loadRetrievalConfig();
ensureSampleKnowledgeBase(config.documents);
const ids = buildChunks(loadCorpus(config.documents), config.production, chunkTokenizer()).map((c) => c.id);
const source = await DuckDBSource.open(file);
const to = isoWeek('2026-W46').to;
const ours = () => productionChunkUsage(source, ids, { to, weeks: 8, k: config.k });
const usage = await ours(); // warm-up
const from = usage.from.toISOString().slice(0, 19);
const raw = `SELECT date_trunc('week', ts) AS week, id, count(*) AS n
  FROM (SELECT ts, unnest(CAST(CAST(retrieved_chunk_ids AS JSON) AS VARCHAR[])[1:${config.k}]) AS id FROM requests
        WHERE ts >= TIMESTAMP '${from}' AND ts < TIMESTAMP '${to.toISOString().slice(0, 19)}')
  GROUP BY 1, 2`;
await source.conn.runAndReadAll(raw);
const rounds = { ours: [] as number[], raw: [] as number[] };
for (let r = 0; r < 3; r++) {
  rounds.ours.push((await timeRuns(5, ours)).median);
  rounds.raw.push((await timeRuns(5, () => source.conn.runAndReadAll(raw))).median);
}
await source.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
const result = { file, weeks: usage.trend.weeks.length, chunks: ids.length, mangalab: median(rounds.ours), raw: median(rounds.raw) };
process.stdout.write(`${JSON.stringify({ ...result, ratio: result.mangalab / result.raw })}\n`);
