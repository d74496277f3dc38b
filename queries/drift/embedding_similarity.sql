-- Embedding drift (US-4.2): the centroid of the training query embeddings, and the cosine similarity of every training
-- embedding and of every production embedding in the window to it. Centroid and similarities are computed here;
-- one similarity a row leaves the warehouse.
-- @param from_ts TIMESTAMP production window start (inclusive, UTC)
-- @param to_ts TIMESTAMP production window end (exclusive, UTC)
-- The engines differ in how a list is taken apart: DuckDB unnests a FLOAT[] and has list_cosine_similarity; Redshift
-- navigates a SUPER array (FROM t AS p, p.embedding AS e AT i) and sums the products itself.
-- @returns source VARCHAR, similarity DOUBLE
-- @dialect duckdb
WITH elems AS (
  SELECT generate_subscripts(embedding, 1) AS i, unnest(embedding) AS e
  FROM query_embeddings
  WHERE source = 'training' AND embedding IS NOT NULL
), centroid AS (
  SELECT list(v ORDER BY i) AS c
  FROM (SELECT i, AVG(CAST(e AS DOUBLE PRECISION)) AS v FROM elems GROUP BY i) AS per_dim
)
SELECT q.source, list_cosine_similarity(CAST(q.embedding AS DOUBLE[]), centroid.c) AS similarity
FROM query_embeddings q, centroid
WHERE q.embedding IS NOT NULL
  AND (q.source = 'training'
       OR (q.source = 'production' AND q.ts >= CAST(:from_ts AS TIMESTAMP) AND q.ts < CAST(:to_ts AS TIMESTAMP)))
ORDER BY q.source, similarity
-- @dialect end
-- @dialect redshift
-- Embeddings stored as JSON array text (embeddings=json) are parsed once into SUPER, then read as SUPER arrays are.
WITH picked AS (
  SELECT trace_id, source,
-- @dialect end
-- @dialect redshift embeddings=super
         embedding
-- @dialect end
-- @dialect redshift embeddings=json
         JSON_PARSE(embedding) AS embedding
-- @dialect end
-- @dialect redshift
  FROM query_embeddings
  WHERE embedding IS NOT NULL
    AND (source = 'training'
         OR (source = 'production' AND ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)))
), elems AS (
  SELECT p.trace_id, p.source, i, CAST(e AS DOUBLE PRECISION) AS v
  FROM picked AS p, p.embedding AS e AT i
), centroid AS (
  SELECT i, AVG(v) AS c FROM elems WHERE source = 'training' GROUP BY i
)
SELECT e.source, SUM(e.v * c.c) / (SQRT(SUM(e.v * e.v)) * SQRT(SUM(c.c * c.c))) AS similarity
FROM elems e JOIN centroid c ON e.i = c.i
GROUP BY e.trace_id, e.source
ORDER BY e.source, similarity
-- @dialect end
