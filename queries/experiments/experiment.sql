-- One experiment's configuration from the experiments table.
-- @param experiment_id VARCHAR the experiment
-- @returns experiment_id VARCHAR, name VARCHAR, status VARCHAR, started_at TIMESTAMP, ended_at TIMESTAMP
-- @returns variants VARCHAR, primary_metric VARCHAR
SELECT experiment_id, name, status, started_at, ended_at, variants, primary_metric
FROM experiments
WHERE experiment_id = :experiment_id
