-- Daily requests, LLM share and LLM cost over a range of days (the Overview's trend chart).
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @with model_prices
SELECT CAST(date_trunc('day', r.ts) AS DATE) AS day,
       COUNT(*) AS requests,
       SUM(CASE WHEN r.model IS NOT NULL THEN 1 ELSE 0 END) AS llm_requests,
       SUM((r.input_tokens * p.input_per_1k + r.output_tokens * p.output_per_1k
            + r.cache_read_tokens * p.cache_read_per_1k + r.cache_write_tokens * p.cache_write_per_1k) / 1000.0) AS llm_cost_usd
FROM requests r
LEFT JOIN model_prices p ON p.model = r.model AND r.ts >= p.effective_from AND r.ts < p.effective_to
WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP)
GROUP BY CAST(date_trunc('day', r.ts) AS DATE)
ORDER BY day
