-- The weekly KPI history behind the deck's sparklines: the Overview's KPIs (requests, sessions, P50/P99 latency, error,
-- escalation and guardrail block rates, thumbs-up rate, LLM cost) for each whole week of [from_ts, to_ts), one row a
-- week that holds any request (week: whole weeks since from_ts, 0 for the first). Computed as the Overview computes
-- them (relations/requests_by_day.sql with prices applied to daily token sums, exact percentiles from latency value
-- counts), so the last row equals the Overview's current week. llm_cost_usd is NULL for a week with an unpriced or
-- untokened LLM turn (never priced at zero).
-- @param from_ts TIMESTAMP first instant (inclusive, UTC): a Monday 00:00
-- @param to_ts TIMESTAMP last instant (exclusive, UTC): a Monday 00:00
-- @with model_prices
-- @with requests_by_day
-- @with latency_counts from weekly_latency_counts
-- @with latency_percentiles
-- @returns week BIGINT, requests BIGINT, sessions BIGINT, latency_p50_ms DOUBLE, latency_p99_ms DOUBLE
-- @returns error_rate DOUBLE, escalation_rate DOUBLE, guardrail_block_rate DOUBLE, thumbs_up_rate DOUBLE
-- @returns llm_cost_usd DOUBLE
WITH days AS (
  SELECT CAST(FLOOR((EXTRACT(EPOCH FROM CAST(d.day AS TIMESTAMP)) - EXTRACT(EPOCH FROM CAST(:from_ts AS TIMESTAMP))) / 604800) AS BIGINT) AS week, d.*
  FROM requests_by_day d
), per_week AS (
  SELECT week, SUM(requests) AS requests,
         CAST(SUM(errors) AS DOUBLE PRECISION) / NULLIF(SUM(error_known), 0) AS error_rate,
         CAST(SUM(escalations) AS DOUBLE PRECISION) / NULLIF(SUM(escalation_known), 0) AS escalation_rate,
         CAST(SUM(blocks) AS DOUBLE PRECISION) / NULLIF(SUM(guardrail_known), 0) AS guardrail_block_rate,
         CASE WHEN SUM(unpriced_llm_requests) + SUM(untokened_llm_requests) = 0 THEN SUM(llm_cost_usd) END AS llm_cost_usd
  FROM days
  GROUP BY week
), sess AS (
  SELECT CAST(FLOOR((EXTRACT(EPOCH FROM s.started_at) - EXTRACT(EPOCH FROM CAST(:from_ts AS TIMESTAMP))) / 604800) AS BIGINT) AS week,
         COUNT(*) AS sessions
  FROM sessions s
  WHERE s.started_at >= CAST(:from_ts AS TIMESTAMP) AND s.started_at < CAST(:to_ts AS TIMESTAMP)
  GROUP BY 1
), fb AS (
  SELECT CAST(FLOOR((EXTRACT(EPOCH FROM f.ts) - EXTRACT(EPOCH FROM CAST(:from_ts AS TIMESTAMP))) / 604800) AS BIGINT) AS week,
         CAST(SUM(CASE WHEN f.value = 'thumbs_up' THEN 1 ELSE 0 END) AS DOUBLE PRECISION) / COUNT(*) AS thumbs_up_rate
  FROM feedback f
  WHERE f.ts >= CAST(:from_ts AS TIMESTAMP) AND f.ts < CAST(:to_ts AS TIMESTAMP)
  GROUP BY 1
)
SELECT p.week, p.requests, s.sessions, l.latency_p50_ms, l.latency_p99_ms, p.error_rate, p.escalation_rate,
       p.guardrail_block_rate, f.thumbs_up_rate, p.llm_cost_usd
FROM per_week p
LEFT JOIN latency_percentiles l ON l.grp = p.week
LEFT JOIN sess s ON s.week = p.week
LEFT JOIN fb f ON f.week = p.week
ORDER BY p.week
