-- Turns of the baseline and canary deployments in a window, with the failures the promotion gate watches: errors,
-- escalations and guardrail blocks. One row per deployment_variant.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
SELECT deployment_variant,
       COUNT(*) AS turns,
       SUM(CASE WHEN is_error THEN 1 ELSE 0 END) AS errors,
       SUM(CASE WHEN escalated THEN 1 ELSE 0 END) AS escalations,
       SUM(CASE WHEN guardrail_passed = FALSE THEN 1 ELSE 0 END) AS guardrail_blocks
FROM requests
WHERE ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)
  AND deployment_variant IN ('baseline', 'canary')
GROUP BY deployment_variant
ORDER BY deployment_variant
