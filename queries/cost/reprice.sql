-- What-if re-pricing by intent: every LLM turn of the period priced twice, as it ran (model_prices, its own model)
-- and under another routing and price table (whatif_routing moves an intent's LLM turns to another model;
-- whatif_prices is the alternative table, or the same one). The turns keep their token counts: the estimate assumes
-- the other model would read and write as many tokens. Turns whose model has no price in force in a table count in
-- unpriced_now / unpriced_whatif and add nothing to that table's cost; rows with rejected token counts are skipped and
-- counted in rejected.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @with model_prices
-- @with priced_requests
-- @with whatif_prices
-- @with whatif_routing
-- @returns intent VARCHAR, model_now VARCHAR, model_whatif VARCHAR, llm_turns BIGINT, rejected BIGINT
-- @returns unpriced_now BIGINT, unpriced_whatif BIGINT, cost_now_usd DOUBLE, cost_whatif_usd DOUBLE
-- @returns first_unpriced_now_day DATE, first_unpriced_whatif_day DATE
WITH turns AS (
  SELECT r.ts, r.intent, r.model AS model_now, COALESCE(w.model, r.model) AS model_whatif,
         r.input_tokens, r.output_tokens, r.cache_read_tokens, r.cache_write_tokens,
         1 - r.llm AS rejected, r.unpriced AS unpriced_now, r.cost_usd AS cost_now
  FROM priced_requests r
  LEFT JOIN whatif_routing w ON w.intent = r.intent
  WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP) AND r.model IS NOT NULL
), priced AS (
  SELECT t.intent, t.model_now, t.model_whatif, t.rejected, CAST(date_trunc('day', t.ts) AS DATE) AS day,
         t.unpriced_now, t.cost_now,
         CASE WHEN t.rejected = 0 AND b.model IS NULL THEN 1 ELSE 0 END AS unpriced_whatif,
         CASE WHEN t.rejected = 0 THEN (t.input_tokens * b.input_per_1k + t.output_tokens * b.output_per_1k
              + t.cache_read_tokens * b.cache_read_per_1k + t.cache_write_tokens * b.cache_write_per_1k) / 1000.0 END AS cost_whatif
  FROM turns t
  LEFT JOIN whatif_prices b ON b.model = t.model_whatif AND t.ts >= b.effective_from AND t.ts < b.effective_to
)
SELECT intent, model_now, model_whatif,
       COUNT(*) AS llm_turns,
       SUM(rejected) AS rejected,
       SUM(unpriced_now) AS unpriced_now,
       SUM(unpriced_whatif) AS unpriced_whatif,
       SUM(cost_now) AS cost_now_usd,
       SUM(cost_whatif) AS cost_whatif_usd,
       MIN(CASE WHEN unpriced_now = 1 THEN day END) AS first_unpriced_now_day,
       MIN(CASE WHEN unpriced_whatif = 1 THEN day END) AS first_unpriced_whatif_day
FROM priced
GROUP BY intent, model_now, model_whatif
ORDER BY intent, model_now, model_whatif
