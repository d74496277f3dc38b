-- One numeric column's distribution in a reference and a current window, as value counts: one row per distinct
-- value with how often it occurs in each window, ascending. The Kolmogorov-Smirnov test and the Wasserstein distance
-- are computed from these rows exactly as from the raw values; only the counts leave the warehouse. NULLs are left
-- out and counted in null_count (on the row with value NULL, last).
-- @param metric VARCHAR latency_ms | ttft_ms | response_words | output_tokens | input_tokens
-- @param ref_from TIMESTAMP reference window start (inclusive, UTC)
-- @param ref_to TIMESTAMP reference window end (exclusive, UTC)
-- @param cur_from TIMESTAMP current window start (inclusive, UTC)
-- @param cur_to TIMESTAMP current window end (exclusive, UTC)
-- @returns value DOUBLE, ref_count BIGINT, cur_count BIGINT
WITH v AS (
  SELECT CASE WHEN ts >= CAST(:cur_from AS TIMESTAMP) THEN 1 ELSE 0 END AS is_cur,
         CASE CAST(:metric AS VARCHAR)
           WHEN 'latency_ms' THEN CAST(latency_ms AS DOUBLE PRECISION)
           WHEN 'ttft_ms' THEN CAST(ttft_ms AS DOUBLE PRECISION)
           WHEN 'response_words' THEN CAST(response_words AS DOUBLE PRECISION)
           WHEN 'output_tokens' THEN CAST(output_tokens AS DOUBLE PRECISION)
           WHEN 'input_tokens' THEN CAST(input_tokens AS DOUBLE PRECISION)
         END AS value
  FROM requests
  WHERE (ts >= CAST(:ref_from AS TIMESTAMP) AND ts < CAST(:ref_to AS TIMESTAMP))
     OR (ts >= CAST(:cur_from AS TIMESTAMP) AND ts < CAST(:cur_to AS TIMESTAMP))
)
SELECT value,
       SUM(CASE WHEN is_cur = 0 THEN 1 ELSE 0 END) AS ref_count,
       SUM(is_cur) AS cur_count
FROM v
GROUP BY value
ORDER BY value NULLS LAST
