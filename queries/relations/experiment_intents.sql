-- Rated responses and thumbs-up per variant, day (UTC) of the session's start and intent of the rated turn, over the
-- sessions of experiment_sessions (named before it with -- @with); the day lets a rollup refresh replace the newest
-- days alone. A session's turns and ratings come after its start, so only those from from_ts on are read. Stands in
-- rollup_experiment_intents' place when that is stale.
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC)
-- @returns variant VARCHAR, day DATE, intent VARCHAR, rated BIGINT, thumbs_up BIGINT
SELECT s.variant, CAST(date_trunc('day', s.started_at) AS DATE) AS day, r.intent, COUNT(*) AS rated,
       SUM(CASE WHEN f.value = 'thumbs_up' THEN 1 ELSE 0 END) AS thumbs_up
FROM feedback f
JOIN experiment_sessions s ON s.session_id = f.session_id
JOIN requests r ON r.trace_id = f.trace_id AND r.experiment_id = :experiment_id AND r.ts >= CAST(:from_ts AS TIMESTAMP)
WHERE f.ts >= CAST(:from_ts AS TIMESTAMP)
GROUP BY s.variant, CAST(date_trunc('day', s.started_at) AS DATE), r.intent
