-- Provisioned throughput against on-demand per calendar month (UTC) and model: invocations, tokens (input + output +
-- cache) and on-demand list-price cost of each inference type, plus the busiest day's on-demand share in the month
-- (a month can look fine while one day overflowed). LLM calls with no inference_type count in unknown_calls. Cost
-- comes from priced_requests: rejected and unpriced calls are counted but add no dollars.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @with model_prices
-- @with priced_requests
WITH calls AS (
  SELECT CAST(date_trunc('month', r.ts) AS DATE) AS month, CAST(date_trunc('day', r.ts) AS DATE) AS day, r.model,
         CASE WHEN r.inference_type = 'on_demand' THEN 1 ELSE 0 END AS on_demand,
         CASE WHEN r.inference_type = 'provisioned' THEN 1 ELSE 0 END AS provisioned,
         COALESCE(r.input_tokens, 0) + COALESCE(r.output_tokens, 0) + COALESCE(r.cache_read_tokens, 0) + COALESCE(r.cache_write_tokens, 0) AS tokens,
         r.cost_usd
  FROM priced_requests r
  WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP) AND r.model IS NOT NULL
), daily AS (
  SELECT month, model, day, CAST(SUM(on_demand) AS DOUBLE PRECISION) / NULLIF(SUM(on_demand) + SUM(provisioned), 0) AS day_share
  FROM calls GROUP BY month, model, day
), peak AS (
  SELECT month, model, MAX(day_share) AS peak_day_on_demand_share FROM daily GROUP BY month, model
)
SELECT c.month, c.model,
       SUM(c.on_demand) AS on_demand_calls,
       SUM(c.provisioned) AS provisioned_calls,
       SUM(1 - c.on_demand - c.provisioned) AS unknown_calls,
       SUM(c.on_demand * c.tokens) AS on_demand_tokens,
       SUM(c.provisioned * c.tokens) AS provisioned_tokens,
       SUM(c.on_demand * c.cost_usd) AS on_demand_cost_usd,
       SUM(c.provisioned * c.cost_usd) AS provisioned_cost_usd,
       MIN(k.peak_day_on_demand_share) AS peak_day_on_demand_share,
       COUNT(DISTINCT c.day) AS days
FROM calls c JOIN peak k ON k.month = c.month AND k.model = c.model
GROUP BY c.month, c.model
ORDER BY c.month, c.model
