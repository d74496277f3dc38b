-- Cost attribution in one scan: LLM cost, tokens and turns for the period and the period before it, by intent,
-- model, user type and region, plus every day from lead_start (the trailing window of the daily spike check) by
-- itself and by intent. Requests come priced from priced_requests (src/pipeline/prices.ts: the price in force at
-- each timestamp, input, output, cache-read and cache-write tokens separately); rejected rows (a negative token
-- count, or an LLM row with a missing one) are counted in rejected_* and left out of every sum, and LLM rows of a
-- model with no price in force are counted in unpriced_requests (the job names them; never priced at zero).
-- breakdown is one of: period, intent, model, user_type, region, day, day_intent.
-- @param cur_start TIMESTAMP start of the period (inclusive, UTC)
-- @param cur_end TIMESTAMP end of the period (exclusive, UTC)
-- @param prev_start TIMESTAMP start of the period before; it ends where the period starts
-- @param lead_start TIMESTAMP first instant of the day rows (at or before prev_start)
-- @with model_prices
-- @with priced_requests
-- @returns breakdown VARCHAR, period VARCHAR, day DATE, intent VARCHAR, model VARCHAR, user_type VARCHAR
-- @returns region VARCHAR, requests BIGINT, llm_requests BIGINT, bypassed_requests BIGINT, rejected_negative BIGINT
-- @returns rejected_missing BIGINT, unpriced_requests BIGINT, input_tokens BIGINT, output_tokens BIGINT
-- @returns cache_read_tokens BIGINT, cache_write_tokens BIGINT, cost_usd DOUBLE
WITH priced AS (
  SELECT CASE WHEN r.ts >= CAST(:cur_start AS TIMESTAMP) THEN 'current'
              WHEN r.ts >= CAST(:prev_start AS TIMESTAMP) THEN 'previous' ELSE 'lead_in' END AS period,
         CAST(date_trunc('day', r.ts) AS DATE) AS day,
         r.intent, r.model, r.user_type, r.region, r.rejected_negative AS negative, r.rejected_missing AS missing, r.llm, r.unpriced,
         CASE WHEN r.handler <> 'llm' THEN 1 ELSE 0 END AS bypassed,
         CASE WHEN r.llm = 1 THEN r.input_tokens END AS input_tokens,
         CASE WHEN r.llm = 1 THEN r.output_tokens END AS output_tokens,
         CASE WHEN r.llm = 1 THEN r.cache_read_tokens END AS cache_read_tokens,
         CASE WHEN r.llm = 1 THEN r.cache_write_tokens END AS cache_write_tokens,
         r.cost_usd
  FROM priced_requests r
  WHERE r.ts >= CAST(:lead_start AS TIMESTAMP) AND r.ts < CAST(:cur_end AS TIMESTAMP)
), fine AS (
  -- One pass at the finest grain the breakdowns need; the grouping sets then add up these few thousand rows.
  SELECT period, day, intent, model, user_type, region,
         COUNT(*) AS requests, SUM(llm) AS llm, SUM(bypassed) AS bypassed, SUM(negative) AS negative, SUM(missing) AS missing,
         SUM(unpriced) AS unpriced, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
         SUM(cache_read_tokens) AS cache_read_tokens, SUM(cache_write_tokens) AS cache_write_tokens, SUM(cost_usd) AS cost_usd
  FROM priced
  GROUP BY period, day, intent, model, user_type, region
)
SELECT CASE WHEN GROUPING(day) = 0 AND GROUPING(intent) = 0 THEN 'day_intent'
            WHEN GROUPING(day) = 0 THEN 'day'
            WHEN GROUPING(intent) = 0 THEN 'intent'
            WHEN GROUPING(model) = 0 THEN 'model'
            WHEN GROUPING(user_type) = 0 THEN 'user_type'
            WHEN GROUPING(region) = 0 THEN 'region'
            ELSE 'period' END AS breakdown,
       period, day, intent, model, user_type, region,
       CAST(SUM(requests) AS BIGINT) AS requests,
       CAST(SUM(llm) AS BIGINT) AS llm_requests,
       CAST(SUM(bypassed) AS BIGINT) AS bypassed_requests,
       CAST(SUM(negative) AS BIGINT) AS rejected_negative,
       CAST(SUM(missing) AS BIGINT) AS rejected_missing,
       CAST(SUM(unpriced) AS BIGINT) AS unpriced_requests,
       CAST(SUM(input_tokens) AS BIGINT) AS input_tokens,
       CAST(SUM(output_tokens) AS BIGINT) AS output_tokens,
       CAST(SUM(cache_read_tokens) AS BIGINT) AS cache_read_tokens,
       CAST(SUM(cache_write_tokens) AS BIGINT) AS cache_write_tokens,
       SUM(cost_usd) AS cost_usd
FROM fine
GROUP BY GROUPING SETS ((period), (period, intent), (period, model), (period, user_type), (period, region), (day), (day, intent))
ORDER BY breakdown, period, day, intent, model, user_type, region
