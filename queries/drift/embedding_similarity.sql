-- Embedding drift (US-4.2): the centroid of the training query embeddings, and the cosine similarity of every training
-- embedding and of every production embedding in the window to it. A training embedding is compared with the centroid
-- of the other training embeddings (leave one out: cos(x, n c - x)), or its own share of the centroid would pull it
-- closer than any production query can come, a false alarm on embeddings centred near zero. Centroid and
-- similarities are computed here; one similarity a row leaves the warehouse.
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
  SELECT list(v ORDER BY i) AS c,
         (SELECT COUNT(*) FROM query_embeddings WHERE source = 'training' AND embedding IS NOT NULL) AS n
  FROM (SELECT i, AVG(CAST(e AS DOUBLE PRECISION)) AS v FROM elems GROUP BY i) AS per_dim
), dots AS (
  SELECT q.source, list_inner_product(CAST(q.embedding AS DOUBLE[]), centroid.c) AS xc,
         list_inner_product(CAST(q.embedding AS DOUBLE[]), CAST(q.embedding AS DOUBLE[])) AS xx,
         list_inner_product(centroid.c, centroid.c) AS cc, centroid.n
  FROM query_embeddings q, centroid
  WHERE q.embedding IS NOT NULL
    AND (q.source = 'training'
         OR (q.source = 'production' AND q.ts >= CAST(:from_ts AS TIMESTAMP) AND q.ts < CAST(:to_ts AS TIMESTAMP)))
)
SELECT source,
       CASE WHEN source = 'training' THEN (n * xc - xx) / (sqrt(xx) * sqrt(n * n * cc - 2 * n * xc + xx))
            ELSE xc / (sqrt(xx) * sqrt(cc)) END AS similarity
FROM dots
ORDER BY source, similarity
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
), n AS (
  SELECT COUNT(*) AS n FROM picked WHERE source = 'training'
), dots AS (
  SELECT e.trace_id, e.source, SUM(e.v * c.c) AS xc, SUM(e.v * e.v) AS xx, SUM(c.c * c.c) AS cc
  FROM elems e JOIN centroid c ON e.i = c.i
  GROUP BY e.trace_id, e.source
)
SELECT d.source,
       CASE WHEN d.source = 'training' THEN (n.n * d.xc - d.xx) / (SQRT(d.xx) * SQRT(n.n * n.n * d.cc - 2 * n.n * d.xc + d.xx))
            ELSE d.xc / (SQRT(d.xx) * SQRT(d.cc)) END AS similarity
FROM dots d, n
ORDER BY d.source, similarity
-- @dialect end
