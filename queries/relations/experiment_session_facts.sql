-- experiment_sessions with what each session's turns add: escalated (any turn), LLM cost (each turn priced at the
-- model_prices row in force at its timestamp), mean latency over its turns and mean response words over its LLM
-- turns. Requests carry the experiment id, so turns are summarised per session before the join. Queries name it after
-- -- @with model_prices and -- @with experiment_sessions and declare their parameters. The columns are those of
-- rollup_experiment_sessions (queries/rollup-schema/) but for the feedback counts; the rollup stands in when fresh.
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC); turns count from here
-- @returns session_id VARCHAR, customer_id VARCHAR, variant VARCHAR, started_at TIMESTAMP, user_type VARCHAR
-- @returns region VARCHAR, converted BOOLEAN, resolved BOOLEAN, csat BIGINT, turns BIGINT, tokens_used BIGINT
-- @returns escalated BIGINT, cost_usd DOUBLE, latency_ms DOUBLE, words DOUBLE
SELECT s.session_id, s.customer_id, s.variant, s.started_at, s.user_type, s.region, s.converted, s.resolved, s.csat,
       s.turns, s.tokens_used,
       COALESCE(t.escalated, 0) AS escalated, COALESCE(t.cost_usd, 0.0) AS cost_usd, t.latency_ms, t.words
FROM experiment_sessions s
LEFT JOIN (
  SELECT r.session_id,
         MAX(CASE WHEN r.escalated THEN 1 ELSE 0 END) AS escalated,
         SUM(CASE WHEN r.model IS NULL THEN 0.0 ELSE
           (r.input_tokens * p.input_per_1k + r.output_tokens * p.output_per_1k
            + r.cache_read_tokens * p.cache_read_per_1k + r.cache_write_tokens * p.cache_write_per_1k) / 1000.0 END) AS cost_usd,
         AVG(r.latency_ms) AS latency_ms,
         AVG(CASE WHEN r.handler = 'llm' THEN CAST(r.response_words AS DOUBLE PRECISION) END) AS words
  FROM requests r
  LEFT JOIN model_prices p ON p.model = r.model AND r.ts >= p.effective_from AND r.ts < p.effective_to
  WHERE r.experiment_id = :experiment_id AND r.ts >= CAST(:from_ts AS TIMESTAMP)
  GROUP BY r.session_id
) t ON t.session_id = s.session_id
