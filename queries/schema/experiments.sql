-- experiments: configured live-traffic experiments.
CREATE TABLE experiments (
  experiment_id VARCHAR PRIMARY KEY,
  name VARCHAR,
  status VARCHAR,                    -- 'running' | 'stopped' | 'completed'
  started_at TIMESTAMP,
  ended_at TIMESTAMP,
  variants VARCHAR,                  -- JSON: [{"name", "weight", "prompt_version"?, "model_version"?}]
  primary_metric VARCHAR
);
