-- rollup_experiment_latency: an experiment's turn latencies per variant and day as distinct values with counts.
CREATE TABLE rollup_experiment_latency (
  experiment_id VARCHAR,
  variant VARCHAR,
  day DATE,                          -- UTC day of the turns
  latency_ms DOUBLE PRECISION,
  turns BIGINT
);
