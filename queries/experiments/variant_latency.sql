-- Latency P50 and P99 per variant of an experiment, over the turns of its sessions within [from_ts, to_ts)
-- (requests carry the experiment and variant, so no join is needed). Descriptive: percentiles get no posterior.
-- Exact and equal to percentile_cont: from the distinct values and their counts, the value at 0-based rank
-- floor((n - 1) q) and the next one are found by cumulative count and interpolated, so no turn is sorted.
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @with experiment_latency
WITH cum AS (
  SELECT variant, latency_ms, turns,
         SUM(turns) OVER (PARTITION BY variant ORDER BY latency_ms ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - turns AS below
  FROM experiment_latency
), totals AS (
  SELECT variant, SUM(turns) AS n FROM experiment_latency GROUP BY variant
), ranks AS (
  SELECT t.variant, t.n, q.q, (t.n - 1) * q.q AS pos,
         FLOOR((t.n - 1) * q.q) AS lo, CEILING((t.n - 1) * q.q) AS hi
  FROM totals t
  CROSS JOIN (SELECT CAST(0.5 AS DOUBLE PRECISION) AS q UNION ALL SELECT CAST(0.99 AS DOUBLE PRECISION)) q
), points AS (
  SELECT k.variant, k.n, k.q,
         MIN(CASE WHEN c.below <= k.lo AND k.lo < c.below + c.turns THEN c.latency_ms END)
         + (k.pos - k.lo) * (MIN(CASE WHEN c.below <= k.hi AND k.hi < c.below + c.turns THEN c.latency_ms END)
                             - MIN(CASE WHEN c.below <= k.lo AND k.lo < c.below + c.turns THEN c.latency_ms END)) AS value
  FROM ranks k
  JOIN cum c ON c.variant = k.variant AND c.below <= k.hi AND k.lo < c.below + c.turns
  GROUP BY k.variant, k.n, k.q, k.pos, k.lo
)
SELECT variant, n AS turns,
       MAX(CASE WHEN q = 0.5 THEN value END) AS latency_p50_ms,
       MAX(CASE WHEN q = 0.99 THEN value END) AS latency_p99_ms
FROM points
GROUP BY variant, n
ORDER BY variant
