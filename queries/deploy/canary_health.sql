-- Turns of the baseline and canary deployments in a window, with what the canary analysis (US-3.4) judges: errors,
-- escalations, guardrail blocks, turns slower than the latency limit and the P99 latency. One row per
-- deployment_variant.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @param latency_limit_ms DOUBLE the P99 latency limit; turns above it are counted as slow
-- @returns deployment_variant VARCHAR, turns BIGINT, errors BIGINT, escalations BIGINT, guardrail_blocks BIGINT
-- @returns slow_turns BIGINT, latency_p99_ms DOUBLE
WITH d AS (
  SELECT deployment_variant, is_error, escalated, guardrail_passed, latency_ms
  FROM requests
  WHERE ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)
    AND deployment_variant IN ('baseline', 'canary')
), c AS (
  SELECT deployment_variant,
         COUNT(*) AS turns,
         SUM(CASE WHEN is_error THEN 1 ELSE 0 END) AS errors,
         SUM(CASE WHEN escalated THEN 1 ELSE 0 END) AS escalations,
         SUM(CASE WHEN guardrail_passed = FALSE THEN 1 ELSE 0 END) AS guardrail_blocks,
         SUM(CASE WHEN latency_ms > CAST(:latency_limit_ms AS DOUBLE PRECISION) THEN 1 ELSE 0 END) AS slow_turns
  FROM d GROUP BY deployment_variant
), p AS (
  SELECT deployment_variant, percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS latency_p99_ms
  FROM d WHERE latency_ms IS NOT NULL GROUP BY deployment_variant
)
SELECT c.*, p.latency_p99_ms
FROM c LEFT JOIN p ON p.deployment_variant = c.deployment_variant
ORDER BY c.deployment_variant
