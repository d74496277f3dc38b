-- One logged turn, for replay (US-10.1): the inputs that produced it (user message, classified intent, prompt and
-- model versions, retrieved chunk ids) and its logged output. At most one row.
-- @param trace_id VARCHAR the turn's trace id
SELECT trace_id, session_id, ts, intent, handler, model, model_version, prompt_version, retrieved_chunk_ids,
       user_message, response_text, guardrail_passed
FROM requests
WHERE trace_id = CAST(:trace_id AS VARCHAR)
