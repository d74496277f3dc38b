// Child process: times the weekly Overview through mangalab (source, query files, Arrow, section) against the same
// aggregates as hand-written DuckDB SQL on the same connection (the floor). Reports medians and peak memory.
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { resolveWeek } from '../src/jobs/weekly/report';
import { overviewPart } from '../src/jobs/overview/weekly';
import { partSections } from '../src/jobs/weekly/part';
import { timeRuns } from './timing';

const [path, mode, runsText] = [process.argv[2]!, process.argv[3] as 'mangalab' | 'raw', process.argv[4] ?? '5'];
const runs = Number(runsText);
const source = await DuckDBSource.open(path);

// The same aggregates, written directly for DuckDB with its idioms and prices inlined from config/prices.json: the
// floor. It uses the same algorithms as the query files (the fastest this machine knows for each question), so the
// ratio measures mangalab's own cost (query files, bound parameters, relations, Arrow, the section), not a plan:
// token sums per day and model priced afterwards, percentiles from latency value counts, peak from counts per second.
const PRICE = (m: string, i: string, o: string, cr: string, cw: string) => `CASE ${m}
    WHEN 'claude-3.5-sonnet' THEN ${i} * 0.003 + ${o} * 0.015 + ${cr} * 0.0003 + ${cw} * 0.00375
    WHEN 'claude-3-haiku' THEN ${i} * 0.00025 + ${o} * 0.00125 + ${cr} * 0.00003 + ${cw} * 0.0003 END / 1000`;
const RAW = [
  `SELECT min(ts), max(ts), count(*) FROM requests`,
  `WITH dm AS (SELECT ts::DATE AS day, model, count(*) AS n, count_if(is_error) AS e, count(is_error) AS ek,
                      count_if(escalated) AS x, count(escalated) AS xk, count_if(NOT guardrail_passed) AS b, count(guardrail_passed) AS bk,
                      sum(input_tokens) AS i, sum(output_tokens) AS o, sum(cache_read_tokens) AS cr, sum(cache_write_tokens) AS cw
               FROM requests WHERE ts >= TIMESTAMP '2026-11-02' AND ts < TIMESTAMP '2026-11-16' GROUP BY ALL),
        d AS (SELECT day, day >= DATE '2026-11-09' AS cur, sum(n) AS n, count_if(model IS NOT NULL) AS llm, sum(e) AS e, sum(ek) AS ek,
                     sum(x) AS x, sum(xk) AS xk, sum(b) AS b, sum(bk) AS bk, sum(${PRICE('model', 'i', 'o', 'cr', 'cw')}) AS cost
              FROM dm GROUP BY ALL),
        p AS (SELECT cur, sum(n) AS requests, sum(e) / sum(ek) AS error_rate, sum(x) / sum(xk) AS escalation_rate,
                     sum(b) / sum(bk) AS guardrail_block_rate, sum(cost) AS llm_cost_usd FROM d GROUP BY cur),
        lc AS (SELECT (ts >= TIMESTAMP '2026-11-09')::INT AS cur, latency_ms, count(*) AS n FROM requests
               WHERE ts >= TIMESTAMP '2026-11-02' AND ts < TIMESTAMP '2026-11-16' AND latency_ms IS NOT NULL GROUP BY ALL),
        lw AS (SELECT cur, latency_ms, sum(n) OVER (PARTITION BY cur ORDER BY latency_ms ROWS UNBOUNDED PRECEDING) AS c,
                      sum(n) OVER (PARTITION BY cur) AS t FROM lc),
        lq AS (SELECT cur::BOOLEAN AS cur, t, min(latency_ms) FILTER (c > floor((t - 1) * 0.5)) AS a, min(latency_ms) FILTER (c > ceil((t - 1) * 0.5)) AS b,
                      min(latency_ms) FILTER (c > floor((t - 1) * 0.99)) AS y, min(latency_ms) FILTER (c > ceil((t - 1) * 0.99)) AS z FROM lw GROUP BY ALL),
        l AS (SELECT cur, a + ((t - 1) * 0.5 - floor((t - 1) * 0.5)) * (b - a) AS latency_p50_ms,
                     y + ((t - 1) * 0.99 - floor((t - 1) * 0.99)) * (z - y) AS latency_p99_ms FROM lq),
        k AS (SELECT s >= epoch(TIMESTAMP '2026-11-09') AS cur, max(n) AS peak_messages_per_second FROM (SELECT epoch_ms(ts) // 1000 AS s, count(*) AS n FROM requests
              WHERE ts >= TIMESTAMP '2026-11-02' AND ts < TIMESTAMP '2026-11-16' GROUP BY ALL) GROUP BY ALL),
        s AS (SELECT started_at >= TIMESTAMP '2026-11-09' AS cur, count(*) AS sessions FROM sessions
              WHERE started_at >= TIMESTAMP '2026-11-02' AND started_at < TIMESTAMP '2026-11-16' GROUP BY 1),
        f AS (SELECT ts >= TIMESTAMP '2026-11-09' AS cur, avg((value = 'thumbs_up')::INT) AS thumbs_up_rate FROM feedback
              WHERE ts >= TIMESTAMP '2026-11-02' AND ts < TIMESTAMP '2026-11-16' GROUP BY 1)
   SELECT * FROM p JOIN l USING (cur) JOIN k USING (cur) JOIN s USING (cur) JOIN f USING (cur)
   UNION ALL BY NAME SELECT day, cur, n AS requests, cost AS llm_cost_usd FROM d`,
];

/** The numbers each side computed, so the run can check that the floor answers the same question. */
const METRICS = [
  'requests',
  'sessions',
  'peak_messages_per_second',
  'latency_p50_ms',
  'latency_p99_ms',
  'error_rate',
  'escalation_rate',
  'guardrail_block_rate',
  'thumbs_up_rate',
  'llm_cost_usd',
];
let values: Record<string, number | null> = {};

async function once(): Promise<void> {
  if (mode === 'raw') {
    let rows: Record<string, unknown>[] = [];
    for (const sql of RAW) rows = (await source.conn.runAndReadAll(sql)).getRowObjects();
    const cur = rows.find((r) => r.cur === true && r.day === null)!;
    values = Object.fromEntries(METRICS.map((m) => [m, cur[m] === null ? null : Number(cur[m])]));
  } else {
    const period = await resolveWeek(source, '2026-W46');
    const section = (await partSections(overviewPart, source, period))[0]!;
    values = Object.fromEntries(METRICS.map((m) => [m, section.findings.find((f) => f.metric === m)?.value ?? null]));
  }
}

await once(); // warm: file pages and the query files
const timing = await timeRuns(runs, once);
await source.close();
process.stdout.write(`${JSON.stringify({ mode, ...timing, values, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
