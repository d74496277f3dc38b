// Child process: times the weekly Overview through mangalab (source, query files, Arrow, section) against the same
// aggregates as hand-written DuckDB SQL on the same connection (the floor). Reports medians and peak memory.
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { isoWeek } from '../src/analysis/isoWeek';
import { resolveWeek } from '../src/jobs/weekly';
import { overviewSection } from '../src/jobs/sections/overview';
import { timeRuns } from './timing';

const [path, mode, runsText] = [process.argv[2]!, process.argv[3] as 'mangalab' | 'raw', process.argv[4] ?? '5'];
const runs = Number(runsText);
const source = await DuckDBSource.open(path);

// The same aggregates, written directly for DuckDB: prices inlined from config/prices.json, DuckDB idioms.
const RAW = [
  `SELECT min(ts), max(ts), count(*) FROM requests`,
  `WITH r AS (SELECT CASE WHEN ts >= TIMESTAMP '2026-11-09' THEN 'current' ELSE 'previous' END AS period, * FROM requests
              WHERE ts >= TIMESTAMP '2026-11-02' AND ts < TIMESTAMP '2026-11-16'),
   p AS (SELECT period, count(*) AS requests, quantile_cont(latency_ms, 0.5), quantile_cont(latency_ms, 0.99),
                avg(is_error::INT), avg(escalated::INT), avg((NOT guardrail_passed)::INT),
                sum(CASE model WHEN 'claude-3.5-sonnet' THEN input_tokens * 0.003 + output_tokens * 0.015 + cache_read_tokens * 0.0003 + cache_write_tokens * 0.00375
                               WHEN 'claude-3-haiku' THEN input_tokens * 0.00025 + output_tokens * 0.00125 + cache_read_tokens * 0.00003 + cache_write_tokens * 0.0003 END) / 1000
         FROM r GROUP BY period),
   k AS (SELECT period, max(n) FROM (SELECT period, date_trunc('second', ts), count(*) AS n FROM r GROUP BY ALL) GROUP BY period),
   s AS (SELECT CASE WHEN started_at >= TIMESTAMP '2026-11-09' THEN 'current' ELSE 'previous' END AS period, count(*) FROM sessions
         WHERE started_at >= TIMESTAMP '2026-11-02' AND started_at < TIMESTAMP '2026-11-16' GROUP BY 1),
   f AS (SELECT CASE WHEN ts >= TIMESTAMP '2026-11-09' THEN 'current' ELSE 'previous' END AS period, avg((value = 'thumbs_up')::INT) FROM feedback
         WHERE ts >= TIMESTAMP '2026-11-02' AND ts < TIMESTAMP '2026-11-16' GROUP BY 1)
   SELECT * FROM p JOIN k USING (period) JOIN s USING (period) JOIN f USING (period)`,
  `SELECT ts::DATE AS day, count(*), count(model),
          sum(CASE model WHEN 'claude-3.5-sonnet' THEN input_tokens * 0.003 + output_tokens * 0.015 + cache_read_tokens * 0.0003 + cache_write_tokens * 0.00375
                         WHEN 'claude-3-haiku' THEN input_tokens * 0.00025 + output_tokens * 0.00125 + cache_read_tokens * 0.00003 + cache_write_tokens * 0.0003 END) / 1000
   FROM requests WHERE ts >= TIMESTAMP '2026-11-02' AND ts < TIMESTAMP '2026-11-16' GROUP BY 1 ORDER BY 1`,
];

async function once(): Promise<void> {
  if (mode === 'raw') {
    for (const sql of RAW) await source.conn.runAndReadAll(sql);
  } else {
    const period = await resolveWeek(source, '2026-W46');
    await overviewSection(source, period);
  }
}

await once(); // warm: file pages and the query files
const timing = await timeRuns(runs, once);
await source.close();
void isoWeek;
process.stdout.write(`${JSON.stringify({ mode, ...timing, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
