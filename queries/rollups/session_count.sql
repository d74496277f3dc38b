-- How many sessions an experiment's rollup holds (recorded in rollup_state).
-- @param experiment_id VARCHAR the experiment
-- @returns sessions BIGINT
SELECT COUNT(*) AS sessions FROM rollup_experiment_sessions WHERE experiment_id = :experiment_id
