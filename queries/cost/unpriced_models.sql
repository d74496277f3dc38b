-- LLM requests whose model has no price in force at their timestamp, by model and day: what makes a cost
-- not computable. Empty when every LLM request is priced.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @with model_prices
-- @with priced_requests
-- @returns model VARCHAR, day DATE, requests BIGINT
SELECT r.model, CAST(date_trunc('day', r.ts) AS DATE) AS day, COUNT(*) AS requests
FROM priced_requests r
WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP)
  AND r.model IS NOT NULL AND r.price_model IS NULL
GROUP BY r.model, CAST(date_trunc('day', r.ts) AS DATE)
ORDER BY r.model, day
