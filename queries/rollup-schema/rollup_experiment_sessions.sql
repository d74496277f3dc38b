-- rollup_experiment_sessions: one row per session of an experiment's window (queries/rollups/experiment_sessions.sql).
CREATE TABLE rollup_experiment_sessions (
  experiment_id VARCHAR,
  session_id VARCHAR,
  customer_id VARCHAR,
  variant VARCHAR,
  started_at TIMESTAMP,
  user_type VARCHAR,
  region VARCHAR,
  converted BOOLEAN,
  resolved BOOLEAN,
  csat INTEGER,
  turns INTEGER,                     -- the session's turns and the tokens counted against its budget (sessions table)
  tokens_used INTEGER,
  escalated INTEGER,                 -- 1 when any turn was escalated
  cost_usd DOUBLE PRECISION,         -- LLM cost of its turns at the prices of the digest
  latency_ms DOUBLE PRECISION,       -- mean over its turns
  words DOUBLE PRECISION,            -- mean response words over its LLM turns
  rated BIGINT,                      -- rated responses
  thumbs_up BIGINT
);
