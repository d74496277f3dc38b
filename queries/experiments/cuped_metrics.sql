-- CUPED sums per variant and metric of an experiment, pushed down: each session's metric y (as the readout defines it:
-- conversion and resolution 0/1, CSAT where asked, mean response words, mean latency and LLM cost capped at the pooled
-- P99) and its covariate x, the customer's own value in the pre-period [pre_from, from_ts) before the experiment
-- started: their conversion and resolution rates and mean CSAT over their sessions then, and for words, latency and cost
-- their mean output tokens per LLM turn. Per variant and metric: units, units with a covariate, and the sums of y, y^2,
-- x, x^2, x*y and of y over the units without a covariate (src/analysis/cupedAdjust.ts takes them as they are).
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC); the pre-period ends here
-- @param to_ts TIMESTAMP last session start (exclusive, UTC)
-- @param pre_from TIMESTAMP first moment of the pre-period (inclusive, UTC)
-- @with model_prices
-- @with experiment_sessions
-- @with experiment_session_facts
-- @with experiment_caps
-- @returns variant VARCHAR, metric VARCHAR, units BIGINT, with_covariate BIGINT, sum_y DOUBLE, sum_yy DOUBLE
-- @returns sum_x DOUBLE, sum_xx DOUBLE, sum_xy DOUBLE, sum_y_without DOUBLE
WITH pre_s AS (
  SELECT customer_id,
         AVG(CASE WHEN converted THEN 1.0 ELSE 0.0 END) AS conv,
         AVG(CASE WHEN resolved THEN 1.0 ELSE 0.0 END) AS res,
         AVG(CAST(csat AS DOUBLE PRECISION)) AS csat
  FROM sessions
  WHERE started_at >= CAST(:pre_from AS TIMESTAMP) AND started_at < CAST(:from_ts AS TIMESTAMP) AND customer_id IS NOT NULL
  GROUP BY customer_id
), pre_r AS (
  SELECT customer_id, AVG(CAST(output_tokens AS DOUBLE PRECISION)) AS out_tokens
  FROM requests
  WHERE ts >= CAST(:pre_from AS TIMESTAMP) AND ts < CAST(:from_ts AS TIMESTAMP) AND handler = 'llm' AND customer_id IS NOT NULL
  GROUP BY customer_id
), u AS (
  SELECT x.variant,
         CASE WHEN x.converted THEN 1.0 ELSE 0.0 END AS conv_y, ps.conv AS conv_x,
         CASE WHEN x.resolved THEN 1.0 ELSE 0.0 END AS res_y, ps.res AS res_x,
         CAST(x.csat AS DOUBLE PRECISION) AS csat_y, ps.csat AS csat_x,
         x.words AS words_y,
         CASE WHEN x.latency_ms > c.latency_cap THEN c.latency_cap ELSE x.latency_ms END AS latency_y,
         CASE WHEN x.cost_usd > c.cost_cap THEN c.cost_cap ELSE x.cost_usd END AS cost_y,
         pr.out_tokens AS out_x
  FROM experiment_session_facts x
  CROSS JOIN experiment_caps c
  LEFT JOIN pre_s ps ON ps.customer_id = x.customer_id
  LEFT JOIN pre_r pr ON pr.customer_id = x.customer_id
), long AS (
  SELECT variant, 'conversion_rate' AS metric, conv_y AS y, conv_x AS x FROM u
  UNION ALL SELECT variant, 'resolution_rate', res_y, res_x FROM u
  UNION ALL SELECT variant, 'csat', csat_y, csat_x FROM u WHERE csat_y IS NOT NULL
  UNION ALL SELECT variant, 'response_words', words_y, out_x FROM u WHERE words_y IS NOT NULL
  UNION ALL SELECT variant, 'latency_ms', latency_y, out_x FROM u WHERE latency_y IS NOT NULL
  UNION ALL SELECT variant, 'llm_cost_per_session', cost_y, out_x FROM u
)
SELECT variant, metric, COUNT(*) AS units, COUNT(x) AS with_covariate,
       SUM(y) AS sum_y, SUM(y * y) AS sum_yy, COALESCE(SUM(x), 0) AS sum_x, COALESCE(SUM(x * x), 0) AS sum_xx,
       COALESCE(SUM(x * y), 0) AS sum_xy, COALESCE(SUM(CASE WHEN x IS NULL THEN y END), 0) AS sum_y_without
FROM long
GROUP BY variant, metric
ORDER BY variant, metric
