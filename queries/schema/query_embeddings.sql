-- query_embeddings: query embeddings from training data and sampled production traffic.
CREATE TABLE query_embeddings (
  trace_id VARCHAR PRIMARY KEY,
  ts TIMESTAMP,
  source VARCHAR,                    -- 'training' | 'production'
  embedding FLOAT[]                  -- in CSV exports: JSON array text
);
