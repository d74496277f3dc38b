-- experiment_caps read from its rollup.
-- @param experiment_id VARCHAR the experiment
-- @returns latency_cap DOUBLE, cost_cap DOUBLE
SELECT latency_cap, cost_cap FROM rollup_experiment_caps WHERE experiment_id = :experiment_id
