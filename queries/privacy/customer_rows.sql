-- Deletion plan (US-10.3): what a deletion request for one customer id would remove from each warehouse table: rows
-- keyed by the customer id, and rows reached through the customer's sessions and turns.
-- @param customer_id VARCHAR the customer whose data is to be deleted
SELECT 'requests' AS table_name, 'customer_id = :customer_id' AS match_rule, COUNT(*) AS row_count FROM requests WHERE customer_id = CAST(:customer_id AS VARCHAR)
UNION ALL
SELECT 'sessions', 'customer_id = :customer_id', COUNT(*) FROM sessions WHERE customer_id = CAST(:customer_id AS VARCHAR)
UNION ALL
SELECT 'feedback', 'session_id of the customer''s sessions', COUNT(*) FROM feedback
WHERE session_id IN (SELECT session_id FROM sessions WHERE customer_id = CAST(:customer_id AS VARCHAR))
UNION ALL
SELECT 'classifier_labels', 'trace_id of the customer''s turns', COUNT(*) FROM classifier_labels
WHERE trace_id IN (SELECT trace_id FROM requests WHERE customer_id = CAST(:customer_id AS VARCHAR))
UNION ALL
SELECT 'query_embeddings', 'trace_id of the customer''s turns', COUNT(*) FROM query_embeddings
WHERE trace_id IN (SELECT trace_id FROM requests WHERE customer_id = CAST(:customer_id AS VARCHAR))
UNION ALL
SELECT 'shadow_comparisons', 'trace_id of the customer''s turns', COUNT(*) FROM shadow_comparisons
WHERE trace_id IN (SELECT trace_id FROM requests WHERE customer_id = CAST(:customer_id AS VARCHAR))
UNION ALL
SELECT 'human_annotations', 'trace_id of the customer''s turns', COUNT(*) FROM human_annotations
WHERE trace_id IN (SELECT trace_id FROM requests WHERE customer_id = CAST(:customer_id AS VARCHAR))
