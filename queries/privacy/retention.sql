-- Retention report (US-10.3): per warehouse table, rows older than the raw-data cutoff (raw conversation data is
-- purged after 90 days) and older than the analytics cutoff (anonymized analytics kept for 2 years), and the oldest
-- row's time. Each table is dated by its own time column; human_annotations by its week.
-- @param raw_cutoff TIMESTAMP rows before this are past raw-data retention
-- @param analytics_cutoff TIMESTAMP rows before this are past analytics retention
-- @returns table_name VARCHAR, total_rows BIGINT, past_raw BIGINT, past_analytics BIGINT, oldest TIMESTAMP
WITH dated AS (
  SELECT 1 AS ord, 'requests' AS table_name, ts AS dated_at FROM requests
  UNION ALL SELECT 2, 'sessions', started_at FROM sessions
  UNION ALL SELECT 3, 'feedback', ts FROM feedback
  UNION ALL SELECT 4, 'classifier_labels', ts FROM classifier_labels
  UNION ALL SELECT 5, 'query_embeddings', ts FROM query_embeddings
  UNION ALL SELECT 6, 'shadow_comparisons', ts FROM shadow_comparisons
  UNION ALL SELECT 7, 'human_annotations', CAST(week AS TIMESTAMP) FROM human_annotations
)
SELECT table_name, COUNT(*) AS total_rows,
       SUM(CASE WHEN dated_at < CAST(:raw_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END) AS past_raw,
       SUM(CASE WHEN dated_at < CAST(:analytics_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END) AS past_analytics,
       MIN(dated_at) AS oldest
FROM dated
GROUP BY ord, table_name
ORDER BY ord
