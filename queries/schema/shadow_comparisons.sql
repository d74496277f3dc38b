-- shadow_comparisons: production and candidate versions answering the same request.
CREATE TABLE shadow_comparisons (
  trace_id VARCHAR PRIMARY KEY,
  ts TIMESTAMP,
  intent VARCHAR,
  prod_version VARCHAR,
  candidate_version VARCHAR,
  prod_intent VARCHAR,
  candidate_intent VARCHAR,
  prod_words INTEGER,
  candidate_words INTEGER,
  bertscore_f1 DOUBLE,
  prod_guardrail_passed BOOLEAN,
  candidate_guardrail_passed BOOLEAN,
  prod_hallucination_score DOUBLE,
  candidate_hallucination_score DOUBLE
);
