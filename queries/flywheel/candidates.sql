-- Data flywheel (US-8.4): turns of [from_ts, to_ts) that are candidates for the training pool (kind 'training':
-- thumbs-up, session resolved, not escalated, guardrail passed, classifier confidence at least min_confidence) or for
-- the golden set (kind 'golden': thumbs-down or escalated): at most max_rows, drawn in a fixed pseudo-random order (md5 of
-- the trace id) so that a limited pool spans the whole period, not its last days; listed newest first. The text is redacted here
-- (@redact_pii); rows carry the trace id (a pseudonymous key, so a deletion request can find them) and no customer id.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP end (exclusive, UTC)
-- @param kind VARCHAR training or golden
-- @param min_confidence DOUBLE classifier confidence a training candidate needs
-- @param max_rows INTEGER at most this many rows
-- @returns trace_id VARCHAR, ts TIMESTAMP, intent VARCHAR, intent_confidence DOUBLE, thumbs_up BOOLEAN
-- @returns escalated BOOLEAN, user_message VARCHAR, response_text VARCHAR
SELECT c.trace_id, c.ts, c.intent, c.intent_confidence, c.thumbs_up, c.escalated,
       @redact_pii(c.user_message) AS user_message, @redact_pii(c.response_text) AS response_text
FROM (
  SELECT r.trace_id, r.ts, r.intent, r.intent_confidence, COALESCE(f.up, 0) = 1 AS thumbs_up, COALESCE(r.escalated, FALSE) AS escalated,
         r.user_message, r.response_text, ROW_NUMBER() OVER (ORDER BY md5(r.trace_id), r.trace_id) AS k
  FROM requests r
  LEFT JOIN sessions s ON s.session_id = r.session_id
  LEFT JOIN (SELECT trace_id, MAX(CASE WHEN value = 'thumbs_up' THEN 1 ELSE 0 END) AS up, MAX(CASE WHEN value = 'thumbs_down' THEN 1 ELSE 0 END) AS down
             FROM feedback GROUP BY trace_id) f ON f.trace_id = r.trace_id
  WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP) AND r.user_message IS NOT NULL
    AND ((CAST(:kind AS VARCHAR) = 'training' AND f.up = 1 AND s.resolved AND NOT COALESCE(r.escalated, FALSE) AND r.guardrail_passed
          AND r.intent_confidence >= CAST(:min_confidence AS DOUBLE PRECISION))
      OR (CAST(:kind AS VARCHAR) = 'golden' AND (f.down = 1 OR r.escalated)))
) c
WHERE c.k BETWEEN 1 AND CAST(:max_rows AS INTEGER) -- not "<=": docs/warehouse.md, "DuckDB and a top-1 window"
ORDER BY c.ts DESC, c.trace_id
