-- How many values of a percentile metric lie past an alert's lines, per window of bucket_minutes aligned to UTC: the
-- counts the alerts' one-sided test of a percentile rests on (P99 above a line means more than 1% of the values are
-- above it). metric: latency_ms, ttft_ms or tps (output tokens over generation time, as window_metrics computes it).
-- @param metric VARCHAR latency_ms, ttft_ms or tps
-- @param lower_limit DOUBLE values strictly below it are counted in below
-- @param upper_limit DOUBLE values strictly above it are counted in above
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @param bucket_minutes INTEGER window length in minutes
-- @returns bucket BIGINT, n BIGINT, below BIGINT, above BIGINT
WITH r AS (
  SELECT CAST(floor(EXTRACT(EPOCH FROM ts) / (60 * CAST(:bucket_minutes AS INTEGER))) AS BIGINT) AS bucket,
         CASE CAST(:metric AS VARCHAR)
           WHEN 'latency_ms' THEN CAST(latency_ms AS DOUBLE PRECISION)
           WHEN 'ttft_ms' THEN CAST(ttft_ms AS DOUBLE PRECISION)
           WHEN 'tps' THEN CASE WHEN handler = 'llm' AND output_tokens > 0 AND latency_ms > ttft_ms THEN output_tokens * 1000.0 / (latency_ms - ttft_ms) END
         END AS v
  FROM requests
  WHERE ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)
)
SELECT bucket,
       COUNT(v) AS n,
       SUM(CASE WHEN v < CAST(:lower_limit AS DOUBLE PRECISION) THEN 1 ELSE 0 END) AS below,
       SUM(CASE WHEN v > CAST(:upper_limit AS DOUBLE PRECISION) THEN 1 ELSE 0 END) AS above
FROM r
GROUP BY bucket
ORDER BY bucket
