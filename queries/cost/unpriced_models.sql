-- LLM requests whose model has no price in force at their timestamp, by model and day: what makes a cost
-- not computable. Empty when every LLM request is priced.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @with model_prices
SELECT r.model, CAST(date_trunc('day', r.ts) AS DATE) AS day, COUNT(*) AS requests
FROM requests r
LEFT JOIN model_prices p ON p.model = r.model AND r.ts >= p.effective_from AND r.ts < p.effective_to
WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP)
  AND r.model IS NOT NULL AND p.model IS NULL
GROUP BY r.model, CAST(date_trunc('day', r.ts) AS DATE)
ORDER BY r.model, day
