-- The rated responses of experiment_sessions (named before it with -- @with): variant and session start with rated
-- and thumbs-up counts (here one row a rating, 1 and 0 or 1; in rollup_experiment_sessions one row a session with its
-- sums), so a query sums them the same way from either. Feedback carries its session id: no pass over requests.
-- @returns session_id VARCHAR, variant VARCHAR, started_at TIMESTAMP, rated BIGINT, thumbs_up BIGINT
SELECT s.session_id, s.variant, s.started_at, 1 AS rated, CASE WHEN f.value = 'thumbs_up' THEN 1 ELSE 0 END AS thumbs_up
FROM feedback f
JOIN experiment_sessions s ON s.session_id = f.session_id
