-- Cumulative-ready daily counts per variant of an experiment, by the day sessions started (UTC): sessions,
-- conversions, and rated responses with their thumbs-up. The sequential rule reads these look by look.
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC)
-- @param to_ts TIMESTAMP last session start (exclusive, UTC)
-- @with experiment_sessions
-- @with experiment_feedback
-- @returns day DATE, variant VARCHAR, sessions BIGINT, conversions BIGINT, rated BIGINT, thumbs_up BIGINT
WITH ss AS (
  SELECT CAST(date_trunc('day', started_at) AS DATE) AS day, variant,
         COUNT(*) AS sessions, SUM(CASE WHEN converted THEN 1 ELSE 0 END) AS conversions
  FROM experiment_sessions
  GROUP BY CAST(date_trunc('day', started_at) AS DATE), variant
), fb AS (
  SELECT CAST(date_trunc('day', started_at) AS DATE) AS day, variant, SUM(rated) AS rated, SUM(thumbs_up) AS thumbs_up
  FROM experiment_feedback
  GROUP BY CAST(date_trunc('day', started_at) AS DATE), variant
)
SELECT ss.day, ss.variant, ss.sessions, ss.conversions, COALESCE(fb.rated, 0) AS rated, COALESCE(fb.thumbs_up, 0) AS thumbs_up
FROM ss LEFT JOIN fb ON fb.day = ss.day AND fb.variant = ss.variant
ORDER BY ss.day, ss.variant
