-- human_annotations: weekly human evaluation scores, one row per sample and annotator.
CREATE TABLE human_annotations (
  sample_id VARCHAR,
  trace_id VARCHAR,
  annotator_id VARCHAR,
  week DATE,                         -- Monday of the ISO week
  factual_correctness INTEGER,       -- 1-5
  helpfulness INTEGER,               -- 1-5
  tone_appropriateness INTEGER,      -- 1-5
  format_quality INTEGER,            -- 1-5
  purchase_likelihood BOOLEAN,
  failure_category VARCHAR
);
