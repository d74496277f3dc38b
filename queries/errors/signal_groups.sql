-- Error analysis (US-8.2): the negative turns of the current and previous period grouped by period, intent and the
-- categorizer's flags, so only counts leave the warehouse: turns, unconverted sessions (each session split evenly over
-- its negative turns of the period) and two example trace ids a group; and the conversion rate of the current
-- period's sessions without any negative turn (the impact baseline).
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
-- @returns period VARCHAR, intent VARCHAR, thumbs_down BOOLEAN, escalated BOOLEAN, guardrail_stage VARCHAR
-- @returns hallucination_flag BOOLEAN, low_confidence BOOLEAN, label_mismatch BOOLEAN, is_error BOOLEAN
-- @returns slow BOOLEAN, stop_reason VARCHAR, no_retrieval BOOLEAN, short_answer BOOLEAN, feedback_hint VARCHAR
-- @returns turns BIGINT, unconverted_sessions DOUBLE, example_a VARCHAR, example_b VARCHAR
-- @returns baseline_conversion DOUBLE
SELECT n.period, n.intent, n.thumbs_down, n.escalated, n.guardrail_stage, n.hallucination_flag, n.low_confidence, n.label_mismatch,
       n.is_error, n.slow, n.stop_reason, n.no_retrieval, n.short_answer, n.feedback_hint,
       COUNT(*) AS turns,
       SUM(CASE WHEN s.converted = FALSE THEN 1.0 / n.negatives_in_session ELSE 0 END) AS unconverted_sessions,
       MIN(n.trace_id) AS example_a, MAX(n.trace_id) AS example_b,
       MAX(b.baseline_conversion) AS baseline_conversion
FROM (SELECT ns.*, COUNT(*) OVER (PARTITION BY ns.period, ns.session_id) AS negatives_in_session FROM negative_signals ns WHERE ns.negative) n
LEFT JOIN sessions s ON s.session_id = n.session_id
CROSS JOIN (SELECT AVG(CASE WHEN s2.converted THEN 1.0 ELSE 0.0 END) AS baseline_conversion
            FROM sessions s2
            WHERE s2.started_at >= CAST(:from_ts AS TIMESTAMP) AND s2.started_at < CAST(:to_ts AS TIMESTAMP)
              AND s2.session_id NOT IN (SELECT ns2.session_id FROM negative_signals ns2 WHERE ns2.negative AND ns2.period = 'current' AND ns2.session_id IS NOT NULL)) b
GROUP BY n.period, n.intent, n.thumbs_down, n.escalated, n.guardrail_stage, n.hallucination_flag, n.low_confidence, n.label_mismatch,
         n.is_error, n.slow, n.stop_reason, n.no_retrieval, n.short_answer, n.feedback_hint
ORDER BY n.period, turns DESC, example_a
