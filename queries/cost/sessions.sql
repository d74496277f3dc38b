-- Cost and token budget per session, by user type and region and overall: sessions with a turn in the period, their
-- LLM cost (from priced_requests, as in cost/attribution), their input + output tokens (what the session budget counts), the
-- sessions whose budget ran out (a turn degraded to 'minimal'), the sessions that degraded at all ('reduced' or
-- 'minimal'), and the sessions whose own token count reached the cap. A session's turns outside the period are not
-- counted. Sessions with a rejected or unpriced LLM turn are counted in sessions_not_costed and left out of
-- costed_sessions and cost_usd, so a mean cost per session is never lowered by an unpriced turn.
-- breakdown is one of: total, user_type, region.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @param token_cap INTEGER the session token budget (input + output tokens)
-- @with model_prices
-- @with priced_requests
-- @returns breakdown VARCHAR, user_type VARCHAR, region VARCHAR, sessions BIGINT, costed_sessions BIGINT
-- @returns sessions_not_costed BIGINT, cost_usd DOUBLE, tokens BIGINT, capped_sessions BIGINT
-- @returns degraded_sessions BIGINT, sessions_at_cap_tokens BIGINT
WITH per_session AS (
  SELECT r.session_id,
         MIN(r.user_type) AS user_type,
         MIN(r.region) AS region,
         SUM(CASE WHEN r.model IS NOT NULL THEN COALESCE(r.input_tokens, 0) + COALESCE(r.output_tokens, 0) ELSE 0 END) AS tokens,
         SUM(r.cost_usd) AS cost_usd,
         MAX(CASE WHEN r.model IS NOT NULL AND (r.llm = 0 OR r.unpriced = 1) THEN 1 ELSE 0 END) AS not_costed,
         MAX(CASE WHEN r.budget_strategy = 'minimal' THEN 1 ELSE 0 END) AS capped,
         MAX(CASE WHEN r.budget_strategy IN ('reduced', 'minimal') THEN 1 ELSE 0 END) AS degraded
  FROM priced_requests r
  WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP)
  GROUP BY r.session_id
)
SELECT CASE WHEN GROUPING(user_type) = 0 THEN 'user_type' WHEN GROUPING(region) = 0 THEN 'region' ELSE 'total' END AS breakdown,
       user_type, region,
       COUNT(*) AS sessions,
       SUM(1 - not_costed) AS costed_sessions,
       SUM(not_costed) AS sessions_not_costed,
       SUM(CASE WHEN not_costed = 0 THEN cost_usd ELSE 0 END) AS cost_usd,
       SUM(tokens) AS tokens,
       SUM(capped) AS capped_sessions,
       SUM(degraded) AS degraded_sessions,
       SUM(CASE WHEN tokens >= CAST(:token_cap AS INTEGER) THEN 1 ELSE 0 END) AS sessions_at_cap_tokens
FROM per_session
GROUP BY GROUPING SETS ((user_type), (region), ())
ORDER BY breakdown, user_type, region
