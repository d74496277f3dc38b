-- Embedding lengths per source in query_embeddings (training, and production in the window), with how many hold a
-- component that is not a finite number (NaN, infinity or a null element): more than one length means mixed
-- dimensions, and any non-finite component a vector no distance is defined for; the embedding drift detectors then
-- say "not computed" with these counts rather than compare what they cannot.
-- The engines differ in how a list's length is read: DuckDB's len() of a FLOAT[], Redshift's get_array_length() of a
-- SUPER array or json_array_length() of JSON array text (embeddings=json); non-finite components are found in the
-- array's JSON text on Redshift.
-- @param from_ts TIMESTAMP production window start (inclusive, UTC)
-- @param to_ts TIMESTAMP production window end (exclusive, UTC)
-- @returns source VARCHAR, dims BIGINT, embeddings BIGINT, nonfinite BIGINT
-- @dialect duckdb
SELECT source, len(embedding) AS dims, COUNT(*) AS embeddings,
       SUM(CASE WHEN list_count(embedding) < len(embedding) OR NOT isfinite(list_sum(CAST(embedding AS DOUBLE[]))) THEN 1 ELSE 0 END) AS nonfinite
FROM query_embeddings
WHERE embedding IS NOT NULL
  AND (source = 'training' OR (source = 'production' AND ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)))
GROUP BY source, len(embedding)
ORDER BY source, dims
-- @dialect end
-- @dialect redshift embeddings=super
SELECT source, get_array_length(embedding) AS dims, COUNT(*) AS embeddings,
       SUM(CASE WHEN LOWER(JSON_SERIALIZE(embedding)) LIKE '%nan%' OR LOWER(JSON_SERIALIZE(embedding)) LIKE '%inf%' OR LOWER(JSON_SERIALIZE(embedding)) LIKE '%null%' THEN 1 ELSE 0 END) AS nonfinite
FROM query_embeddings
WHERE embedding IS NOT NULL
  AND (source = 'training' OR (source = 'production' AND ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)))
GROUP BY source, get_array_length(embedding)
ORDER BY source, dims
-- @dialect end
-- @dialect redshift embeddings=json
SELECT source, json_array_length(embedding) AS dims, COUNT(*) AS embeddings,
       SUM(CASE WHEN LOWER(embedding) LIKE '%nan%' OR LOWER(embedding) LIKE '%inf%' OR LOWER(embedding) LIKE '%null%' THEN 1 ELSE 0 END) AS nonfinite
FROM query_embeddings
WHERE embedding IS NOT NULL
  AND (source = 'training' OR (source = 'production' AND ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)))
GROUP BY source, json_array_length(embedding)
ORDER BY source, dims
-- @dialect end
