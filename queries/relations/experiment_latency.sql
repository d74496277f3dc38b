-- The latency distribution of one experiment's turns within [from_ts, to_ts), per variant, as distinct values with
-- their turn counts: exact percentiles follow from the cumulative counts (queries/experiments/variant_latency.sql)
-- without sorting every turn. Stands in rollup_experiment_latency's place when that is stale.
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @returns variant VARCHAR, latency_ms DOUBLE, turns BIGINT
SELECT variant, latency_ms, COUNT(*) AS turns
FROM requests
WHERE experiment_id = :experiment_id AND variant IS NOT NULL AND latency_ms IS NOT NULL
  AND ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)
GROUP BY variant, latency_ms
