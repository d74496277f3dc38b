-- One turn's lineage (US-4.1): session and customer type, classifier intent and confidence, handler, model, prompt and
-- deployment versions, experiment arm, tokens, TTFT and latency, stop reason, guardrail result and stage, flags,
-- retrieved chunk ids, the turn's feedback, and the user message with e-mail addresses, card-like digit runs and phone
-- numbers redacted here (the patterns of src/analysis/redactPii.ts), so raw PII never leaves the warehouse. The
-- response text is not returned.
-- @param trace_id VARCHAR the turn's trace id
SELECT r.trace_id, r.ts, r.session_id, r.user_type, r.region, r.intent, r.intent_confidence, r.handler, r.model, r.model_version,
       r.prompt_version, r.deployment_variant, r.experiment_id, r.variant, r.input_tokens, r.output_tokens, r.cache_read_tokens,
       r.cache_write_tokens, r.ttft_ms, r.latency_ms, r.stop_reason, r.guardrail_passed, r.guardrail_stage, r.hallucination_flag,
       r.escalated, r.is_error, r.response_words, r.retrieved_chunk_ids,
       (SELECT MIN(f.value) FROM feedback f WHERE f.trace_id = r.trace_id) AS feedback,
-- @dialect duckdb
       regexp_replace(regexp_replace(regexp_replace(r.user_message,
         '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '[EMAIL]', 'g'),
         '\b(?:\d[ -]?){13,16}\b', '[CARD]', 'g'),
         '(?:\+\d{1,3}[ .-]?)?\(?\b\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}\b', '[PHONE]', 'g') AS user_message_redacted
-- @dialect end
-- @dialect redshift
       REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(r.user_message,
         '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}', '[EMAIL]', 1, 'p'),
         '\\b(?:\\d[ -]?){13,16}\\b', '[CARD]', 1, 'p'),
         '(?:\\+\\d{1,3}[ .-]?)?\\(?\\b\\d{3}\\)?[ .-]?\\d{3}[ .-]?\\d{4}\\b', '[PHONE]', 1, 'p') AS user_message_redacted
-- @dialect end
FROM requests r
WHERE r.trace_id = CAST(:trace_id AS VARCHAR)
