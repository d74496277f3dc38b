-- The rollup tables present in the source's schema (information_schema, the same on DuckDB and Redshift).
-- @param schema VARCHAR the schema holding the warehouse tables (DuckDB: main; Redshift: its schema= setting)
-- @returns table_name VARCHAR
SELECT DISTINCT table_name FROM information_schema.tables WHERE table_schema = :schema AND table_name LIKE 'rollup%' ORDER BY table_name
