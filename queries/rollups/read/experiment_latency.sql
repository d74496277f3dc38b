-- experiment_latency read from its rollup.
-- @param experiment_id VARCHAR the experiment
-- @returns variant VARCHAR, latency_ms DOUBLE, turns BIGINT
SELECT variant, latency_ms, turns FROM rollup_experiment_latency WHERE experiment_id = :experiment_id
