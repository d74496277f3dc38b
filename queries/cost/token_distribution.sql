-- Distribution of tokens per session (input + output of its LLM turns in the period, what the session budget
-- counts): a histogram with fixed-width buckets, each row also carrying the session count and exact percentiles.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @param bucket_tokens INTEGER width of a histogram bucket in tokens
-- @returns bucket_start DOUBLE, bucket_end DOUBLE, bucket_sessions BIGINT, sessions BIGINT, mean_tokens DOUBLE
-- @returns p50_tokens DOUBLE, p90_tokens DOUBLE, p99_tokens DOUBLE, max_tokens BIGINT
WITH per_session AS (
  SELECT r.session_id,
         SUM(CASE WHEN r.model IS NOT NULL THEN COALESCE(r.input_tokens, 0) + COALESCE(r.output_tokens, 0) ELSE 0 END) AS tokens
  FROM requests r
  WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP)
  GROUP BY r.session_id
), pct AS (
  SELECT COUNT(*) AS sessions,
         AVG(CAST(tokens AS DOUBLE PRECISION)) AS mean_tokens,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY tokens) AS p50_tokens,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY tokens) AS p90_tokens,
         percentile_cont(0.99) WITHIN GROUP (ORDER BY tokens) AS p99_tokens,
         MAX(tokens) AS max_tokens
  FROM per_session
), hist AS (
  SELECT FLOOR(tokens / CAST(:bucket_tokens AS DOUBLE PRECISION)) * CAST(:bucket_tokens AS INTEGER) AS bucket_start,
         COUNT(*) AS bucket_sessions
  FROM per_session
  GROUP BY 1
)
SELECT h.bucket_start, h.bucket_start + CAST(:bucket_tokens AS INTEGER) AS bucket_end, h.bucket_sessions,
       p.sessions, p.mean_tokens, p.p50_tokens, p.p90_tokens, p.p99_tokens, p.max_tokens
FROM hist h CROSS JOIN pct p
ORDER BY h.bucket_start
