-- Cumulative-ready daily counts per variant of an experiment, by the day sessions started (UTC): sessions,
-- conversions, and rated responses with their thumbs-up. The sequential rule reads these look by look.
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC)
-- @param to_ts TIMESTAMP last session start (exclusive, UTC)
WITH s AS (
  SELECT session_id, variant, CAST(date_trunc('day', started_at) AS DATE) AS day, converted
  FROM sessions
  WHERE experiment_id = :experiment_id AND variant IS NOT NULL
    AND started_at >= CAST(:from_ts AS TIMESTAMP) AND started_at < CAST(:to_ts AS TIMESTAMP)
), fb AS (
  SELECT s.day, s.variant, COUNT(*) AS rated, SUM(CASE WHEN f.value = 'thumbs_up' THEN 1 ELSE 0 END) AS thumbs_up
  FROM feedback f
  JOIN s ON s.session_id = f.session_id
  GROUP BY s.day, s.variant
), ss AS (
  SELECT day, variant, COUNT(*) AS sessions, SUM(CASE WHEN converted THEN 1 ELSE 0 END) AS conversions
  FROM s GROUP BY day, variant
)
SELECT ss.day, ss.variant, ss.sessions, ss.conversions, COALESCE(fb.rated, 0) AS rated, COALESCE(fb.thumbs_up, 0) AS thumbs_up
FROM ss LEFT JOIN fb ON fb.day = ss.day AND fb.variant = ss.variant
ORDER BY ss.day, ss.variant
