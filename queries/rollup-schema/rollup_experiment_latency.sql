-- rollup_experiment_latency: an experiment's turn latencies per variant as distinct values with counts.
CREATE TABLE rollup_experiment_latency (
  experiment_id VARCHAR,
  variant VARCHAR,
  latency_ms DOUBLE PRECISION,
  turns BIGINT
);
