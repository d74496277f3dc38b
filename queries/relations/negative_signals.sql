-- The turns of [prev_from_ts, to_ts), one row a turn, reduced to the flags the rule-based categorizer reads
-- (src/analysis/categorizeFailure.ts): negative when the user gave a thumbs-down, the turn was escalated or a guardrail
-- blocked it. Queries name it with -- @with negative_signals and declare its parameters; the raw user message,
-- response and feedback text are here only for those queries to redact (@redact_pii) before anything leaves.
-- feedback_hint is the first category, in FAILURE_CATEGORIES order, whose pattern matches the lower-cased
-- thumbs-down text (a pattern matches when replacing it changes the text).
-- @param prev_from_ts TIMESTAMP first instant of the previous period (inclusive, UTC)
-- @param from_ts TIMESTAMP first instant of the current period (inclusive, UTC)
-- @param to_ts TIMESTAMP end of the current period (exclusive, UTC)
-- @param low_confidence DOUBLE classifier confidence under which a turn counts as low confidence
-- @param slow_ms DOUBLE latency over which a turn counts as slow
-- @param min_words INTEGER LLM answers shorter than this count as short
-- @param hint_hallucination PATTERN feedback-text pattern of hallucination
-- @param hint_wrong_intent PATTERN feedback-text pattern of wrong_intent
-- @param hint_bad_retrieval PATTERN feedback-text pattern of bad_retrieval
-- @param hint_unhelpful_tone PATTERN feedback-text pattern of unhelpful_tone
-- @param hint_missing_info PATTERN feedback-text pattern of missing_info
-- @param hint_format_issue PATTERN feedback-text pattern of format_issue
-- @param hint_out_of_scope PATTERN feedback-text pattern of out_of_scope
-- @param hint_slow_response PATTERN feedback-text pattern of slow_response
-- @returns trace_id VARCHAR, session_id VARCHAR, ts TIMESTAMP, intent VARCHAR, handler VARCHAR, model VARCHAR
-- @returns user_message VARCHAR, response_text VARCHAR, period VARCHAR, negative BOOLEAN, thumbs_down BOOLEAN
-- @returns escalated BOOLEAN, guardrail_stage VARCHAR, hallucination_flag BOOLEAN, low_confidence BOOLEAN
-- @returns label_mismatch BOOLEAN, is_error BOOLEAN, slow BOOLEAN, stop_reason VARCHAR, no_retrieval BOOLEAN
-- @returns short_answer BOOLEAN, feedback_hint VARCHAR, feedback_text VARCHAR
SELECT r.trace_id, r.session_id, r.ts, r.intent, r.handler, r.model, r.user_message, r.response_text,
       CASE WHEN r.ts >= CAST(:from_ts AS TIMESTAMP) THEN 'current' ELSE 'previous' END AS period,
       COALESCE(fb.down, 0) = 1 OR COALESCE(r.escalated, FALSE) OR r.guardrail_passed = FALSE AS negative,
       COALESCE(fb.down, 0) = 1 AS thumbs_down,
       COALESCE(r.escalated, FALSE) AS escalated,
       CASE WHEN r.guardrail_passed = FALSE THEN COALESCE(r.guardrail_stage, 'unknown') END AS guardrail_stage,
       COALESCE(r.hallucination_flag, FALSE) AS hallucination_flag,
       COALESCE(r.intent_confidence < CAST(:low_confidence AS DOUBLE PRECISION), FALSE) AS low_confidence,
       CASE WHEN l.trace_id IS NULL THEN NULL ELSE l.true_intent <> l.predicted_intent END AS label_mismatch,
       COALESCE(r.is_error, FALSE) AS is_error,
       COALESCE(r.latency_ms > CAST(:slow_ms AS DOUBLE PRECISION), FALSE) AS slow,
       r.stop_reason,
       r.handler = 'llm' AND COALESCE(json_array_length(r.retrieved_chunk_ids), 0) = 0 AS no_retrieval,
       r.handler = 'llm' AND COALESCE(r.response_words, 0) < CAST(:min_words AS INTEGER) AS short_answer,
       CASE WHEN fb.down_text IS NULL THEN NULL
            WHEN regexp_replace(fb.down_text, :hint_hallucination, '') <> fb.down_text THEN 'hallucination'
            WHEN regexp_replace(fb.down_text, :hint_wrong_intent, '') <> fb.down_text THEN 'wrong_intent'
            WHEN regexp_replace(fb.down_text, :hint_bad_retrieval, '') <> fb.down_text THEN 'bad_retrieval'
            WHEN regexp_replace(fb.down_text, :hint_unhelpful_tone, '') <> fb.down_text THEN 'unhelpful_tone'
            WHEN regexp_replace(fb.down_text, :hint_missing_info, '') <> fb.down_text THEN 'missing_info'
            WHEN regexp_replace(fb.down_text, :hint_format_issue, '') <> fb.down_text THEN 'format_issue'
            WHEN regexp_replace(fb.down_text, :hint_out_of_scope, '') <> fb.down_text THEN 'out_of_scope'
            WHEN regexp_replace(fb.down_text, :hint_slow_response, '') <> fb.down_text THEN 'slow_response'
       END AS feedback_hint,
       fb.down_text AS feedback_text
FROM requests r
LEFT JOIN (SELECT trace_id, MAX(CASE WHEN value = 'thumbs_down' THEN 1 ELSE 0 END) AS down,
                  MIN(CASE WHEN value = 'thumbs_down' THEN lower(free_text) END) AS down_text
           FROM feedback GROUP BY trace_id) fb ON fb.trace_id = r.trace_id
LEFT JOIN (SELECT trace_id, MIN(true_intent) AS true_intent, MIN(predicted_intent) AS predicted_intent
           FROM classifier_labels GROUP BY trace_id) l ON l.trace_id = r.trace_id
WHERE r.ts >= CAST(:prev_from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP)
