-- experiment_sessions read from its rollup (the experiment's window is the rollup's own, checked in rollup_state).
-- @param experiment_id VARCHAR the experiment
-- @returns session_id VARCHAR, customer_id VARCHAR, variant VARCHAR, started_at TIMESTAMP, user_type VARCHAR, region VARCHAR
-- @returns converted BOOLEAN, resolved BOOLEAN, csat BIGINT, turns BIGINT, tokens_used BIGINT
SELECT session_id, customer_id, variant, started_at, user_type, region, converted, resolved, csat, turns, tokens_used
FROM rollup_experiment_sessions WHERE experiment_id = :experiment_id
