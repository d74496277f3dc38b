-- The local results store (data/results.duckdb by default): one row per evaluation run and one per scored entry.
-- Created by mangalab on first use; never part of the warehouse.
CREATE TABLE IF NOT EXISTS eval_runs (
  run_id VARCHAR PRIMARY KEY,
  name VARCHAR,                      -- optional label a baseline can be named by (e.g. prod-2026-11)
  created_at TIMESTAMP,              -- UTC
  dataset_file VARCHAR,
  dataset_version VARCHAR,
  dataset_sha256 VARCHAR,
  intent VARCHAR,                    -- the --intent subset, NULL for the whole set
  responder VARCHAR,                 -- 'file' | 'bedrock'
  prompt_version VARCHAR,
  model_version VARCHAR,
  config_version VARCHAR,
  entries INTEGER,                   -- golden entries evaluated
  complete BOOLEAN,                  -- false: predictions were missing, nothing scored
  passed BOOLEAN,                    -- every blocking gate passed
  metrics VARCHAR,                   -- JSON: metric -> {value, reason?}
  gates VARCHAR                      -- JSON: the gate results
);
CREATE TABLE IF NOT EXISTS eval_entries (
  run_id VARCHAR,
  query_id VARCHAR,
  expected_intent VARCHAR,
  category VARCHAR,
  predicted_intent VARCHAR,
  intent_correct BOOLEAN,
  rouge_l DOUBLE,
  bertscore_f1 DOUBLE,               -- NULL when BERTScore was not computed
  guardrail_passed BOOLEAN,
  response_chars INTEGER,
  format_violations VARCHAR,         -- JSON list
  prohibited_found VARCHAR,          -- JSON list
  required_missing VARCHAR,          -- JSON list
  required_total INTEGER,
  passed BOOLEAN,
  PRIMARY KEY (run_id, query_id)
);
CREATE TABLE IF NOT EXISTS chunk_runs (
  grid_id VARCHAR,                   -- one `mangalab experiment chunks` run
  config VARCHAR,                    -- the configuration's name
  started_at TIMESTAMP,              -- UTC
  finished_at TIMESTAMP,
  retriever VARCHAR,                 -- 'bm25' | 'titan' | 'hybrid'
  corpus_sha256 VARCHAR,             -- over the documents file
  queries_sha256 VARCHAR,
  params VARCHAR,                    -- JSON: size, overlap, mode, metadata, k
  metrics VARCHAR,                   -- JSON: recall_at_k, mrr_at_k, ndcg_at_k, chunks, dead, noisy, seconds
  passed BOOLEAN,                    -- Recall@k and MRR@k gates
  winner BOOLEAN,
  PRIMARY KEY (grid_id, config)
);
CREATE TABLE IF NOT EXISTS judge_records (
  record_id VARCHAR PRIMARY KEY,     -- one `mangalab judge check`
  judge VARCHAR,                     -- 'rules' | 'error-categorizer'
  model_id VARCHAR,                  -- the judge's model ('rules' for the rule set)
  prompt_version VARCHAR,            -- the judge's prompt (or rule-set) version
  measured_at TIMESTAMP,             -- UTC
  trusted BOOLEAN,                   -- agreement with humans reached the floor
  record VARCHAR                     -- JSON: the whole record (sample, reliability, self-preference, cost)
);
CREATE TABLE IF NOT EXISTS registry_versions (
  kind VARCHAR,                      -- 'classifier' | 'reranker' | 'embedding' | 'prompt' | 'model'
  name VARCHAR,                      -- the artefact (a prompt: its intent; a Bedrock model: its model name)
  version VARCHAR,                   -- unique per kind and name
  framework VARCHAR,                 -- e.g. 'pytorch-distilbert', 'jinja2', 'bedrock'
  hosting VARCHAR,                   -- 'sagemaker:<endpoint>/<variant>', 'bedrock:<model id or profile>', 'appconfig'
  created_on VARCHAR,                -- training or authoring date, YYYY-MM-DD
  dataset_sha256 VARCHAR,            -- the training set's or golden set's hash; NULL when none applies
  source VARCHAR,                    -- the file, model card or artefact URI the entry was read from
  content_sha256 VARCHAR,            -- over the metadata above and the artefact's bytes: what "the same version" means
  metadata VARCHAR,                  -- JSON: every other field (author, description, params, headline metrics)
  eval_run_ids VARCHAR,              -- JSON list: evaluation runs linked at registration (more are matched by version)
  stage VARCHAR,                     -- 'none' | 'staging' | 'production' | 'archived'
  registered_at TIMESTAMP,           -- UTC
  registered_by VARCHAR,
  PRIMARY KEY (kind, name, version)
);
CREATE TABLE IF NOT EXISTS registry_stages (
  kind VARCHAR,
  name VARCHAR,
  version VARCHAR,
  changed_at TIMESTAMP,              -- UTC
  from_stage VARCHAR,
  to_stage VARCHAR,
  who VARCHAR,
  why VARCHAR,
  eval_run_id VARCHAR,               -- the run that approved the change, NULL when none did
  override VARCHAR,                  -- the reason given to promote without one
  audit_seq INTEGER                  -- the audit record of the change
);
CREATE TABLE IF NOT EXISTS mlflow_links (
  local_kind VARCHAR,                -- 'eval' | 'chunks' | 'experiment' | 'registry'
  local_id VARCHAR,                  -- the run id, grid id, experiment readout or kind/name/version
  tracking_uri VARCHAR,
  mlflow_id VARCHAR,                 -- the MLflow run id (or registered model version)
  logged_at TIMESTAMP,
  PRIMARY KEY (local_kind, local_id, tracking_uri)
);
