-- Sample warehouse generator, last step: drop the generator's own tables and macros (DuckDB only; no parameters).
DROP TABLE IF EXISTS seed_sessions;
DROP TABLE IF EXISTS seed_chunk_pools;
DROP TABLE IF EXISTS seed_days;
DROP TABLE IF EXISTS cfg;
DROP MACRO IF EXISTS bucket100;
DROP MACRO IF EXISTS pick;
DROP MACRO IF EXISTS nrm;
DROP MACRO IF EXISTS u01;
