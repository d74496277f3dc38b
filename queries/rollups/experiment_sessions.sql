-- The rows of rollup_experiment_sessions for one experiment's window: experiment_session_facts with each session's
-- rated responses and thumbs-up. `mangalab rollup refresh` inserts them; the columns follow the table's DDL. In start
-- order, so an incremental refresh replaces rows at the table's end rather than in every block.
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC)
-- @param to_ts TIMESTAMP last session start (exclusive, UTC)
-- @with model_prices
-- @with experiment_sessions
-- @with experiment_session_facts
-- @returns experiment_id VARCHAR, session_id VARCHAR, customer_id VARCHAR, variant VARCHAR, started_at TIMESTAMP
-- @returns user_type VARCHAR, region VARCHAR, converted BOOLEAN, resolved BOOLEAN, csat BIGINT, turns BIGINT
-- @returns tokens_used BIGINT, escalated BIGINT, cost_usd DOUBLE, latency_ms DOUBLE, words DOUBLE, rated BIGINT
-- @returns thumbs_up BIGINT
SELECT CAST(:experiment_id AS VARCHAR) AS experiment_id, x.session_id, x.customer_id, x.variant, x.started_at, x.user_type, x.region,
       x.converted, x.resolved, x.csat, x.turns, x.tokens_used, x.escalated, x.cost_usd, x.latency_ms, x.words,
       COALESCE(f.rated, 0) AS rated, COALESCE(f.thumbs_up, 0) AS thumbs_up
FROM experiment_session_facts x
LEFT JOIN (
  SELECT session_id, COUNT(*) AS rated, SUM(CASE WHEN value = 'thumbs_up' THEN 1 ELSE 0 END) AS thumbs_up
  FROM feedback
  WHERE ts >= CAST(:from_ts AS TIMESTAMP) -- a session's ratings come after its start
  GROUP BY session_id
) f ON f.session_id = x.session_id
ORDER BY x.started_at
