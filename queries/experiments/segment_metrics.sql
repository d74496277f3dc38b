-- Thumbs-up and conversion per variant within segments (intent of the rated turn; user type and region of the
-- session), for exploratory slicing of an experiment. Segment results are many comparisons: read them as leads.
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC)
-- @param to_ts TIMESTAMP last session start (exclusive, UTC)
-- @with experiment_sessions
-- @with experiment_intents
-- @returns dimension VARCHAR, segment VARCHAR, variant VARCHAR, rated BIGINT, thumbs_up BIGINT, sessions BIGINT
-- @returns conversions BIGINT
SELECT 'intent' AS dimension, intent AS segment, variant, SUM(rated) AS rated, SUM(thumbs_up) AS thumbs_up,
       CAST(NULL AS BIGINT) AS sessions, CAST(NULL AS BIGINT) AS conversions
FROM experiment_intents
GROUP BY intent, variant
UNION ALL
SELECT CASE WHEN GROUPING(user_type) = 0 THEN 'user_type' ELSE 'region' END,
       CASE WHEN GROUPING(user_type) = 0 THEN user_type ELSE region END,
       variant, NULL, NULL, COUNT(*), SUM(CASE WHEN converted THEN 1 ELSE 0 END)
FROM experiment_sessions
GROUP BY GROUPING SETS ((user_type, variant), (region, variant))
ORDER BY 1, 2, 3
