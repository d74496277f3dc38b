-- Experiments that ran during a period (started before it ended, not ended before it started).
-- @param from_ts TIMESTAMP start of the period (inclusive, UTC)
-- @param to_ts TIMESTAMP end of the period (exclusive, UTC)
-- @returns experiment_id VARCHAR
SELECT experiment_id
FROM experiments
WHERE started_at < CAST(:to_ts AS TIMESTAMP) AND (ended_at IS NULL OR ended_at > CAST(:from_ts AS TIMESTAMP))
ORDER BY started_at, experiment_id
