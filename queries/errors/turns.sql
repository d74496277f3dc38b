-- Single turns with their categorizer flags and their text, PII redacted here (@redact_pii): with labelled = false, a
-- fixed pseudo-random sample (md5 order) of the current period's negative turns for the LLM categorizer; with
-- labelled = true, the current period's turns the human annotators agreed on a failure category for (the labelled
-- sample the categorizers are measured against), with that category. With trace_ids not empty, the turns of the
-- period those ids name instead, labelled or not (a judge's sample whose human labels come from a file); the ids are
-- one bound string, comma-separated, so the same text serves DuckDB and Redshift without a list type.
-- @with negative_signals
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
-- @param labelled BOOLEAN true: the human-labelled turns; false: the sample of negative turns
-- @param max_turns INTEGER at most this many turns
-- @param trace_ids VARCHAR comma-separated trace ids to read instead of the labelled turns or the sample ('' for none)
-- @returns trace_id VARCHAR, intent VARCHAR, thumbs_down BOOLEAN, escalated BOOLEAN, guardrail_stage VARCHAR
-- @returns hallucination_flag BOOLEAN, low_confidence BOOLEAN, label_mismatch BOOLEAN, is_error BOOLEAN
-- @returns slow BOOLEAN, stop_reason VARCHAR, no_retrieval BOOLEAN, short_answer BOOLEAN, feedback_hint VARCHAR
-- @returns human_category VARCHAR, model VARCHAR, user_message VARCHAR, response_text VARCHAR
-- @returns feedback_text VARCHAR
SELECT p.trace_id, p.intent, p.thumbs_down, p.escalated, p.guardrail_stage, p.hallucination_flag, p.low_confidence, p.label_mismatch,
       p.is_error, p.slow, p.stop_reason, p.no_retrieval, p.short_answer, p.feedback_hint, p.human_category, p.model,
       @redact_pii(p.user_message) AS user_message,
       @redact_pii(p.response_text) AS response_text,
       @redact_pii(p.feedback_text) AS feedback_text
FROM (
  SELECT n.*, h.category AS human_category, ROW_NUMBER() OVER (ORDER BY md5(n.trace_id)) AS pick
  FROM negative_signals n
  LEFT JOIN (SELECT trace_id, MIN(failure_category) AS category FROM human_annotations GROUP BY trace_id
             HAVING MIN(failure_category) = MAX(failure_category) AND MIN(failure_category) <> 'none') h ON h.trace_id = n.trace_id
  WHERE n.period = 'current'
    AND CASE WHEN CAST(:trace_ids AS VARCHAR) <> ''
             THEN POSITION(',' || n.trace_id || ',' IN ',' || CAST(:trace_ids AS VARCHAR) || ',') > 0 
             ELSE (CAST(:labelled AS BOOLEAN) AND h.category IS NOT NULL) OR (NOT CAST(:labelled AS BOOLEAN) AND n.negative) END
) p
WHERE p.pick BETWEEN 1 AND CAST(:max_turns AS INTEGER) -- not "<=": see docs/warehouse.md, "DuckDB and a top-1 window"
ORDER BY p.pick
