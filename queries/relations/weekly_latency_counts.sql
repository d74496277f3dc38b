-- The latency distribution of [from_ts, to_ts) by week (grp: whole weeks since from_ts, 0 for the first), as distinct
-- values with their turn counts: the `latency_counts` of the KPI trend (queries/overview/kpi_trend.sql), read by
-- relations/latency_percentiles.sql. NULL latencies are left out, as percentile_cont leaves them out.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC): a Monday 00:00
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @returns grp BIGINT, latency_ms DOUBLE, turns BIGINT
SELECT CAST(FLOOR((EXTRACT(EPOCH FROM r.ts) - EXTRACT(EPOCH FROM CAST(:from_ts AS TIMESTAMP))) / 604800) AS BIGINT) AS grp,
       r.latency_ms, COUNT(*) AS turns
FROM requests r
WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP) AND r.latency_ms IS NOT NULL
GROUP BY CAST(FLOOR((EXTRACT(EPOCH FROM r.ts) - EXTRACT(EPOCH FROM CAST(:from_ts AS TIMESTAMP))) / 604800) AS BIGINT), r.latency_ms
