-- Rated responses and thumbs-up per variant and intent of the rated turn, over the sessions of experiment_sessions
-- (named before it with -- @with). Stands in rollup_experiment_intents' place when that is stale.
-- @param experiment_id VARCHAR the experiment
-- @returns variant VARCHAR, intent VARCHAR, rated BIGINT, thumbs_up BIGINT
SELECT s.variant, r.intent, COUNT(*) AS rated, SUM(CASE WHEN f.value = 'thumbs_up' THEN 1 ELSE 0 END) AS thumbs_up
FROM feedback f
JOIN experiment_sessions s ON s.session_id = f.session_id
JOIN requests r ON r.trace_id = f.trace_id AND r.experiment_id = :experiment_id
GROUP BY s.variant, r.intent
