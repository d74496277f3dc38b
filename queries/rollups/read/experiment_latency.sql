-- experiment_latency read from its rollup.
-- @param experiment_id VARCHAR the experiment
-- @returns variant VARCHAR, day DATE, latency_ms DOUBLE, turns BIGINT
SELECT variant, day, latency_ms, turns FROM rollup_experiment_latency WHERE experiment_id = :experiment_id
