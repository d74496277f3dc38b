-- sessions: one row per conversation.
CREATE TABLE sessions (
  session_id VARCHAR PRIMARY KEY,
  customer_id VARCHAR,
  started_at TIMESTAMP,              -- UTC
  user_type VARCHAR,
  region VARCHAR,
  experiment_id VARCHAR,
  variant VARCHAR,
  turns INTEGER,
  tokens_used INTEGER,               -- input + output tokens counted against the session budget
  budget_capped BOOLEAN,
  converted BOOLEAN,
  resolved BOOLEAN,
  csat INTEGER                       -- 1-5, NULL when not asked
);
