-- Deletion plan (US-10.3): what a deletion request for one customer id would remove from each warehouse table: rows
-- keyed by the customer id (requests, sessions), feedback on the customer's sessions, and rows of the customer's turns
-- in the tables keyed by trace id. Tables are listed children first, the order a purge runs in.
-- @param customer_id VARCHAR the customer whose data is to be deleted
-- @returns table_name VARCHAR, match_rule VARCHAR, row_count BIGINT
WITH turns AS (SELECT trace_id FROM requests WHERE customer_id = CAST(:customer_id AS VARCHAR)),
by_trace AS (
  SELECT 1 AS ord, 'human_annotations' AS table_name, trace_id FROM human_annotations
  UNION ALL SELECT 2, 'shadow_comparisons', trace_id FROM shadow_comparisons
  UNION ALL SELECT 3, 'query_embeddings', trace_id FROM query_embeddings
  UNION ALL SELECT 4, 'classifier_labels', trace_id FROM classifier_labels
)
SELECT table_name, match_rule, row_count FROM (
  SELECT ord, table_name, 'trace_id of the customer''s turns' AS match_rule, SUM(CASE WHEN trace_id IN (SELECT trace_id FROM turns) THEN 1 ELSE 0 END) AS row_count
  FROM by_trace GROUP BY ord, table_name
  UNION ALL
  SELECT 5, 'feedback', 'session_id of the customer''s sessions', COUNT(*) FROM feedback
  WHERE session_id IN (SELECT session_id FROM sessions WHERE customer_id = CAST(:customer_id AS VARCHAR))
  UNION ALL
  SELECT 6, 'sessions', 'customer_id = :customer_id', COUNT(*) FROM sessions WHERE customer_id = CAST(:customer_id AS VARCHAR)
  UNION ALL
  SELECT 7, 'requests', 'customer_id = :customer_id', COUNT(*) FROM turns
) plan
ORDER BY ord
