-- The rows of rollup_experiment_intents for one experiment's window (queries/relations/experiment_intents.sql).
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC)
-- @param to_ts TIMESTAMP last session start (exclusive, UTC)
-- @with experiment_sessions
-- @with experiment_intents
-- @returns experiment_id VARCHAR, variant VARCHAR, day DATE, intent VARCHAR, rated BIGINT, thumbs_up BIGINT
SELECT CAST(:experiment_id AS VARCHAR) AS experiment_id, variant, day, intent, rated, thumbs_up FROM experiment_intents
ORDER BY day
