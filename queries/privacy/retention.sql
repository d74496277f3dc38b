-- Retention report (US-10.3): per warehouse table, rows older than the raw-data cutoff (raw conversation data is
-- purged after 90 days) and older than the analytics cutoff (anonymized analytics kept for 2 years), and the oldest
-- row's time. human_annotations is dated by its week.
-- @param raw_cutoff TIMESTAMP rows before this are past raw-data retention
-- @param analytics_cutoff TIMESTAMP rows before this are past analytics retention
SELECT 'requests' AS table_name, COUNT(*) AS total_rows, SUM(CASE WHEN ts < CAST(:raw_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END) AS past_raw,
       SUM(CASE WHEN ts < CAST(:analytics_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END) AS past_analytics, MIN(ts) AS oldest FROM requests
UNION ALL
SELECT 'sessions', COUNT(*), SUM(CASE WHEN started_at < CAST(:raw_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END),
       SUM(CASE WHEN started_at < CAST(:analytics_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END), MIN(started_at) FROM sessions
UNION ALL
SELECT 'feedback', COUNT(*), SUM(CASE WHEN ts < CAST(:raw_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END),
       SUM(CASE WHEN ts < CAST(:analytics_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END), MIN(ts) FROM feedback
UNION ALL
SELECT 'classifier_labels', COUNT(*), SUM(CASE WHEN ts < CAST(:raw_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END),
       SUM(CASE WHEN ts < CAST(:analytics_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END), MIN(ts) FROM classifier_labels
UNION ALL
SELECT 'query_embeddings', COUNT(*), SUM(CASE WHEN ts < CAST(:raw_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END),
       SUM(CASE WHEN ts < CAST(:analytics_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END), MIN(ts) FROM query_embeddings
UNION ALL
SELECT 'shadow_comparisons', COUNT(*), SUM(CASE WHEN ts < CAST(:raw_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END),
       SUM(CASE WHEN ts < CAST(:analytics_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END), MIN(ts) FROM shadow_comparisons
UNION ALL
SELECT 'human_annotations', COUNT(*), SUM(CASE WHEN week < CAST(:raw_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END),
       SUM(CASE WHEN week < CAST(:analytics_cutoff AS TIMESTAMP) THEN 1 ELSE 0 END), CAST(MIN(week) AS TIMESTAMP) FROM human_annotations
