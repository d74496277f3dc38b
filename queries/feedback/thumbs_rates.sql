-- Feedback analytics (US-8.1): thumbs-up and rated responses by week (Monday, UTC) for every turn rated in
-- [from_ts, to_ts), overall and by the rated turn's intent, model version and prompt version. The rate is computed
-- per rated response; Wilson intervals are added by the job.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP end (exclusive, UTC)
-- @returns week DATE, dimension VARCHAR, value VARCHAR, rated BIGINT, up BIGINT
WITH rated AS (
  SELECT CAST(date_trunc('week', r.ts) AS DATE) AS week, r.intent, COALESCE(r.model_version, '(none)') AS model_version,
         COALESCE(r.prompt_version, '(none)') AS prompt_version, CASE WHEN f.value = 'thumbs_up' THEN 1 ELSE 0 END AS up
  FROM feedback f
  JOIN requests r ON r.trace_id = f.trace_id
  WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP) AND f.value IN ('thumbs_up', 'thumbs_down')
)
SELECT week, 'all' AS dimension, 'all' AS value, COUNT(*) AS rated, SUM(up) AS up FROM rated GROUP BY week
UNION ALL
SELECT week, 'intent', intent, COUNT(*), SUM(up) FROM rated GROUP BY week, intent
UNION ALL
SELECT week, 'model_version', model_version, COUNT(*), SUM(up) FROM rated GROUP BY week, model_version
UNION ALL
SELECT week, 'prompt_version', prompt_version, COUNT(*), SUM(up) FROM rated GROUP BY week, prompt_version
ORDER BY 1, 2, 3
