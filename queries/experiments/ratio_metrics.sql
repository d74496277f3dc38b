-- Ratio metrics of an experiment per variant, with the session (the unit of randomisation) as the unit: for each
-- session its numerator N and denominator D, summed with N^2, D^2 and N*D so the delta method needs no rows
-- (src/analysis/deltaMethodRatio.ts). thumbs_up_per_rated: thumbs-up over rated responses, summed over the rated
-- sessions (a session without a rating adds 0 to every sum but counts as a unit). cost_per_resolution: LLM cost
-- (capped at the pooled P99 of a session, as the per-session cost metric is) over resolved sessions. tokens_per_turn:
-- the tokens counted against a session's budget over its turns. None needs a join of sessions to their ratings.
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC)
-- @param to_ts TIMESTAMP last session start (exclusive, UTC)
-- @with model_prices
-- @with experiment_sessions
-- @with experiment_session_facts
-- @with experiment_feedback
-- @with experiment_caps
-- @returns variant VARCHAR, metric VARCHAR, units BIGINT, sum_num DOUBLE, sum_den DOUBLE, sum_num_sq DOUBLE
-- @returns sum_den_sq DOUBLE, sum_num_den DOUBLE
WITH per_session AS (
  SELECT variant, CAST(SUM(thumbs_up) AS DOUBLE PRECISION) AS up, CAST(SUM(rated) AS DOUBLE PRECISION) AS rated
  FROM experiment_feedback
  GROUP BY variant, session_id
), rated AS (
  SELECT variant, SUM(up) AS up, SUM(rated) AS rated, SUM(up * up) AS up_sq, SUM(rated * rated) AS rated_sq,
         SUM(up * rated) AS up_rated
  FROM per_session
  GROUP BY variant
), costs AS (
  SELECT x.variant, COUNT(*) AS units,
         SUM(CASE WHEN x.cost_usd > c.cost_cap THEN c.cost_cap ELSE x.cost_usd END) AS cost,
         SUM(CASE WHEN x.cost_usd > c.cost_cap THEN c.cost_cap * c.cost_cap ELSE x.cost_usd * x.cost_usd END) AS cost_sq,
         SUM(CASE WHEN x.resolved THEN 1.0 ELSE 0.0 END) AS res,
         SUM(CASE WHEN NOT x.resolved THEN 0.0 WHEN x.cost_usd > c.cost_cap THEN c.cost_cap ELSE x.cost_usd END) AS cost_res,
         SUM(CAST(x.tokens_used AS DOUBLE PRECISION)) AS tokens, SUM(CAST(x.turns AS DOUBLE PRECISION)) AS turns,
         SUM(CAST(x.tokens_used AS DOUBLE PRECISION) * x.tokens_used) AS tokens_sq,
         SUM(CAST(x.turns AS DOUBLE PRECISION) * x.turns) AS turns_sq,
         SUM(CAST(x.tokens_used AS DOUBLE PRECISION) * x.turns) AS tokens_turns
  FROM experiment_session_facts x
  CROSS JOIN experiment_caps c
  GROUP BY x.variant
)
SELECT k.variant, m.metric, k.units,
       CASE m.metric WHEN 'thumbs_up_per_rated' THEN COALESCE(r.up, 0) WHEN 'cost_per_resolution' THEN k.cost
            ELSE COALESCE(k.tokens, 0) END AS sum_num,
       CASE m.metric WHEN 'thumbs_up_per_rated' THEN COALESCE(r.rated, 0) WHEN 'cost_per_resolution' THEN k.res
            ELSE COALESCE(k.turns, 0) END AS sum_den,
       CASE m.metric WHEN 'thumbs_up_per_rated' THEN COALESCE(r.up_sq, 0) WHEN 'cost_per_resolution' THEN k.cost_sq
            ELSE COALESCE(k.tokens_sq, 0) END AS sum_num_sq,
       CASE m.metric WHEN 'thumbs_up_per_rated' THEN COALESCE(r.rated_sq, 0) WHEN 'cost_per_resolution' THEN k.res
            ELSE COALESCE(k.turns_sq, 0) END AS sum_den_sq,
       CASE m.metric WHEN 'thumbs_up_per_rated' THEN COALESCE(r.up_rated, 0) WHEN 'cost_per_resolution' THEN k.cost_res
            ELSE COALESCE(k.tokens_turns, 0) END AS sum_num_den
FROM costs k
LEFT JOIN rated r ON r.variant = k.variant
-- each variant's one row of sums read three ways (a UNION ALL would aggregate the sessions once a metric)
CROSS JOIN (
  SELECT 'thumbs_up_per_rated' AS metric UNION ALL SELECT 'cost_per_resolution' UNION ALL SELECT 'tokens_per_turn'
) m
ORDER BY 1, 2
