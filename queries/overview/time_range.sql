-- The span of the requests table: first and last turn, and how many (for default periods and empty-period errors).
-- @returns first_ts TIMESTAMP, last_ts TIMESTAMP, requests BIGINT
SELECT MIN(ts) AS first_ts, MAX(ts) AS last_ts, COUNT(*) AS requests FROM requests
