-- The rollup tables present in the source (information_schema, the same on DuckDB and Redshift).
-- @returns table_name VARCHAR
SELECT DISTINCT table_name FROM information_schema.tables WHERE table_name LIKE 'rollup%' ORDER BY table_name
