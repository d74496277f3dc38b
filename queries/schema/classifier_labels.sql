-- classifier_labels: the rolling human-labelled sample used for intent accuracy.
CREATE TABLE classifier_labels (
  trace_id VARCHAR PRIMARY KEY,
  ts TIMESTAMP,
  predicted_intent VARCHAR,
  true_intent VARCHAR
);
