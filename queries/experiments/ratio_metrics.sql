-- Ratio metrics of an experiment per variant, with the session (the unit of randomisation) as the unit: for each
-- session its numerator N and denominator D, summed with N^2, D^2 and N*D so the delta method needs no rows
-- (src/analysis/deltaMethodRatio.ts). thumbs_up_per_rated: thumbs-up over rated responses. cost_per_resolution: LLM cost
-- (capped at the pooled P99 of a session, as the per-session cost metric is) over resolved sessions.
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
WITH fb AS (
  SELECT session_id, SUM(rated) AS rated, SUM(thumbs_up) AS thumbs_up FROM experiment_feedback GROUP BY session_id
), u AS (
  SELECT x.variant,
         CAST(COALESCE(fb.thumbs_up, 0) AS DOUBLE PRECISION) AS up, CAST(COALESCE(fb.rated, 0) AS DOUBLE PRECISION) AS rated,
         CASE WHEN x.cost_usd > c.cost_cap THEN c.cost_cap ELSE x.cost_usd END AS cost,
         CASE WHEN x.resolved THEN 1.0 ELSE 0.0 END AS res
  FROM experiment_session_facts x
  CROSS JOIN experiment_caps c
  LEFT JOIN fb ON fb.session_id = x.session_id
), long AS (
  SELECT variant, 'thumbs_up_per_rated' AS metric, up AS num, rated AS den FROM u
  UNION ALL SELECT variant, 'cost_per_resolution', cost, res FROM u
)
SELECT variant, metric, COUNT(*) AS units, SUM(num) AS sum_num, SUM(den) AS sum_den, SUM(num * num) AS sum_num_sq,
       SUM(den * den) AS sum_den_sq, SUM(num * den) AS sum_num_den
FROM long
GROUP BY variant, metric
ORDER BY variant, metric
