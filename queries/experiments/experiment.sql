-- One experiment's configuration from the experiments table.
-- @param experiment_id VARCHAR the experiment
SELECT experiment_id, name, status, started_at, ended_at, variants, primary_metric
FROM experiments
WHERE experiment_id = :experiment_id
