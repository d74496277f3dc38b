-- The row of rollup_experiment_caps for one experiment's window (queries/relations/experiment_caps.sql).
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC)
-- @param to_ts TIMESTAMP last session start (exclusive, UTC)
-- @with model_prices
-- @with experiment_sessions
-- @with experiment_session_facts
-- @with experiment_caps
-- @returns experiment_id VARCHAR, latency_cap DOUBLE, cost_cap DOUBLE
SELECT CAST(:experiment_id AS VARCHAR) AS experiment_id, latency_cap, cost_cap FROM experiment_caps
