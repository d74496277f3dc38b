-- The latency distribution of one experiment's turns within [from_ts, to_ts), per variant and day (UTC) of the turn, as
-- distinct values with their turn counts: exact percentiles follow from the cumulative counts
-- (queries/experiments/variant_latency.sql) without sorting every turn; the day lets a rollup refresh replace the
-- newest days alone. Stands in rollup_experiment_latency's place when that is stale.
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @returns variant VARCHAR, day DATE, latency_ms DOUBLE, turns BIGINT
SELECT variant, CAST(date_trunc('day', ts) AS DATE) AS day, latency_ms, COUNT(*) AS turns
FROM requests
WHERE experiment_id = :experiment_id AND variant IS NOT NULL AND latency_ms IS NOT NULL
  AND ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)
GROUP BY variant, CAST(date_trunc('day', ts) AS DATE), latency_ms
