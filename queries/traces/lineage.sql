-- One turn's lineage (US-4.1): session and customer type, classifier intent and confidence, handler, model, prompt and
-- deployment versions, experiment arm, tokens, TTFT and latency, stop reason, guardrail result and stage, flags,
-- retrieved chunk ids, the turn's feedback, and the user message with personal data redacted here (@redact_pii expands
-- to redactPii's own patterns: e-mail, SSN, card-like digit runs, phone, street address), so raw PII never leaves the
-- warehouse. The response text is not returned.
-- @param trace_id VARCHAR the turn's trace id
-- @returns trace_id VARCHAR, ts TIMESTAMP, session_id VARCHAR, user_type VARCHAR, region VARCHAR, intent VARCHAR
-- @returns intent_confidence DOUBLE, handler VARCHAR, model VARCHAR, model_version VARCHAR, prompt_version VARCHAR
-- @returns deployment_variant VARCHAR, experiment_id VARCHAR, variant VARCHAR, input_tokens BIGINT
-- @returns output_tokens BIGINT, cache_read_tokens BIGINT, cache_write_tokens BIGINT, ttft_ms DOUBLE
-- @returns latency_ms DOUBLE, stop_reason VARCHAR, guardrail_passed BOOLEAN, guardrail_stage VARCHAR
-- @returns hallucination_flag BOOLEAN, escalated BOOLEAN, is_error BOOLEAN, response_words BIGINT
-- @returns retrieved_chunk_ids VARCHAR, feedback VARCHAR, user_message_redacted VARCHAR
SELECT r.trace_id, r.ts, r.session_id, r.user_type, r.region, r.intent, r.intent_confidence, r.handler, r.model, r.model_version,
       r.prompt_version, r.deployment_variant, r.experiment_id, r.variant, r.input_tokens, r.output_tokens, r.cache_read_tokens,
       r.cache_write_tokens, r.ttft_ms, r.latency_ms, r.stop_reason, r.guardrail_passed, r.guardrail_stage, r.hallucination_flag,
       r.escalated, r.is_error, r.response_words, r.retrieved_chunk_ids,
       (SELECT MIN(f.value) FROM feedback f WHERE f.trace_id = r.trace_id) AS feedback,
       @redact_pii(r.user_message) AS user_message_redacted
FROM requests r
WHERE r.trace_id = CAST(:trace_id AS VARCHAR)
