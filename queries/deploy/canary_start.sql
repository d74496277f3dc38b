-- When the canary deployment first served a turn within a lookback window (NULL when it served none).
-- @param from_ts TIMESTAMP lookback start (inclusive, UTC)
-- @param to_ts TIMESTAMP lookback end (exclusive, UTC)
-- @returns first_ts TIMESTAMP, turns BIGINT
SELECT MIN(ts) AS first_ts, COUNT(*) AS turns
FROM requests
WHERE ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP) AND deployment_variant = 'canary'
