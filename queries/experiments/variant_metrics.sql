-- Per-variant aggregates of an experiment, pushed down, with the session (the unit of randomisation) as the unit of
-- every mean: sessions; sessions converted, resolved and escalated; rated responses and thumbs-up; and for the mean
-- metrics (CSAT, a session's mean response words over its LLM turns, its mean latency, its LLM cost) the count, sum
-- and sum of squares, so means and variances are computed without rows leaving the engine. Latency and cost are
-- capped at the pooled 99th percentile of their session values (winsorised) before summing, so a few extreme
-- sessions cannot dominate a mean (the caps: queries/relations/experiment_caps.sql). Sessions count from their start
-- within [from_ts, to_ts). The per-session facts come from queries/relations/ or, when fresh, from the rollup tables.
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC)
-- @param to_ts TIMESTAMP last session start (exclusive, UTC)
-- @with model_prices
-- @with experiment_sessions
-- @with experiment_session_facts
-- @with experiment_feedback
-- @with experiment_caps
-- @returns variant VARCHAR, sessions BIGINT, conversions BIGINT, resolutions BIGINT, escalated_sessions BIGINT
-- @returns rated BIGINT, thumbs_up BIGINT, csat_n BIGINT, csat_sum DOUBLE, csat_sumsq DOUBLE, cost_sum DOUBLE
-- @returns cost_sumsq DOUBLE, words_n BIGINT, words_sum DOUBLE, words_sumsq DOUBLE, latency_n BIGINT
-- @returns latency_sum DOUBLE, latency_sumsq DOUBLE, latency_cap DOUBLE, cost_cap DOUBLE
WITH fb AS (
  SELECT variant, SUM(rated) AS rated, SUM(thumbs_up) AS thumbs_up FROM experiment_feedback GROUP BY variant
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
  FROM experiment_session_facts ps CROSS JOIN experiment_caps c
  GROUP BY ps.variant
)
SELECT sa.variant, sa.sessions, sa.conversions, sa.resolutions, sa.escalated_sessions,
       COALESCE(fb.rated, 0) AS rated, COALESCE(fb.thumbs_up, 0) AS thumbs_up,
       sa.csat_n, sa.csat_sum, sa.csat_sumsq, sa.cost_sum, sa.cost_sumsq,
       sa.words_n, sa.words_sum, sa.words_sumsq, sa.latency_n, sa.latency_sum, sa.latency_sumsq,
       c.latency_cap, c.cost_cap
FROM sess_agg sa
LEFT JOIN fb ON fb.variant = sa.variant
CROSS JOIN experiment_caps c
ORDER BY sa.variant
