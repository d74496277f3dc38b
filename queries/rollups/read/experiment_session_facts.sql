-- experiment_session_facts read from its rollup: the columns the readout's aggregates use (no ids or segments, so
-- nothing wider than needed is carried through the query).
-- @param experiment_id VARCHAR the experiment
-- @returns variant VARCHAR, converted BOOLEAN, resolved BOOLEAN, csat BIGINT, escalated BIGINT, cost_usd DOUBLE
-- @returns latency_ms DOUBLE, words DOUBLE
SELECT variant, converted, resolved, csat, escalated, cost_usd, latency_ms, words
FROM rollup_experiment_sessions WHERE experiment_id = :experiment_id
