-- Provisioned throughput against on-demand per calendar month (UTC), for all models together (all_models = 1,
-- model NULL) and for each model: invocations, tokens (input + output +
-- cache) and on-demand list-price cost of each inference type, plus the busiest day's on-demand share in the month
-- (a month can look fine while one day overflowed). LLM calls with no inference_type count in unknown_calls. Cost
-- comes from priced_requests: rejected and unpriced calls are counted but add no dollars.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @with model_prices
-- @with priced_requests
-- @returns month DATE, model VARCHAR, all_models BIGINT, on_demand_calls BIGINT, provisioned_calls BIGINT
-- @returns unknown_calls BIGINT, on_demand_tokens BIGINT, provisioned_tokens BIGINT, on_demand_cost_usd DOUBLE
-- @returns provisioned_cost_usd DOUBLE, peak_day_on_demand_share DOUBLE, days BIGINT
WITH calls AS (
  SELECT CAST(date_trunc('month', r.ts) AS DATE) AS month, CAST(date_trunc('day', r.ts) AS DATE) AS day, r.model,
         CASE WHEN r.inference_type = 'on_demand' THEN 1 ELSE 0 END AS on_demand,
         CASE WHEN r.inference_type = 'provisioned' THEN 1 ELSE 0 END AS provisioned,
         COALESCE(r.input_tokens, 0) + COALESCE(r.output_tokens, 0) + COALESCE(r.cache_read_tokens, 0) + COALESCE(r.cache_write_tokens, 0) AS tokens,
         r.cost_usd
  FROM priced_requests r
  WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP) AND r.model IS NOT NULL
), daily AS (
  SELECT month, model, GROUPING(model) AS all_models,
         CAST(SUM(on_demand) AS DOUBLE PRECISION) / NULLIF(SUM(on_demand) + SUM(provisioned), 0) AS day_share
  FROM calls GROUP BY GROUPING SETS ((month, model, day), (month, day))
), peak AS (
  SELECT month, model, all_models, MAX(day_share) AS peak_day_on_demand_share FROM daily GROUP BY month, model, all_models
), totals AS (
  SELECT month, model, GROUPING(model) AS all_models,
         SUM(on_demand) AS on_demand_calls,
         SUM(provisioned) AS provisioned_calls,
         SUM(1 - on_demand - provisioned) AS unknown_calls,
         SUM(on_demand * tokens) AS on_demand_tokens,
         SUM(provisioned * tokens) AS provisioned_tokens,
         SUM(on_demand * cost_usd) AS on_demand_cost_usd,
         SUM(provisioned * cost_usd) AS provisioned_cost_usd,
         COUNT(DISTINCT day) AS days
  FROM calls GROUP BY GROUPING SETS ((month, model), (month))
)
SELECT t.month, t.model, t.all_models, t.on_demand_calls, t.provisioned_calls, t.unknown_calls, t.on_demand_tokens,
       t.provisioned_tokens, t.on_demand_cost_usd, t.provisioned_cost_usd, k.peak_day_on_demand_share, t.days
FROM totals t
JOIN peak k ON k.month = t.month AND k.all_models = t.all_models AND (t.all_models = 1 OR k.model = t.model)
ORDER BY t.month, t.all_models DESC, t.model
