-- Weekly overview: volume, peak load, latency, error/escalation/guardrail rates, thumbs-up rate and LLM cost,
-- one row for the period and one for the period before it. Runs unchanged on DuckDB and Redshift.
-- LLM cost prices each request at the model_prices row in force at its timestamp; requests whose model has no
-- price are counted in unpriced_llm_requests (never priced at zero), and LLM rows with a NULL token count in
-- untokened_llm_requests.
-- @param cur_start TIMESTAMP start of the period (inclusive, UTC)
-- @param cur_end TIMESTAMP end of the period (exclusive, UTC)
-- @param prev_start TIMESTAMP start of the previous period (inclusive); it ends where the period starts
-- @with model_prices
WITH req AS (
  SELECT CASE WHEN r.ts >= CAST(:cur_start AS TIMESTAMP) THEN 'current' ELSE 'previous' END AS period,
         r.ts, r.latency_ms, r.is_error, r.escalated, r.guardrail_passed, r.model,
         r.input_tokens, r.output_tokens, r.cache_read_tokens, r.cache_write_tokens
  FROM requests r
  WHERE r.ts >= CAST(:prev_start AS TIMESTAMP) AND r.ts < CAST(:cur_end AS TIMESTAMP)
), priced AS (
  SELECT q.*,
         (q.input_tokens * p.input_per_1k + q.output_tokens * p.output_per_1k
          + q.cache_read_tokens * p.cache_read_per_1k + q.cache_write_tokens * p.cache_write_per_1k) / 1000.0 AS cost_usd,
         CASE WHEN q.model IS NOT NULL AND p.model IS NULL THEN 1 ELSE 0 END AS unpriced,
         CASE WHEN q.model IS NOT NULL AND (q.input_tokens IS NULL OR q.output_tokens IS NULL
                   OR q.cache_read_tokens IS NULL OR q.cache_write_tokens IS NULL) THEN 1 ELSE 0 END AS untokened
  FROM req q
  LEFT JOIN model_prices p ON p.model = q.model AND q.ts >= p.effective_from AND q.ts < p.effective_to
), per_request AS (
  SELECT period,
         COUNT(*) AS requests,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS latency_p50_ms,
         percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS latency_p99_ms,
         AVG(CASE WHEN is_error THEN 1.0 WHEN NOT is_error THEN 0.0 END) AS error_rate,
         AVG(CASE WHEN escalated THEN 1.0 WHEN NOT escalated THEN 0.0 END) AS escalation_rate,
         AVG(CASE WHEN guardrail_passed THEN 0.0 WHEN NOT guardrail_passed THEN 1.0 END) AS guardrail_block_rate,
         SUM(CASE WHEN model IS NOT NULL THEN 1 ELSE 0 END) AS llm_requests,
         SUM(cost_usd) AS llm_cost_usd,
         SUM(unpriced) AS unpriced_llm_requests,
         SUM(untokened) AS untokened_llm_requests
  FROM priced
  GROUP BY period
), per_second AS (
  -- its own scan of requests (cheaper than sharing req), grouped by whole epoch seconds
  SELECT CASE WHEN r.ts >= CAST(:cur_start AS TIMESTAMP) THEN 'current' ELSE 'previous' END AS period,
         FLOOR(EXTRACT(EPOCH FROM r.ts)) AS second_start, COUNT(*) AS messages
  FROM requests r
  WHERE r.ts >= CAST(:prev_start AS TIMESTAMP) AND r.ts < CAST(:cur_end AS TIMESTAMP)
  GROUP BY 1, 2
), peak AS (
  SELECT period, MAX(messages) AS peak_messages_per_second FROM per_second GROUP BY period
), sess AS (
  SELECT CASE WHEN s.started_at >= CAST(:cur_start AS TIMESTAMP) THEN 'current' ELSE 'previous' END AS period,
         COUNT(*) AS sessions
  FROM sessions s
  WHERE s.started_at >= CAST(:prev_start AS TIMESTAMP) AND s.started_at < CAST(:cur_end AS TIMESTAMP)
  GROUP BY 1
), fb AS (
  SELECT CASE WHEN f.ts >= CAST(:cur_start AS TIMESTAMP) THEN 'current' ELSE 'previous' END AS period,
         SUM(CASE WHEN f.value = 'thumbs_up' THEN 1 ELSE 0 END) AS thumbs_up,
         COUNT(*) AS feedback_events
  FROM feedback f
  WHERE f.ts >= CAST(:prev_start AS TIMESTAMP) AND f.ts < CAST(:cur_end AS TIMESTAMP)
  GROUP BY 1
)
SELECT p.period, p.requests, s.sessions, k.peak_messages_per_second,
       p.latency_p50_ms, p.latency_p99_ms, p.error_rate, p.escalation_rate, p.guardrail_block_rate,
       f.thumbs_up, f.feedback_events,
       CASE WHEN f.feedback_events > 0 THEN CAST(f.thumbs_up AS DOUBLE PRECISION) / f.feedback_events END AS thumbs_up_rate,
       p.llm_requests, p.llm_cost_usd, p.unpriced_llm_requests, p.untokened_llm_requests
FROM per_request p
LEFT JOIN peak k ON k.period = p.period
LEFT JOIN sess s ON s.period = p.period
LEFT JOIN fb f ON f.period = p.period
ORDER BY p.period
