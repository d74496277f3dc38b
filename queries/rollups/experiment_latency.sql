-- The rows of rollup_experiment_latency for one experiment's window (queries/relations/experiment_latency.sql).
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @with experiment_latency
-- @returns experiment_id VARCHAR, variant VARCHAR, day DATE, latency_ms DOUBLE, turns BIGINT
SELECT CAST(:experiment_id AS VARCHAR) AS experiment_id, variant, day, latency_ms, turns FROM experiment_latency
ORDER BY day
