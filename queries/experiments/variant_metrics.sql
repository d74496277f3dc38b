-- Per-variant aggregates of an experiment, pushed down: sessions; sessions converted, resolved and escalated; rated
-- responses and thumbs-up; and for the mean metrics (CSAT, response words, latency, LLM cost per session) the count,
-- sum and sum of squares, so means and variances are computed without rows leaving the engine. Latency and cost per
-- session are capped at their pooled 99th percentile (winsorised) before summing, so a few extreme values cannot
-- dominate a mean; latency P50/P99 are given uncapped. Sessions count from their start within [from_ts, to_ts).
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC)
-- @param to_ts TIMESTAMP last session start (exclusive, UTC)
-- @with model_prices
WITH s AS (
  SELECT session_id, variant, converted, resolved, csat
  FROM sessions
  WHERE experiment_id = :experiment_id AND variant IS NOT NULL
    AND started_at >= CAST(:from_ts AS TIMESTAMP) AND started_at < CAST(:to_ts AS TIMESTAMP)
), r AS (
  SELECT s.variant, r.session_id, r.trace_id, r.escalated, r.handler, r.response_words, r.latency_ms,
         CASE WHEN r.model IS NULL THEN 0.0 ELSE
           (r.input_tokens * p.input_per_1k + r.output_tokens * p.output_per_1k
            + r.cache_read_tokens * p.cache_read_per_1k + r.cache_write_tokens * p.cache_write_per_1k) / 1000.0 END AS cost_usd
  FROM requests r
  JOIN s ON s.session_id = r.session_id
  LEFT JOIN model_prices p ON p.model = r.model AND r.ts >= p.effective_from AND r.ts < p.effective_to
), per_session AS (
  SELECT s.session_id, s.variant, s.converted, s.resolved, s.csat,
         MAX(CASE WHEN r.escalated THEN 1 ELSE 0 END) AS escalated,
         SUM(r.cost_usd) AS cost_usd
  FROM s LEFT JOIN r ON r.session_id = s.session_id
  GROUP BY s.session_id, s.variant, s.converted, s.resolved, s.csat
), caps AS (
  SELECT (SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) FROM r) AS latency_cap,
         (SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY cost_usd) FROM per_session) AS cost_cap
), sess_agg AS (
  SELECT ps.variant,
         COUNT(*) AS sessions,
         SUM(CASE WHEN ps.converted THEN 1 ELSE 0 END) AS conversions,
         SUM(CASE WHEN ps.resolved THEN 1 ELSE 0 END) AS resolutions,
         SUM(ps.escalated) AS escalated_sessions,
         SUM(CASE WHEN ps.csat IS NOT NULL THEN 1 ELSE 0 END) AS csat_n,
         SUM(CAST(ps.csat AS DOUBLE PRECISION)) AS csat_sum,
         SUM(CAST(ps.csat AS DOUBLE PRECISION) * ps.csat) AS csat_sumsq,
         SUM(CASE WHEN ps.cost_usd > c.cost_cap THEN c.cost_cap ELSE ps.cost_usd END) AS cost_sum,
         SUM(CASE WHEN ps.cost_usd > c.cost_cap THEN c.cost_cap * c.cost_cap ELSE ps.cost_usd * ps.cost_usd END) AS cost_sumsq
  FROM per_session ps CROSS JOIN caps c
  GROUP BY ps.variant
), req_agg AS (
  SELECT r.variant,
         SUM(CASE WHEN r.handler = 'llm' THEN 1 ELSE 0 END) AS words_n,
         SUM(CASE WHEN r.handler = 'llm' THEN CAST(r.response_words AS DOUBLE PRECISION) END) AS words_sum,
         SUM(CASE WHEN r.handler = 'llm' THEN CAST(r.response_words AS DOUBLE PRECISION) * r.response_words END) AS words_sumsq,
         COUNT(r.latency_ms) AS latency_n,
         SUM(CASE WHEN r.latency_ms > c.latency_cap THEN c.latency_cap ELSE r.latency_ms END) AS latency_sum,
         SUM(CASE WHEN r.latency_ms > c.latency_cap THEN c.latency_cap * c.latency_cap ELSE r.latency_ms * r.latency_ms END) AS latency_sumsq,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY r.latency_ms) AS latency_p50_ms,
         percentile_cont(0.99) WITHIN GROUP (ORDER BY r.latency_ms) AS latency_p99_ms
  FROM r CROSS JOIN caps c
  GROUP BY r.variant
), fb AS (
  SELECT r.variant, COUNT(*) AS rated, SUM(CASE WHEN f.value = 'thumbs_up' THEN 1 ELSE 0 END) AS thumbs_up
  FROM feedback f JOIN r ON r.trace_id = f.trace_id
  GROUP BY r.variant
)
SELECT sa.variant, sa.sessions, sa.conversions, sa.resolutions, sa.escalated_sessions,
       COALESCE(fb.rated, 0) AS rated, COALESCE(fb.thumbs_up, 0) AS thumbs_up,
       sa.csat_n, sa.csat_sum, sa.csat_sumsq, sa.cost_sum, sa.cost_sumsq,
       ra.words_n, ra.words_sum, ra.words_sumsq, ra.latency_n, ra.latency_sum, ra.latency_sumsq,
       ra.latency_p50_ms, ra.latency_p99_ms, c.latency_cap, c.cost_cap
FROM sess_agg sa
LEFT JOIN req_agg ra ON ra.variant = sa.variant
LEFT JOIN fb ON fb.variant = sa.variant
CROSS JOIN caps c
ORDER BY sa.variant
