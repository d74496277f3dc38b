-- Cost attribution in one scan: LLM cost, tokens and turns for the period and the period before it, by intent,
-- model, user type and region, plus every day from lead_start (the trailing window of the daily spike check) by
-- itself and by intent. Each request is priced at the model_prices row in force at its timestamp: input, output,
-- cache-read and cache-write tokens separately. Rows with a negative token count, or an LLM row with a missing one,
-- are rejected: counted in rejected_* and left out of every sum. LLM rows of a model with no price in force are
-- counted in unpriced_requests (the job names them; they are never priced at zero).
-- breakdown is one of: period, intent, model, user_type, region, day, day_intent.
-- @param cur_start TIMESTAMP start of the period (inclusive, UTC)
-- @param cur_end TIMESTAMP end of the period (exclusive, UTC)
-- @param prev_start TIMESTAMP start of the period before; it ends where the period starts
-- @param lead_start TIMESTAMP first instant of the day rows (at or before prev_start)
-- @with model_prices
WITH req AS (
  SELECT CASE WHEN r.ts >= CAST(:cur_start AS TIMESTAMP) THEN 'current'
              WHEN r.ts >= CAST(:prev_start AS TIMESTAMP) THEN 'previous' ELSE 'lead_in' END AS period,
         CAST(date_trunc('day', r.ts) AS DATE) AS day,
         r.ts, r.intent, r.model, r.user_type, r.region, r.handler,
         r.input_tokens, r.output_tokens, r.cache_read_tokens, r.cache_write_tokens,
         CASE WHEN r.input_tokens < 0 OR r.output_tokens < 0 OR r.cache_read_tokens < 0 OR r.cache_write_tokens < 0
              THEN 1 ELSE 0 END AS negative,
         CASE WHEN r.model IS NOT NULL AND (r.input_tokens IS NULL OR r.output_tokens IS NULL
                   OR r.cache_read_tokens IS NULL OR r.cache_write_tokens IS NULL) THEN 1 ELSE 0 END AS missing
  FROM requests r
  WHERE r.ts >= CAST(:lead_start AS TIMESTAMP) AND r.ts < CAST(:cur_end AS TIMESTAMP)
), priced AS (
  SELECT q.period, q.day, q.intent, q.model, q.user_type, q.region, q.negative,
         CASE WHEN q.negative = 0 AND q.missing = 1 THEN 1 ELSE 0 END AS missing,
         CASE WHEN q.model IS NOT NULL AND q.negative = 0 AND q.missing = 0 THEN 1 ELSE 0 END AS llm,
         CASE WHEN q.handler <> 'llm' THEN 1 ELSE 0 END AS bypassed,
         CASE WHEN q.model IS NOT NULL AND q.negative = 0 AND q.missing = 0 AND p.model IS NULL THEN 1 ELSE 0 END AS unpriced,
         CASE WHEN q.model IS NOT NULL AND q.negative = 0 AND q.missing = 0 THEN q.input_tokens END AS input_tokens,
         CASE WHEN q.model IS NOT NULL AND q.negative = 0 AND q.missing = 0 THEN q.output_tokens END AS output_tokens,
         CASE WHEN q.model IS NOT NULL AND q.negative = 0 AND q.missing = 0 THEN q.cache_read_tokens END AS cache_read_tokens,
         CASE WHEN q.model IS NOT NULL AND q.negative = 0 AND q.missing = 0 THEN q.cache_write_tokens END AS cache_write_tokens,
         CASE WHEN q.negative = 0 AND q.missing = 0 THEN
           (q.input_tokens * p.input_per_1k + q.output_tokens * p.output_per_1k
            + q.cache_read_tokens * p.cache_read_per_1k + q.cache_write_tokens * p.cache_write_per_1k) / 1000.0 END AS cost_usd
  FROM req q
  LEFT JOIN model_prices p ON p.model = q.model AND q.ts >= p.effective_from AND q.ts < p.effective_to
)
SELECT CASE WHEN GROUPING(day) = 0 AND GROUPING(intent) = 0 THEN 'day_intent'
            WHEN GROUPING(day) = 0 THEN 'day'
            WHEN GROUPING(intent) = 0 THEN 'intent'
            WHEN GROUPING(model) = 0 THEN 'model'
            WHEN GROUPING(user_type) = 0 THEN 'user_type'
            WHEN GROUPING(region) = 0 THEN 'region'
            ELSE 'period' END AS breakdown,
       period, day, intent, model, user_type, region,
       COUNT(*) AS requests,
       SUM(llm) AS llm_requests,
       SUM(bypassed) AS bypassed_requests,
       SUM(negative) AS rejected_negative,
       SUM(missing) AS rejected_missing,
       SUM(unpriced) AS unpriced_requests,
       SUM(input_tokens) AS input_tokens,
       SUM(output_tokens) AS output_tokens,
       SUM(cache_read_tokens) AS cache_read_tokens,
       SUM(cache_write_tokens) AS cache_write_tokens,
       SUM(cost_usd) AS cost_usd
FROM priced
GROUP BY GROUPING SETS ((period), (period, intent), (period, model), (period, user_type), (period, region), (day), (day, intent))
ORDER BY breakdown, period, day, intent, model, user_type, region
