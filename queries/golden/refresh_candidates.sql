-- Candidate golden entries for the quarterly refresh (US-3.1): recent turns users gave a thumbs-down or that were
-- escalated, one per distinct message and intent (the newest), at most max_per_intent per intent, newest first.
-- Personal data is redacted here, in the warehouse (@redact_pii expands to the patterns of src/analysis/redactPii.ts),
-- so raw PII never leaves it.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @param max_per_intent INTEGER candidates kept per intent
-- @returns trace_id VARCHAR, ts TIMESTAMP, intent VARCHAR, thumbs_down BIGINT, escalated BIGINT, message VARCHAR
WITH flagged AS (
  SELECT r.trace_id, r.ts, r.intent, r.user_message,
         CASE WHEN EXISTS (SELECT 1 FROM feedback f WHERE f.trace_id = r.trace_id AND f.value = 'thumbs_down') THEN 1 ELSE 0 END AS thumbs_down,
         CASE WHEN r.escalated THEN 1 ELSE 0 END AS escalated
  FROM requests r
  WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP)
    AND r.user_message IS NOT NULL AND r.intent IS NOT NULL
), redacted AS (
  SELECT trace_id, ts, intent, thumbs_down, escalated,
         @redact_pii(user_message) AS message
  FROM flagged
  WHERE thumbs_down = 1 OR escalated = 1
), distinct_messages AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY intent, message ORDER BY ts DESC, trace_id) AS copy
  FROM redacted
), ranked AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY intent ORDER BY ts DESC, trace_id) AS rank_in_intent
  FROM distinct_messages
  WHERE copy = 1
)
SELECT trace_id, ts, intent, thumbs_down, escalated, message
FROM ranked
WHERE rank_in_intent <= CAST(:max_per_intent AS INTEGER)
ORDER BY intent, ts DESC, trace_id
