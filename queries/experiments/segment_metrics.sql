-- Thumbs-up and conversion per variant within segments (intent of the rated turn; user type and region of the
-- session), for exploratory slicing of an experiment. Segment results are many comparisons: read them as leads.
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC)
-- @param to_ts TIMESTAMP last session start (exclusive, UTC)
WITH s AS (
  SELECT session_id, variant, user_type, region, converted
  FROM sessions
  WHERE experiment_id = :experiment_id AND variant IS NOT NULL
    AND started_at >= CAST(:from_ts AS TIMESTAMP) AND started_at < CAST(:to_ts AS TIMESTAMP)
), rated AS (
  SELECT s.variant, s.user_type, s.region, r.intent, CASE WHEN f.value = 'thumbs_up' THEN 1 ELSE 0 END AS up
  FROM feedback f
  JOIN s ON s.session_id = f.session_id
  JOIN requests r ON r.trace_id = f.trace_id AND r.experiment_id = :experiment_id
)
SELECT 'intent' AS dimension, intent AS segment, variant, COUNT(*) AS rated, SUM(up) AS thumbs_up,
       CAST(NULL AS BIGINT) AS sessions, CAST(NULL AS BIGINT) AS conversions
FROM rated GROUP BY intent, variant
UNION ALL
SELECT 'user_type', user_type, variant, NULL, NULL, COUNT(*), SUM(CASE WHEN converted THEN 1 ELSE 0 END) FROM s GROUP BY user_type, variant
UNION ALL
SELECT 'region', region, variant, NULL, NULL, COUNT(*), SUM(CASE WHEN converted THEN 1 ELSE 0 END) FROM s GROUP BY region, variant
ORDER BY 1, 2, 3
