-- LLM metrics (US-4.4): P50/P90/P99 of time to first token and of tokens per second (output tokens over latency minus
-- TTFT) for LLM turns, by model, by intent and by region (one block per dimension, UNION ALL).
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @returns dimension VARCHAR, segment VARCHAR, turns BIGINT, ttft_p50 DOUBLE, ttft_p90 DOUBLE, ttft_p99 DOUBLE
-- @returns tps_p50 DOUBLE, tps_p90 DOUBLE, tps_p99 DOUBLE
WITH llm AS (
  SELECT COALESCE(model_version, model, '') AS model, COALESCE(intent, '') AS intent, COALESCE(region, '') AS region, ttft_ms,
         CASE WHEN output_tokens > 0 AND latency_ms > ttft_ms THEN output_tokens * 1000.0 / (latency_ms - ttft_ms) END AS tps
  FROM requests
  WHERE ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP) AND handler = 'llm'
), t AS (
  SELECT 'model' AS dimension, model AS segment, COUNT(ttft_ms) AS turns,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY ttft_ms) AS ttft_p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY ttft_ms) AS ttft_p90, percentile_cont(0.99) WITHIN GROUP (ORDER BY ttft_ms) AS ttft_p99
  FROM llm GROUP BY model
  UNION ALL
  SELECT 'intent', intent, COUNT(ttft_ms), percentile_cont(0.5) WITHIN GROUP (ORDER BY ttft_ms), percentile_cont(0.9) WITHIN GROUP (ORDER BY ttft_ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY ttft_ms)
  FROM llm GROUP BY intent
  UNION ALL
  SELECT 'region', region, COUNT(ttft_ms), percentile_cont(0.5) WITHIN GROUP (ORDER BY ttft_ms), percentile_cont(0.9) WITHIN GROUP (ORDER BY ttft_ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY ttft_ms)
  FROM llm GROUP BY region
), s AS (
  SELECT 'model' AS dimension, model AS segment,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY tps) AS tps_p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY tps) AS tps_p90, percentile_cont(0.99) WITHIN GROUP (ORDER BY tps) AS tps_p99
  FROM llm GROUP BY model
  UNION ALL
  SELECT 'intent', intent, percentile_cont(0.5) WITHIN GROUP (ORDER BY tps), percentile_cont(0.9) WITHIN GROUP (ORDER BY tps), percentile_cont(0.99) WITHIN GROUP (ORDER BY tps)
  FROM llm GROUP BY intent
  UNION ALL
  SELECT 'region', region, percentile_cont(0.5) WITHIN GROUP (ORDER BY tps), percentile_cont(0.9) WITHIN GROUP (ORDER BY tps), percentile_cont(0.99) WITHIN GROUP (ORDER BY tps)
  FROM llm GROUP BY region
)
SELECT t.dimension, t.segment, t.turns, t.ttft_p50, t.ttft_p90, t.ttft_p99, s.tps_p50, s.tps_p90, s.tps_p99
FROM t JOIN s ON s.dimension = t.dimension AND s.segment = t.segment
ORDER BY t.dimension, t.segment
