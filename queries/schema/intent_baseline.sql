-- intent_baseline: the intent distribution at training time; shares sum to 1.
CREATE TABLE intent_baseline (
  intent VARCHAR PRIMARY KEY,
  share DOUBLE
);
