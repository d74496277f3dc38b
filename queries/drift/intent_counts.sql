-- Turns per classified intent in a window, for the intent-mix drift check (US-4.2). Turns without an intent are
-- counted under the empty string so they are not silently dropped.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @returns intent VARCHAR, turns BIGINT
SELECT COALESCE(intent, '') AS intent, COUNT(*) AS turns
FROM requests
WHERE ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)
GROUP BY COALESCE(intent, '')
ORDER BY intent
