-- Human evaluation sampling (US-3.6): the period's answered turns (guardrail passed) in strata: edge_case (classifier
-- confidence under edge_confidence), multi_turn (not the session's first turn in the period), faq (faq_simple and
-- faq_complex), otherwise the intent; within each stratum a fixed pseudo-random order (md5 of trace id and salt), the
-- first per_stratum of each. The job takes each stratum's quota. Text is redacted here (@redact_pii).
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP end (exclusive, UTC)
-- @param edge_confidence DOUBLE confidence under which a turn is an edge case
-- @param per_stratum INTEGER candidates returned per stratum (the largest quota)
-- @param salt VARCHAR varies the draw (the week label by default)
-- @returns stratum VARCHAR, pick BIGINT, trace_id VARCHAR, intent VARCHAR, intent_confidence DOUBLE
-- @returns user_message VARCHAR, response_text VARCHAR
SELECT stratum, pick, trace_id, intent, intent_confidence, @redact_pii(user_message) AS user_message, @redact_pii(response_text) AS response_text
FROM (
  SELECT s.*, ROW_NUMBER() OVER (PARTITION BY stratum ORDER BY md5(trace_id || CAST(:salt AS VARCHAR))) AS pick
  FROM (
    SELECT t.*, CASE WHEN t.intent_confidence < CAST(:edge_confidence AS DOUBLE PRECISION) THEN 'edge_case' WHEN t.turn_no > 1 THEN 'multi_turn'
                     WHEN t.intent IN ('faq_simple', 'faq_complex') THEN 'faq' ELSE t.intent END AS stratum
    FROM (
      SELECT r.trace_id, r.intent, r.intent_confidence, r.user_message, r.response_text,
             ROW_NUMBER() OVER (PARTITION BY r.session_id ORDER BY r.ts, r.trace_id) AS turn_no
      FROM requests r
      WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP) AND r.response_text IS NOT NULL AND r.guardrail_passed
    ) t
  ) s
) ranked
WHERE pick <= CAST(:per_stratum AS INTEGER)
ORDER BY stratum, pick
