-- The turns of the same session before a logged turn (oldest first, at most max_turns of the latest), so that a
-- replay sees the conversation the original call saw, personal data redacted here (@redact_pii).
-- @param trace_id VARCHAR the turn's trace id
-- @param max_turns INTEGER how many earlier turns to return at most
-- @returns trace_id VARCHAR, ts TIMESTAMP, user_message VARCHAR, response_text VARCHAR
WITH target AS (
  SELECT session_id, ts FROM requests WHERE trace_id = CAST(:trace_id AS VARCHAR)
), earlier AS (
  SELECT r.ts, r.trace_id, r.user_message, r.response_text,
         ROW_NUMBER() OVER (ORDER BY r.ts DESC, r.trace_id DESC) AS back
  FROM requests r JOIN target t ON r.session_id = t.session_id AND r.ts < t.ts
)
SELECT trace_id, ts, @redact_pii(user_message) AS user_message, @redact_pii(response_text) AS response_text
FROM earlier
WHERE back BETWEEN 1 AND CAST(:max_turns AS INTEGER) -- not "<=": docs/warehouse.md, "DuckDB and a top-1 window"
ORDER BY ts, trace_id
