-- Per-variant aggregates of an experiment, pushed down, with the session (the unit of randomisation) as the unit of
-- every mean: sessions; sessions converted, resolved and escalated; rated responses and thumbs-up; and for the mean
-- metrics (CSAT, a session's mean response words over its LLM turns, its mean latency, its LLM cost) the count, sum
-- and sum of squares, so means and variances are computed without rows leaving the engine. Latency and cost are
-- capped at the pooled 99th percentile of their session values (winsorised) before summing, so a few extreme
-- sessions cannot dominate a mean. Sessions count from their start within [from_ts, to_ts).
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC)
-- @param to_ts TIMESTAMP last session start (exclusive, UTC)
-- @with model_prices
WITH s AS (
  SELECT session_id, variant, converted, resolved, csat
  FROM sessions
  WHERE experiment_id = :experiment_id AND variant IS NOT NULL
    AND started_at >= CAST(:from_ts AS TIMESTAMP) AND started_at < CAST(:to_ts AS TIMESTAMP)
), per_session_turns AS (
  -- requests carry the experiment id, so turns are summarised per session before any join
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
), per_session AS (
  SELECT s.session_id, s.variant, s.converted, s.resolved, s.csat,
         COALESCE(t.escalated, 0) AS escalated, COALESCE(t.cost_usd, 0.0) AS cost_usd, t.latency_ms, t.words
  FROM s LEFT JOIN per_session_turns t ON t.session_id = s.session_id
), caps AS (
  SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS latency_cap,
         percentile_cont(0.99) WITHIN GROUP (ORDER BY cost_usd) AS cost_cap
  FROM per_session
), sess_agg AS (
  SELECT ps.variant,
         COUNT(*) AS sessions,
         SUM(CASE WHEN ps.converted THEN 1 ELSE 0 END) AS conversions,
         SUM(CASE WHEN ps.resolved THEN 1 ELSE 0 END) AS resolutions,
         SUM(ps.escalated) AS escalated_sessions,
         COUNT(ps.csat) AS csat_n,
         SUM(CAST(ps.csat AS DOUBLE PRECISION)) AS csat_sum,
         SUM(CAST(ps.csat AS DOUBLE PRECISION) * ps.csat) AS csat_sumsq,
         SUM(CASE WHEN ps.cost_usd > c.cost_cap THEN c.cost_cap ELSE ps.cost_usd END) AS cost_sum,
         SUM(CASE WHEN ps.cost_usd > c.cost_cap THEN c.cost_cap * c.cost_cap ELSE ps.cost_usd * ps.cost_usd END) AS cost_sumsq,
         COUNT(ps.words) AS words_n,
         SUM(ps.words) AS words_sum,
         SUM(ps.words * ps.words) AS words_sumsq,
         COUNT(ps.latency_ms) AS latency_n,
         SUM(CASE WHEN ps.latency_ms > c.latency_cap THEN c.latency_cap ELSE ps.latency_ms END) AS latency_sum,
         SUM(CASE WHEN ps.latency_ms > c.latency_cap THEN c.latency_cap * c.latency_cap ELSE ps.latency_ms * ps.latency_ms END) AS latency_sumsq
  FROM per_session ps CROSS JOIN caps c
  GROUP BY ps.variant
), fb AS (
  -- feedback carries its session id: no pass over requests
  SELECT s.variant, COUNT(*) AS rated, SUM(CASE WHEN f.value = 'thumbs_up' THEN 1 ELSE 0 END) AS thumbs_up
  FROM feedback f JOIN s ON s.session_id = f.session_id
  GROUP BY s.variant
)
SELECT sa.variant, sa.sessions, sa.conversions, sa.resolutions, sa.escalated_sessions,
       COALESCE(fb.rated, 0) AS rated, COALESCE(fb.thumbs_up, 0) AS thumbs_up,
       sa.csat_n, sa.csat_sum, sa.csat_sumsq, sa.cost_sum, sa.cost_sumsq,
       sa.words_n, sa.words_sum, sa.words_sumsq, sa.latency_n, sa.latency_sum, sa.latency_sumsq,
       c.latency_cap, c.cost_cap
FROM sess_agg sa
LEFT JOIN fb ON fb.variant = sa.variant
CROSS JOIN caps c
ORDER BY sa.variant
