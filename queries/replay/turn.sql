-- One logged turn, for replay (US-10.1): the inputs that produced it (user message, classified intent, prompt and
-- model versions, retrieved chunk ids) and its logged output, personal data redacted here (@redact_pii) so none of it
-- is sent to the model again or shown in the report. At most one row.
-- @param trace_id VARCHAR the turn's trace id
-- @returns trace_id VARCHAR, session_id VARCHAR, ts TIMESTAMP, intent VARCHAR, handler VARCHAR, model VARCHAR
-- @returns model_version VARCHAR, prompt_version VARCHAR, retrieved_chunk_ids VARCHAR, user_message VARCHAR
-- @returns response_text VARCHAR, guardrail_passed BOOLEAN
SELECT trace_id, session_id, ts, intent, handler, model, model_version, prompt_version, retrieved_chunk_ids,
       @redact_pii(user_message) AS user_message, @redact_pii(response_text) AS response_text, guardrail_passed
FROM requests
WHERE trace_id = CAST(:trace_id AS VARCHAR)
