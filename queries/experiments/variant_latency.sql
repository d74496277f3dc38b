-- Latency P50 and P99 per variant of an experiment, over the turns of its sessions within [from_ts, to_ts)
-- (requests carry the experiment and variant, so no join is needed). Descriptive: percentiles get no posterior.
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
SELECT variant,
       COUNT(latency_ms) AS turns,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS latency_p50_ms,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS latency_p99_ms
FROM requests
WHERE experiment_id = :experiment_id AND variant IS NOT NULL
  AND ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)
GROUP BY variant
ORDER BY variant
