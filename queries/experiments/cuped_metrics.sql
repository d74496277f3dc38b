-- CUPED sums per variant of an experiment, pushed down in one pass: for each metric, each session's value y (as the
-- readout defines it: conversion and resolution 0/1, CSAT where asked, mean response words, mean latency and LLM cost
-- capped at the pooled P99) and its covariate x, the customer's own value in the pre-period [pre_from, from_ts)
-- before the experiment started: their conversion and resolution rates and mean CSAT over their sessions then, and
-- for words, latency and cost their mean output tokens per LLM turn. Per variant and metric (column prefix conv, res,
-- csat, words, latency, cost): units with a value (_n), those with a covariate too (_with), and the sums of y, y^2, x,
-- x^2, x*y and of y over the units without a covariate (src/analysis/cupedAdjust.ts takes them as they are). One wide
-- row a variant rather than a row a metric: the join is made once.
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC); the pre-period ends here
-- @param to_ts TIMESTAMP last session start (exclusive, UTC)
-- @param pre_from TIMESTAMP first moment of the pre-period (inclusive, UTC)
-- @with model_prices
-- @with experiment_sessions
-- @with experiment_session_facts
-- @with experiment_caps
-- @returns variant VARCHAR, conv_n BIGINT, conv_with BIGINT, conv_y DOUBLE, conv_yy DOUBLE, conv_x DOUBLE
-- @returns conv_xx DOUBLE, conv_xy DOUBLE, conv_y_without DOUBLE, res_n BIGINT, res_with BIGINT, res_y DOUBLE
-- @returns res_yy DOUBLE, res_x DOUBLE, res_xx DOUBLE, res_xy DOUBLE, res_y_without DOUBLE, csat_n BIGINT
-- @returns csat_with BIGINT, csat_y DOUBLE, csat_yy DOUBLE, csat_x DOUBLE, csat_xx DOUBLE, csat_xy DOUBLE
-- @returns csat_y_without DOUBLE, words_n BIGINT, words_with BIGINT, words_y DOUBLE, words_yy DOUBLE
-- @returns words_x DOUBLE, words_xx DOUBLE, words_xy DOUBLE, words_y_without DOUBLE, latency_n BIGINT
-- @returns latency_with BIGINT, latency_y DOUBLE, latency_yy DOUBLE, latency_x DOUBLE, latency_xx DOUBLE
-- @returns latency_xy DOUBLE, latency_y_without DOUBLE, cost_n BIGINT, cost_with BIGINT, cost_y DOUBLE
-- @returns cost_yy DOUBLE, cost_x DOUBLE, cost_xx DOUBLE, cost_xy DOUBLE, cost_y_without DOUBLE
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
), pre AS (
  -- One row a customer, so the sessions are joined to their customer's pre-period once.
  SELECT COALESCE(ps.customer_id, pr.customer_id) AS customer_id, ps.conv, ps.res, ps.csat, pr.out_tokens
  FROM pre_s ps
  FULL OUTER JOIN pre_r pr ON pr.customer_id = ps.customer_id
), u AS (
  -- Each metric's y and x; x is NULL where y is (a unit counts for a metric only with a value).
  SELECT x.variant,
         CASE WHEN x.converted THEN 1.0 ELSE 0.0 END AS conv_y, p.conv AS conv_x,
         CASE WHEN x.resolved THEN 1.0 ELSE 0.0 END AS res_y, p.res AS res_x,
         CAST(x.csat AS DOUBLE PRECISION) AS csat_y, CASE WHEN x.csat IS NOT NULL THEN p.csat END AS csat_x,
         x.words AS words_y, CASE WHEN x.words IS NOT NULL THEN p.out_tokens END AS words_x,
         CASE WHEN x.latency_ms > c.latency_cap THEN c.latency_cap ELSE x.latency_ms END AS latency_y,
         CASE WHEN x.latency_ms IS NOT NULL THEN p.out_tokens END AS latency_x,
         CASE WHEN x.cost_usd > c.cost_cap THEN c.cost_cap ELSE x.cost_usd END AS cost_y, p.out_tokens AS cost_x
  FROM experiment_session_facts x
  CROSS JOIN experiment_caps c
  LEFT JOIN pre p ON p.customer_id = x.customer_id
)
SELECT variant,
       COUNT(conv_y) AS conv_n, COUNT(conv_x) AS conv_with, COALESCE(SUM(conv_y), 0) AS conv_y,
       COALESCE(SUM(conv_y * conv_y), 0) AS conv_yy, COALESCE(SUM(conv_x), 0) AS conv_x, COALESCE(SUM(conv_x * conv_x), 0) AS conv_xx,
       COALESCE(SUM(conv_x * conv_y), 0) AS conv_xy, COALESCE(SUM(CASE WHEN conv_x IS NULL THEN conv_y END), 0) AS conv_y_without,
       COUNT(res_y) AS res_n, COUNT(res_x) AS res_with, COALESCE(SUM(res_y), 0) AS res_y,
       COALESCE(SUM(res_y * res_y), 0) AS res_yy, COALESCE(SUM(res_x), 0) AS res_x, COALESCE(SUM(res_x * res_x), 0) AS res_xx,
       COALESCE(SUM(res_x * res_y), 0) AS res_xy, COALESCE(SUM(CASE WHEN res_x IS NULL THEN res_y END), 0) AS res_y_without,
       COUNT(csat_y) AS csat_n, COUNT(csat_x) AS csat_with, COALESCE(SUM(csat_y), 0) AS csat_y,
       COALESCE(SUM(csat_y * csat_y), 0) AS csat_yy, COALESCE(SUM(csat_x), 0) AS csat_x, COALESCE(SUM(csat_x * csat_x), 0) AS csat_xx,
       COALESCE(SUM(csat_x * csat_y), 0) AS csat_xy, COALESCE(SUM(CASE WHEN csat_x IS NULL THEN csat_y END), 0) AS csat_y_without,
       COUNT(words_y) AS words_n, COUNT(words_x) AS words_with, COALESCE(SUM(words_y), 0) AS words_y,
       COALESCE(SUM(words_y * words_y), 0) AS words_yy, COALESCE(SUM(words_x), 0) AS words_x, COALESCE(SUM(words_x * words_x), 0) AS words_xx,
       COALESCE(SUM(words_x * words_y), 0) AS words_xy, COALESCE(SUM(CASE WHEN words_x IS NULL THEN words_y END), 0) AS words_y_without,
       COUNT(latency_y) AS latency_n, COUNT(latency_x) AS latency_with, COALESCE(SUM(latency_y), 0) AS latency_y,
       COALESCE(SUM(latency_y * latency_y), 0) AS latency_yy, COALESCE(SUM(latency_x), 0) AS latency_x, COALESCE(SUM(latency_x * latency_x), 0) AS latency_xx,
       COALESCE(SUM(latency_x * latency_y), 0) AS latency_xy, COALESCE(SUM(CASE WHEN latency_x IS NULL THEN latency_y END), 0) AS latency_y_without,
       COUNT(cost_y) AS cost_n, COUNT(cost_x) AS cost_with, COALESCE(SUM(cost_y), 0) AS cost_y,
       COALESCE(SUM(cost_y * cost_y), 0) AS cost_yy, COALESCE(SUM(cost_x), 0) AS cost_x, COALESCE(SUM(cost_x * cost_x), 0) AS cost_xx,
       COALESCE(SUM(cost_x * cost_y), 0) AS cost_xy, COALESCE(SUM(CASE WHEN cost_x IS NULL THEN cost_y END), 0) AS cost_y_without
FROM u
GROUP BY variant
ORDER BY variant
