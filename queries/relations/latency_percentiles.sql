-- P50 and P99 latency per group, exact and equal to percentile_cont, from a relation `latency_counts` (grp,
-- latency_ms, turns: distinct values and their turn counts) that the including query names with
-- `-- @with latency_counts from <file>`. percentile_cont at q interpolates between the values at 0-based ranks
-- floor((n - 1) q) and ceil((n - 1) q); the value at rank k is the smallest whose cumulative count exceeds k. One
-- window pass over the distinct values, so no turn is sorted. Columns: grp, turns, latency_p50_ms, latency_p99_ms.
-- @returns grp VARCHAR, turns BIGINT, latency_p50_ms DOUBLE, latency_p99_ms DOUBLE
SELECT grp, n AS turns,
       v50_lo + ((n - 1) * 0.5 - FLOOR((n - 1) * 0.5)) * (v50_hi - v50_lo) AS latency_p50_ms,
       v99_lo + ((n - 1) * 0.99 - FLOOR((n - 1) * 0.99)) * (v99_hi - v99_lo) AS latency_p99_ms
FROM (
  SELECT grp, n,
         MIN(CASE WHEN cum > FLOOR((n - 1) * 0.5) THEN latency_ms END) AS v50_lo,
         MIN(CASE WHEN cum > CEILING((n - 1) * 0.5) THEN latency_ms END) AS v50_hi,
         MIN(CASE WHEN cum > FLOOR((n - 1) * 0.99) THEN latency_ms END) AS v99_lo,
         MIN(CASE WHEN cum > CEILING((n - 1) * 0.99) THEN latency_ms END) AS v99_hi
  FROM (
    SELECT grp, latency_ms,
           SUM(turns) OVER (PARTITION BY grp ORDER BY latency_ms ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum,
           SUM(turns) OVER (PARTITION BY grp) AS n
    FROM latency_counts
  ) c
  GROUP BY grp, n
) v
