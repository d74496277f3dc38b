// Embedding drift at scale (issue 24): every detector over N training and N production embeddings of D dimensions
// in DuckDB (uniform noise; generated once into WORKDIR), the warehouse doing the checks, the centroid similarities
// and the sample. Prints the wall time, the time of each step and the peak resident memory as JSON.
// Usage: node --import tsx bench/embedding-drift.ts WORKDIR [N] [D]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { embeddingReadout } from '../src/jobs/monitoring/embedding';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { loadMonitoringConfig } from '../src/pipeline/monitoring-config';

const work = process.argv[2]!;
const n = Number(process.argv[3] ?? '100000');
const dims = Number(process.argv[4] ?? '1024');
const file = join(work, `embeddings-${n}x${dims}.duckdb`);
if (!existsSync(file)) {
  const db = await DuckDBInstance.create(file);
  const c = await db.connect();
  await c.run(`CREATE TABLE query_embeddings AS
    SELECT 'E' || lpad(CAST(i AS VARCHAR), 9, '0') AS trace_id,
           TIMESTAMP '2026-11-09' + to_microseconds(CAST(i % 604800 AS BIGINT) * 1000000) AS ts,
           CASE WHEN i < ${n} THEN 'training' ELSE 'production' END AS source,
           CAST(list_transform(range(${dims}), d -> random() - 0.5) AS FLOAT[]) AS embedding
    FROM range(${2 * n}) t(i)`);
  c.closeSync();
}
const source = await DuckDBSource.open(file);
const config = loadMonitoringConfig();
const t = performance.now();
const e = await embeddingReadout(source, { from: new Date('2026-11-09T00:00:00Z'), to: new Date('2026-11-16T00:00:00Z') }, config);
const seconds = (performance.now() - t) / 1000;
process.stdout.write(
  `${JSON.stringify({
    n,
    dims,
    seconds: Number(seconds.toFixed(2)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    drifted: e.drifted,
    detectors: e.result?.detectors.map((d) => ({ detector: d.detector, p: d.pValue, samples: d.samples })),
  })}\n`,
);
await source.close();
