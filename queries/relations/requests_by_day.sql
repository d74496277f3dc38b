-- Turns in [from_ts, to_ts) totalled by UTC day, with the day's LLM cost: what the Overview's periods and daily
-- charts add up (queries/overview/weekly_metrics.sql, daily_volume.sql). Read with `-- @with model_prices` first.
-- Turns are first totalled by day and model, and prices apply to those token sums: a price changes only at midnight
-- UTC (effective_from is a date in config/prices.json), so this equals pricing every turn and adding up, without a
-- price lookup per turn. Columns:
-- - day, requests, llm_requests (model set);
-- - errors / error_known, escalations / escalation_known, blocks / guardrail_known: flagged turns and turns whose flag
--   is not NULL (the rates' numerators and denominators);
-- - unpriced_llm_requests: LLM turns whose model has no price in force that day (never priced at zero);
-- - untokened_llm_requests: LLM turns with a token count missing;
-- - llm_cost_usd: the day's LLM cost; NULL when any LLM turn of the day is unpriced or untokened, 0 with no LLM turns.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @returns day DATE, requests BIGINT, llm_requests BIGINT, errors BIGINT, error_known BIGINT, escalations BIGINT
-- @returns escalation_known BIGINT, blocks BIGINT, guardrail_known BIGINT, unpriced_llm_requests BIGINT
-- @returns untokened_llm_requests BIGINT, llm_cost_usd DOUBLE
SELECT d.day, SUM(d.requests) AS requests, SUM(d.llm_requests) AS llm_requests,
       SUM(d.errors) AS errors, SUM(d.error_known) AS error_known,
       SUM(d.escalations) AS escalations, SUM(d.escalation_known) AS escalation_known,
       SUM(d.blocks) AS blocks, SUM(d.guardrail_known) AS guardrail_known,
       SUM(d.unpriced) AS unpriced_llm_requests, SUM(d.untokened) AS untokened_llm_requests,
       CASE WHEN SUM(d.unpriced) + SUM(d.untokened) = 0 THEN COALESCE(SUM(d.cost_usd), 0) END AS llm_cost_usd
FROM (
  SELECT t.day, t.requests, t.errors, t.error_known, t.escalations, t.escalation_known, t.blocks, t.guardrail_known,
         CASE WHEN t.model IS NOT NULL THEN t.requests ELSE 0 END AS llm_requests,
         CASE WHEN t.model IS NOT NULL AND p.model IS NULL THEN t.requests ELSE 0 END AS unpriced,
         CASE WHEN t.model IS NOT NULL THEN t.untokened ELSE 0 END AS untokened,
         (t.input_tokens * p.input_per_1k + t.output_tokens * p.output_per_1k
          + t.cache_read_tokens * p.cache_read_per_1k + t.cache_write_tokens * p.cache_write_per_1k) / 1000.0 AS cost_usd
  FROM (
    SELECT CAST(r.ts AS DATE) AS day, r.model, COUNT(*) AS requests,
           SUM(CASE WHEN r.is_error THEN 1 ELSE 0 END) AS errors, COUNT(r.is_error) AS error_known,
           SUM(CASE WHEN r.escalated THEN 1 ELSE 0 END) AS escalations, COUNT(r.escalated) AS escalation_known,
           SUM(CASE WHEN NOT r.guardrail_passed THEN 1 ELSE 0 END) AS blocks, COUNT(r.guardrail_passed) AS guardrail_known,
           SUM(r.input_tokens) AS input_tokens, SUM(r.output_tokens) AS output_tokens,
           SUM(r.cache_read_tokens) AS cache_read_tokens, SUM(r.cache_write_tokens) AS cache_write_tokens,
           SUM(CASE WHEN r.input_tokens IS NULL OR r.output_tokens IS NULL OR r.cache_read_tokens IS NULL
                         OR r.cache_write_tokens IS NULL THEN 1 ELSE 0 END) AS untokened
    FROM requests r
    WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP)
    GROUP BY CAST(r.ts AS DATE), r.model
  ) t
  LEFT JOIN model_prices p
    ON p.model = t.model AND CAST(t.day AS TIMESTAMP) >= p.effective_from AND CAST(t.day AS TIMESTAMP) < p.effective_to
) d
GROUP BY d.day
