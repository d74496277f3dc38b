-- Human evaluation (US-3.6): the annotations of the weeks starting in [from_date, to_date), one row per sample and
-- annotator, each with its turn's intent and automated signals (thumbs, hallucination flag, guardrail result,
-- latency, answer length, classifier confidence), for agreement, trends and calibration against automated metrics.
-- @param from_date DATE first week (its Monday, inclusive)
-- @param to_date DATE end (exclusive)
-- @returns sample_id VARCHAR, trace_id VARCHAR, annotator_id VARCHAR, week DATE, factual_correctness BIGINT
-- @returns helpfulness BIGINT, tone_appropriateness BIGINT, format_quality BIGINT, purchase_likelihood BOOLEAN
-- @returns failure_category VARCHAR, intent VARCHAR, hallucination_flag BOOLEAN, guardrail_passed BOOLEAN
-- @returns latency_ms DOUBLE, response_words BIGINT, intent_confidence DOUBLE, thumbs_up BIGINT
SELECT h.sample_id, h.trace_id, h.annotator_id, h.week, h.factual_correctness, h.helpfulness, h.tone_appropriateness, h.format_quality,
       h.purchase_likelihood, h.failure_category, r.intent, r.hallucination_flag, r.guardrail_passed, r.latency_ms, r.response_words,
       r.intent_confidence, fb.thumbs_up
FROM human_annotations h
LEFT JOIN requests r ON r.trace_id = h.trace_id
LEFT JOIN (SELECT trace_id, MAX(CASE WHEN value = 'thumbs_up' THEN 1 WHEN value = 'thumbs_down' THEN 0 END) AS thumbs_up
           FROM feedback GROUP BY trace_id) fb ON fb.trace_id = h.trace_id
WHERE h.week >= CAST(:from_date AS DATE) AND h.week < CAST(:to_date AS DATE)
ORDER BY h.week, h.sample_id, h.annotator_id
