-- experiment_feedback read from its rollup: one row a rated session with its sums.
-- @param experiment_id VARCHAR the experiment
-- @returns session_id VARCHAR, variant VARCHAR, started_at TIMESTAMP, rated BIGINT, thumbs_up BIGINT
SELECT session_id, variant, started_at, rated, thumbs_up
FROM rollup_experiment_sessions WHERE experiment_id = :experiment_id AND rated > 0
