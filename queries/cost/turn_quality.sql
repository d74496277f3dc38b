-- Quality and cost of turns by how they were served, for the LLM-bypass and token-budget analyses: by intent and
-- route (llm: answered by the model; bypass: a template, the order API or the response cache), by route alone, and
-- by budget strategy (full, reduced, minimal). Feedback is joined on trace_id (a turn's thumbs, summed first so a
-- turn with several events is not counted twice). LLM cost comes from priced_requests, as in cost/attribution; LLM
-- rows with rejected or unpriced token counts add nothing to llm_cost_usd and are counted in unpriced_or_rejected.
-- breakdown is one of: intent_route, route, strategy.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @with model_prices
-- @with priced_requests
-- @returns breakdown VARCHAR, intent VARCHAR, route VARCHAR, strategy VARCHAR, turns BIGINT
-- @returns budget_bypass_turns BIGINT, llm_calls BIGINT, escalations BIGINT, thumbs_up BIGINT, thumbs_down BIGINT
-- @returns llm_cost_usd DOUBLE, priced_llm_calls BIGINT, unpriced_or_rejected BIGINT
WITH fb AS (
  SELECT f.trace_id,
         SUM(CASE WHEN f.value = 'thumbs_up' THEN 1 ELSE 0 END) AS ups,
         SUM(CASE WHEN f.value = 'thumbs_down' THEN 1 ELSE 0 END) AS downs
  FROM feedback f
  WHERE f.ts >= CAST(:from_ts AS TIMESTAMP)
  GROUP BY f.trace_id
), turns AS (
  SELECT r.intent, r.budget_strategy AS strategy,
         CASE WHEN r.handler = 'llm' THEN 'llm' ELSE 'bypass' END AS route,
         CASE WHEN r.handler <> 'llm' AND r.budget_strategy = 'minimal' THEN 1 ELSE 0 END AS budget_bypass,
         r.session_id,
         CASE WHEN r.escalated THEN 1 ELSE 0 END AS escalated,
         COALESCE(fb.ups, 0) AS ups, COALESCE(fb.downs, 0) AS downs,
         r.cost_usd,
         CASE WHEN r.model IS NOT NULL AND (r.llm = 0 OR r.unpriced = 1) THEN 1 ELSE 0 END AS unpriced_or_rejected,
         CASE WHEN r.model IS NOT NULL THEN 1 ELSE 0 END AS llm_call
  FROM priced_requests r
  LEFT JOIN fb ON fb.trace_id = r.trace_id
  WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP)
)
SELECT CASE WHEN GROUPING(intent) = 0 THEN 'intent_route'
            WHEN GROUPING(route) = 0 THEN 'route'
            ELSE 'strategy' END AS breakdown,
       intent, route, strategy,
       COUNT(*) AS turns,
       SUM(budget_bypass) AS budget_bypass_turns,
       SUM(llm_call) AS llm_calls,
       SUM(escalated) AS escalations,
       SUM(ups) AS thumbs_up,
       SUM(downs) AS thumbs_down,
       SUM(CASE WHEN unpriced_or_rejected = 0 THEN cost_usd END) AS llm_cost_usd,
       SUM(CASE WHEN llm_call = 1 AND unpriced_or_rejected = 0 THEN 1 ELSE 0 END) AS priced_llm_calls,
       SUM(unpriced_or_rejected) AS unpriced_or_rejected
FROM turns
GROUP BY GROUPING SETS ((intent, route), (route), (strategy))
ORDER BY breakdown, intent, route, strategy
