-- The latency distribution of [from_ts, to_ts) split at cur_start (grp 0 before it, 1 from it: the window over the
-- value counts partitions faster on integers than on period names), as distinct values with their turn counts: the
-- `latency_counts` the Overview reads its percentiles from (relations/latency_percentiles.sql). NULL latencies are
-- left out, as percentile_cont leaves them out.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param cur_start DATE first day of the current period
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @returns grp BIGINT, latency_ms DOUBLE, turns BIGINT
SELECT CASE WHEN r.ts >= CAST(:cur_start AS TIMESTAMP) THEN 1 ELSE 0 END AS grp,
       r.latency_ms, COUNT(*) AS turns
FROM requests r
WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP) AND r.latency_ms IS NOT NULL
GROUP BY CASE WHEN r.ts >= CAST(:cur_start AS TIMESTAMP) THEN 1 ELSE 0 END, r.latency_ms
