-- Weekly overview: volume, peak load, latency, error/escalation/guardrail rates, thumbs-up rate and LLM cost, one row
-- for the period (grain 'period', period 'current') and one for the period before it ('previous'), then one row per
-- UTC day (grain 'day': requests, llm_requests, llm_cost_usd) for the trend charts. Runs unchanged on DuckDB and
-- Redshift. One pass per question, each reduced in the engine before anything else happens:
-- - rates, volume and cost add up the per-day totals of relations/requests_by_day.sql (prices applied to token sums);
-- - P50/P99 latency are exact (equal to percentile_cont) from latency value counts (relations/latency_percentiles.sql);
-- - peak messages/s is the largest count of turns in one whole epoch second.
-- LLM cost counts unpriced_llm_requests (a model with no price in config/prices.json; never priced at zero) and
-- untokened_llm_requests (an LLM turn with a token count missing); either leaves the period's cost uncomputable.
-- @param from_ts TIMESTAMP start of the previous period (inclusive, UTC)
-- @param cur_start DATE first day of the period: the previous period is [from_ts, cur_start), the period [cur_start, to_ts)
-- @param to_ts TIMESTAMP end of the period (exclusive, UTC)
-- @with model_prices
-- @with requests_by_day
-- @with latency_counts from overview_latency_counts
-- @with latency_percentiles
-- @returns grain VARCHAR, period VARCHAR, day DATE, requests BIGINT, sessions BIGINT
-- @returns peak_messages_per_second BIGINT, latency_p50_ms DOUBLE, latency_p99_ms DOUBLE, error_rate DOUBLE
-- @returns escalation_rate DOUBLE, guardrail_block_rate DOUBLE, thumbs_up BIGINT, feedback_events BIGINT
-- @returns thumbs_up_rate DOUBLE, llm_requests BIGINT, llm_cost_usd DOUBLE, unpriced_llm_requests BIGINT
-- @returns untokened_llm_requests BIGINT
WITH days AS (
  SELECT CASE WHEN CAST(d.day AS TIMESTAMP) >= CAST(:cur_start AS TIMESTAMP) THEN 'current' ELSE 'previous' END AS period, d.*
  FROM requests_by_day d
), per_period AS (
  SELECT period, SUM(requests) AS requests,
         CAST(SUM(errors) AS DOUBLE PRECISION) / NULLIF(SUM(error_known), 0) AS error_rate,
         CAST(SUM(escalations) AS DOUBLE PRECISION) / NULLIF(SUM(escalation_known), 0) AS escalation_rate,
         CAST(SUM(blocks) AS DOUBLE PRECISION) / NULLIF(SUM(guardrail_known), 0) AS guardrail_block_rate,
         SUM(llm_requests) AS llm_requests, SUM(llm_cost_usd) AS llm_cost_usd,
         SUM(unpriced_llm_requests) AS unpriced_llm_requests, SUM(untokened_llm_requests) AS untokened_llm_requests
  FROM days
  GROUP BY period
), per_second AS (
  SELECT FLOOR(EXTRACT(EPOCH FROM r.ts)) AS second_start, COUNT(*) AS messages
  FROM requests r
  WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP)
  GROUP BY FLOOR(EXTRACT(EPOCH FROM r.ts))
), peak AS (
  SELECT CASE WHEN second_start >= EXTRACT(EPOCH FROM CAST(:cur_start AS TIMESTAMP)) THEN 'current' ELSE 'previous' END AS period,
         MAX(messages) AS peak_messages_per_second
  FROM per_second
  GROUP BY CASE WHEN second_start >= EXTRACT(EPOCH FROM CAST(:cur_start AS TIMESTAMP)) THEN 'current' ELSE 'previous' END
), sess AS (
  SELECT CASE WHEN s.started_at >= CAST(:cur_start AS TIMESTAMP) THEN 'current' ELSE 'previous' END AS period,
         COUNT(*) AS sessions
  FROM sessions s
  WHERE s.started_at >= CAST(:from_ts AS TIMESTAMP) AND s.started_at < CAST(:to_ts AS TIMESTAMP)
  GROUP BY CASE WHEN s.started_at >= CAST(:cur_start AS TIMESTAMP) THEN 'current' ELSE 'previous' END
), fb AS (
  SELECT CASE WHEN f.ts >= CAST(:cur_start AS TIMESTAMP) THEN 'current' ELSE 'previous' END AS period,
         SUM(CASE WHEN f.value = 'thumbs_up' THEN 1 ELSE 0 END) AS thumbs_up,
         COUNT(*) AS feedback_events
  FROM feedback f
  WHERE f.ts >= CAST(:from_ts AS TIMESTAMP) AND f.ts < CAST(:to_ts AS TIMESTAMP)
  GROUP BY CASE WHEN f.ts >= CAST(:cur_start AS TIMESTAMP) THEN 'current' ELSE 'previous' END
)
SELECT 'period' AS grain, p.period, CAST(NULL AS DATE) AS day, p.requests, s.sessions, k.peak_messages_per_second,
       l.latency_p50_ms, l.latency_p99_ms, p.error_rate, p.escalation_rate, p.guardrail_block_rate,
       f.thumbs_up, f.feedback_events,
       CASE WHEN f.feedback_events > 0 THEN CAST(f.thumbs_up AS DOUBLE PRECISION) / f.feedback_events END AS thumbs_up_rate,
       p.llm_requests, p.llm_cost_usd, p.unpriced_llm_requests, p.untokened_llm_requests
FROM per_period p
LEFT JOIN peak k ON k.period = p.period
LEFT JOIN latency_percentiles l ON l.grp = CASE WHEN p.period = 'current' THEN 1 ELSE 0 END
LEFT JOIN sess s ON s.period = p.period
LEFT JOIN fb f ON f.period = p.period
UNION ALL
SELECT 'day' AS grain, d.period, d.day, d.requests, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       d.llm_requests, d.llm_cost_usd, d.unpriced_llm_requests, d.untokened_llm_requests
FROM days d
ORDER BY grain DESC, period, day
