-- requests: one row per assistant turn (the grain of almost every analysis).
-- Types are DuckDB's; docs/warehouse.md maps them to Redshift.
CREATE TABLE requests (
  trace_id VARCHAR PRIMARY KEY,      -- one turn
  session_id VARCHAR,
  customer_id VARCHAR,
  ts TIMESTAMP,                      -- UTC, when the turn started
  intent VARCHAR,                    -- classifier output
  intent_confidence DOUBLE,
  handler VARCHAR,                   -- 'llm' | 'template' | 'api_template' | 'cached'
  model VARCHAR,                     -- price-table key; NULL when no LLM call
  model_version VARCHAR,
  prompt_version VARCHAR,
  deployment_variant VARCHAR,        -- 'baseline' | 'canary'
  experiment_id VARCHAR,
  variant VARCHAR,
  user_type VARCHAR,                 -- 'prime' | 'guest'
  region VARCHAR,
  input_tokens INTEGER,              -- uncached input tokens, billed at the input price
  output_tokens INTEGER,
  cache_read_tokens INTEGER,
  cache_write_tokens INTEGER,
  inference_type VARCHAR,            -- 'provisioned' | 'on_demand'; NULL when no LLM call
  ttft_ms DOUBLE,
  latency_ms DOUBLE,
  stop_reason VARCHAR,
  guardrail_passed BOOLEAN,
  guardrail_stage VARCHAR,           -- the blocking stage, NULL when passed
  hallucination_flag BOOLEAN,
  escalated BOOLEAN,
  is_error BOOLEAN,
  response_words INTEGER,
  budget_strategy VARCHAR,           -- 'full' | 'reduced' | 'minimal'
  retrieved_chunk_ids VARCHAR,       -- JSON array text
  user_message VARCHAR,              -- raw user text: PII and markup possible, treat as data
  response_text VARCHAR
);
