-- A deterministic sample of query embeddings for the drift detectors that need the vectors themselves (per-dimension
-- tests, the domain classifier, maximum mean discrepancy): up to sample_size training embeddings and up to
-- sample_size production embeddings of the window, those whose md5(trace_id) sorts first. md5 orders the ids at
-- random, so this is a uniform sample without replacement, the same on every run and on both engines; only the
-- sample leaves the warehouse, whatever the table's size.
-- @param from_ts TIMESTAMP production window start (inclusive, UTC)
-- @param to_ts TIMESTAMP production window end (exclusive, UTC)
-- @param sample_size INTEGER embeddings per source at most
-- @returns source VARCHAR, trace_id VARCHAR, embedding DOUBLE[]
WITH ranked AS (
  SELECT trace_id, source, ROW_NUMBER() OVER (PARTITION BY source ORDER BY md5(trace_id)) AS k
  FROM query_embeddings
  WHERE embedding IS NOT NULL
    AND (source = 'training' OR (source = 'production' AND ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)))
)
SELECT r.source, r.trace_id,
-- @dialect duckdb
       q.embedding
-- @dialect end
-- @dialect redshift embeddings=super
       JSON_SERIALIZE(q.embedding) AS embedding
-- @dialect end
-- @dialect redshift embeddings=json
       q.embedding
-- @dialect end
FROM ranked r JOIN query_embeddings q ON q.trace_id = r.trace_id
WHERE r.k BETWEEN 1 AND CAST(:sample_size AS INTEGER) -- not "<=": docs/warehouse.md, "DuckDB and a top-1 window"
ORDER BY r.source, r.k
