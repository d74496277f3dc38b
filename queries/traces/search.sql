-- Trace search (US-4.1 drill-down): turns in a time range filtered by intent, model version, prompt version and a flag,
-- newest first. An empty filter value means any. Flags: hallucination, escalated, error, guardrail_blocked,
-- thumbs_down, canary, or empty.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @param intent VARCHAR intent, or empty for any
-- @param model_version VARCHAR model version, or empty for any
-- @param prompt_version VARCHAR prompt version, or empty for any
-- @param flag VARCHAR one flag, or empty for any
-- @param max_rows INTEGER how many turns at most
-- @returns trace_id VARCHAR, ts TIMESTAMP, session_id VARCHAR, intent VARCHAR, model_version VARCHAR
-- @returns prompt_version VARCHAR, deployment_variant VARCHAR, latency_ms DOUBLE, input_tokens BIGINT
-- @returns output_tokens BIGINT, guardrail_passed BOOLEAN, hallucination_flag BOOLEAN, escalated BOOLEAN
-- @returns is_error BOOLEAN
WITH hits AS (
  SELECT r.trace_id, r.ts, r.session_id, r.intent, r.model_version, r.prompt_version, r.deployment_variant, r.latency_ms,
         r.input_tokens, r.output_tokens, r.guardrail_passed, r.hallucination_flag, r.escalated, r.is_error,
         ROW_NUMBER() OVER (ORDER BY r.ts DESC, r.trace_id) AS k
  FROM requests r
  WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP)
    AND (CAST(:intent AS VARCHAR) = '' OR r.intent = CAST(:intent AS VARCHAR))
    AND (CAST(:model_version AS VARCHAR) = '' OR r.model_version = CAST(:model_version AS VARCHAR))
    AND (CAST(:prompt_version AS VARCHAR) = '' OR r.prompt_version = CAST(:prompt_version AS VARCHAR))
    AND (CAST(:flag AS VARCHAR) = ''
         OR (CAST(:flag AS VARCHAR) = 'hallucination' AND r.hallucination_flag)
         OR (CAST(:flag AS VARCHAR) = 'escalated' AND r.escalated)
         OR (CAST(:flag AS VARCHAR) = 'error' AND r.is_error)
         OR (CAST(:flag AS VARCHAR) = 'guardrail_blocked' AND r.guardrail_passed = FALSE)
         OR (CAST(:flag AS VARCHAR) = 'canary' AND r.deployment_variant = 'canary')
         OR (CAST(:flag AS VARCHAR) = 'thumbs_down' AND EXISTS (SELECT 1 FROM feedback f WHERE f.trace_id = r.trace_id AND f.value = 'thumbs_down')))
)
SELECT trace_id, ts, session_id, intent, model_version, prompt_version, deployment_variant, latency_ms, input_tokens, output_tokens,
       guardrail_passed, hallucination_flag, escalated, is_error
FROM hits WHERE k BETWEEN 1 AND CAST(:max_rows AS INTEGER) -- not "<=": docs/warehouse.md, "DuckDB and a top-1 window"
ORDER BY k
