-- The monitored metrics (US-3.5, US-4.4, US-4.5) on consecutive windows of bucket_minutes, aligned to UTC: turn,
-- error, escalation, hallucination and guardrail counts, P99 latency and TTFT, median tokens per second (output
-- tokens over generation time, latency minus TTFT), unexpected stop reasons, mean response length, thumbs (by the
-- feedback's own time) and CSAT (sessions started in the window), with the standard deviations the alerts' one-sided
-- tests of a mean need. On Redshift each sort-based aggregate has its own CTE (one ORDER BY per select); DuckDB
-- takes the three percentiles in the counts' own pass, which reads the window once rather than four times.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @param bucket_minutes INTEGER window length in minutes
-- @returns bucket BIGINT, turns BIGINT, llm_turns BIGINT, errors BIGINT, escalations BIGINT, hallucinations BIGINT
-- @returns guardrail_passes BIGINT, guardrail_checked BIGINT, unexpected_stops BIGINT, stops BIGINT
-- @returns response_words_mean DOUBLE, response_words_n BIGINT, latency_n BIGINT, ttft_n BIGINT, tps_n BIGINT
-- @returns latency_p99_ms DOUBLE, ttft_p99_ms DOUBLE, tps_p50 DOUBLE, rated BIGINT, thumbs_down BIGINT
-- @returns csat_responses BIGINT, csat_mean DOUBLE, response_words_sd DOUBLE, csat_sd DOUBLE
WITH r AS (
  SELECT CAST(floor(EXTRACT(EPOCH FROM ts) / (60 * CAST(:bucket_minutes AS INTEGER))) AS BIGINT) AS bucket,
         handler, is_error, escalated, hallucination_flag, guardrail_passed, latency_ms, ttft_ms, stop_reason, response_words,
         CASE WHEN handler = 'llm' AND output_tokens > 0 AND latency_ms > ttft_ms THEN output_tokens * 1000.0 / (latency_ms - ttft_ms) END AS tps
  FROM requests
  WHERE ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)
), counts AS (
  SELECT bucket,
         COUNT(*) AS turns,
         SUM(CASE WHEN handler = 'llm' THEN 1 ELSE 0 END) AS llm_turns,
         SUM(CASE WHEN is_error THEN 1 ELSE 0 END) AS errors,
         SUM(CASE WHEN escalated THEN 1 ELSE 0 END) AS escalations,
         SUM(CASE WHEN handler = 'llm' AND hallucination_flag THEN 1 ELSE 0 END) AS hallucinations,
         SUM(CASE WHEN guardrail_passed THEN 1 ELSE 0 END) AS guardrail_passes,
         SUM(CASE WHEN guardrail_passed IS NOT NULL THEN 1 ELSE 0 END) AS guardrail_checked,
         SUM(CASE WHEN handler = 'llm' AND stop_reason IS NOT NULL AND stop_reason NOT IN ('end_turn', 'stop_sequence') THEN 1 ELSE 0 END) AS unexpected_stops,
         SUM(CASE WHEN handler = 'llm' AND stop_reason IS NOT NULL THEN 1 ELSE 0 END) AS stops,
         AVG(CAST(response_words AS DOUBLE PRECISION)) AS response_words_mean,
         COUNT(response_words) AS response_words_n,
         STDDEV_SAMP(CAST(response_words AS DOUBLE PRECISION)) AS response_words_sd,
         COUNT(latency_ms) AS latency_n,
         COUNT(ttft_ms) AS ttft_n,
         COUNT(tps) AS tps_n
-- @dialect duckdb
         , quantile_cont(latency_ms, 0.99) AS latency_p99_ms, quantile_cont(ttft_ms, 0.99) AS ttft_p99_ms,
         quantile_cont(tps, 0.5) AS tps_p50
-- @dialect end
  FROM r GROUP BY bucket
-- @dialect redshift
), lat AS (
  SELECT bucket, percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS latency_p99_ms FROM r WHERE latency_ms IS NOT NULL GROUP BY bucket
), ttft AS (
  SELECT bucket, percentile_cont(0.99) WITHIN GROUP (ORDER BY ttft_ms) AS ttft_p99_ms FROM r WHERE ttft_ms IS NOT NULL GROUP BY bucket
), tps AS (
  SELECT bucket, percentile_cont(0.5) WITHIN GROUP (ORDER BY tps) AS tps_p50 FROM r WHERE tps IS NOT NULL GROUP BY bucket
-- @dialect end
), fb AS (
  SELECT CAST(floor(EXTRACT(EPOCH FROM ts) / (60 * CAST(:bucket_minutes AS INTEGER))) AS BIGINT) AS bucket,
         COUNT(*) AS rated, SUM(CASE WHEN value = 'thumbs_down' THEN 1 ELSE 0 END) AS thumbs_down
  FROM feedback
  WHERE ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)
  GROUP BY 1
), cs AS (
  SELECT CAST(floor(EXTRACT(EPOCH FROM started_at) / (60 * CAST(:bucket_minutes AS INTEGER))) AS BIGINT) AS bucket,
         COUNT(csat) AS csat_responses, AVG(CAST(csat AS DOUBLE PRECISION)) AS csat_mean,
         STDDEV_SAMP(CAST(csat AS DOUBLE PRECISION)) AS csat_sd
  FROM sessions
  WHERE started_at >= CAST(:from_ts AS TIMESTAMP) AND started_at < CAST(:to_ts AS TIMESTAMP)
  GROUP BY 1
)
SELECT c.bucket, c.turns, c.llm_turns, c.errors, c.escalations, c.hallucinations, c.guardrail_passes, c.guardrail_checked,
       c.unexpected_stops, c.stops, c.response_words_mean, c.response_words_n, c.latency_n, c.ttft_n, c.tps_n,
-- @dialect duckdb
       c.latency_p99_ms, c.ttft_p99_ms, c.tps_p50,
-- @dialect end
-- @dialect redshift
       lat.latency_p99_ms, ttft.ttft_p99_ms, tps.tps_p50,
-- @dialect end
       COALESCE(fb.rated, 0) AS rated, COALESCE(fb.thumbs_down, 0) AS thumbs_down,
       COALESCE(cs.csat_responses, 0) AS csat_responses, cs.csat_mean, c.response_words_sd, cs.csat_sd
FROM counts c
-- @dialect redshift
LEFT JOIN lat ON lat.bucket = c.bucket
LEFT JOIN ttft ON ttft.bucket = c.bucket
LEFT JOIN tps ON tps.bucket = c.bucket
-- @dialect end
LEFT JOIN fb ON fb.bucket = c.bucket
LEFT JOIN cs ON cs.bucket = c.bucket
ORDER BY c.bucket
