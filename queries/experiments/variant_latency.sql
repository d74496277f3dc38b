-- Latency P50 and P99 per variant of an experiment, over the turns of its sessions within [from_ts, to_ts)
-- (requests carry the experiment and variant, so no join is needed). Descriptive: percentiles get no posterior.
-- Exact and equal to percentile_cont, from the distinct values and their counts (relations/latency_percentiles.sql).
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @with experiment_latency
-- @with latency_counts from experiment_latency_counts
-- @with latency_percentiles
-- @returns variant VARCHAR, turns BIGINT, latency_p50_ms DOUBLE, latency_p99_ms DOUBLE
SELECT grp AS variant, turns, latency_p50_ms, latency_p99_ms
FROM latency_percentiles
ORDER BY variant
