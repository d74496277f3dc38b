-- experiment_session_facts read from its rollup: the columns the readout's aggregates use (the ids for the CUPED
-- and ratio joins; no segments, so nothing wider than needed is carried through the query).
-- @param experiment_id VARCHAR the experiment
-- @returns session_id VARCHAR, customer_id VARCHAR, variant VARCHAR, converted BOOLEAN, resolved BOOLEAN, csat BIGINT
-- @returns turns BIGINT, tokens_used BIGINT, escalated BIGINT, cost_usd DOUBLE, latency_ms DOUBLE, words DOUBLE
SELECT session_id, customer_id, variant, converted, resolved, csat, turns, tokens_used, escalated, cost_usd, latency_ms, words
FROM rollup_experiment_sessions WHERE experiment_id = :experiment_id
