-- Prompt caching of the system-prompt prefix per ISO week (weeks start Monday, UTC), all models together: LLM calls that read
-- the prefix from the cache (hits) and that wrote it (misses), the tokens involved, and what caching saved at the
-- prices in force: a cache read is billed at cache_read instead of input (saved_usd), a cache write costs
-- cache_write instead of input (write_premium_usd, usually more). Calls with neither are not caching at all and
-- count in uncached_calls. Calls of a model with no price in force count in unpriced_calls and add no dollars.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @with model_prices
-- @with priced_requests
-- @returns week_start DATE, llm_calls BIGINT, hits BIGINT, misses BIGINT, uncached_calls BIGINT
-- @returns cache_read_tokens BIGINT, cache_write_tokens BIGINT, unpriced_calls BIGINT, saved_usd DOUBLE
-- @returns write_premium_usd DOUBLE
SELECT CAST(date_trunc('week', r.ts) AS DATE) AS week_start,
       COUNT(*) AS llm_calls,
       SUM(CASE WHEN r.cache_read_tokens > 0 THEN 1 ELSE 0 END) AS hits,
       SUM(CASE WHEN r.cache_read_tokens > 0 THEN 0 WHEN r.cache_write_tokens > 0 THEN 1 ELSE 0 END) AS misses,
       SUM(CASE WHEN COALESCE(r.cache_read_tokens, 0) <= 0 AND COALESCE(r.cache_write_tokens, 0) <= 0 THEN 1 ELSE 0 END) AS uncached_calls,
       SUM(CASE WHEN r.cache_read_tokens > 0 THEN r.cache_read_tokens ELSE 0 END) AS cache_read_tokens,
       SUM(CASE WHEN r.cache_write_tokens > 0 THEN r.cache_write_tokens ELSE 0 END) AS cache_write_tokens,
       SUM(CASE WHEN r.price_model IS NULL THEN 1 ELSE 0 END) AS unpriced_calls,
       SUM(CASE WHEN r.cache_read_tokens > 0 THEN r.cache_read_tokens * (r.input_per_1k - r.cache_read_per_1k) / 1000.0 ELSE 0 END) AS saved_usd,
       SUM(CASE WHEN r.cache_write_tokens > 0 THEN r.cache_write_tokens * (r.cache_write_per_1k - r.input_per_1k) / 1000.0 ELSE 0 END) AS write_premium_usd
FROM priced_requests r
WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP) AND r.model IS NOT NULL
GROUP BY CAST(date_trunc('week', r.ts) AS DATE)
ORDER BY week_start
