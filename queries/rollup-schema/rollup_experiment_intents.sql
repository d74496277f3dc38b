-- rollup_experiment_intents: an experiment's rated responses and thumbs-up per variant and intent of the rated turn.
CREATE TABLE rollup_experiment_intents (
  experiment_id VARCHAR,
  variant VARCHAR,
  day DATE,                          -- UTC day of the session's start
  intent VARCHAR,
  rated BIGINT,
  thumbs_up BIGINT
);
