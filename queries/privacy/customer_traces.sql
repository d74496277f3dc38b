-- The trace ids of one customer's turns: what a deletion request looks for in the workbench's own files (flywheel
-- candidates, human-evaluation exports).
-- @param customer_id VARCHAR the customer
-- @returns trace_id VARCHAR
SELECT trace_id FROM requests WHERE customer_id = CAST(:customer_id AS VARCHAR) ORDER BY trace_id
