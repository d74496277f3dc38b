-- Daily requests, LLM requests and LLM cost over a range of days (the Overview's trend charts). A day's cost is
-- NULL when one of its LLM turns has no price or no token counts; unpriced_llm_requests and untokened_llm_requests
-- say how many (relations/requests_by_day.sql).
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @with model_prices
-- @with requests_by_day
-- @returns day DATE, requests BIGINT, llm_requests BIGINT, llm_cost_usd DOUBLE, unpriced_llm_requests BIGINT
-- @returns untokened_llm_requests BIGINT
SELECT day, requests, llm_requests, llm_cost_usd, unpriced_llm_requests, untokened_llm_requests
FROM requests_by_day
ORDER BY day
