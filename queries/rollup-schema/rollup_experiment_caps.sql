-- rollup_experiment_caps: an experiment's winsorising caps for its window (queries/relations/experiment_caps.sql).
CREATE TABLE rollup_experiment_caps (
  experiment_id VARCHAR,
  latency_cap DOUBLE PRECISION,
  cost_cap DOUBLE PRECISION
);
