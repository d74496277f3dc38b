-- experiment_latency read from its rollup.
-- @param experiment_id VARCHAR the experiment
SELECT variant, latency_ms, turns FROM rollup_experiment_latency WHERE experiment_id = :experiment_id
