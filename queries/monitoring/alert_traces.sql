-- Trace ids to drill into for an alert: turns in the alert's worst window that show the failure the metric counts
-- (hallucinations, escalations, errors, guardrail blocks, unexpected stops, thumbs-down, sessions rated 1 or 2), or the slowest / longest
-- turns for latency, TTFT, speed and length metrics. Newest first within the ordering; at most max_traces.
-- @param metric VARCHAR the alert's metric
-- @param from_ts TIMESTAMP window start (inclusive, UTC)
-- @param to_ts TIMESTAMP window end (exclusive, UTC)
-- @param max_traces INTEGER how many trace ids
-- @returns trace_id VARCHAR
WITH picked AS (
  SELECT r.trace_id, r.ts,
         CASE CAST(:metric AS VARCHAR)
           WHEN 'hallucination_rate' THEN CASE WHEN r.hallucination_flag THEN 1 ELSE 0 END
           WHEN 'escalation_rate' THEN CASE WHEN r.escalated THEN 1 ELSE 0 END
           WHEN 'error_rate' THEN CASE WHEN r.is_error THEN 1 ELSE 0 END
           WHEN 'guardrail_pass_rate' THEN CASE WHEN r.guardrail_passed = FALSE THEN 1 ELSE 0 END
           WHEN 'unexpected_stop_rate' THEN CASE WHEN r.stop_reason NOT IN ('end_turn', 'stop_sequence') THEN 1 ELSE 0 END
           WHEN 'csat_mean' THEN CASE WHEN EXISTS (SELECT 1 FROM sessions s WHERE s.session_id = r.session_id AND s.csat <= 2) THEN 1 ELSE 0 END
           WHEN 'thumbs_down_rate' THEN CASE WHEN EXISTS (SELECT 1 FROM feedback f WHERE f.trace_id = r.trace_id AND f.value = 'thumbs_down') THEN 1 ELSE 0 END
           ELSE 1
         END AS failed,
         CASE CAST(:metric AS VARCHAR)
           WHEN 'latency_p99_ms' THEN r.latency_ms
           WHEN 'ttft_p99_ms' THEN r.ttft_ms
           WHEN 'tps_p50' THEN -(r.output_tokens * 1000.0 / NULLIF(r.latency_ms - r.ttft_ms, 0))
           WHEN 'response_words_mean' THEN CAST(r.response_words AS DOUBLE PRECISION)
           ELSE 0
         END AS severity
  FROM requests r
  WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP)
), ranked AS (
  SELECT trace_id, ROW_NUMBER() OVER (ORDER BY severity DESC NULLS LAST, ts DESC, trace_id) AS k
  FROM picked WHERE failed = 1
)
SELECT trace_id FROM ranked WHERE k BETWEEN 1 AND CAST(:max_traces AS INTEGER) ORDER BY k -- not "<=": docs/warehouse.md, "DuckDB and a top-1 window"
