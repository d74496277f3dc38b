-- Embedding lengths per source in query_embeddings: more than one length means mixed dimensions, which the
-- embedding drift check refuses.
-- The engines differ in how a list's length is read: DuckDB's len() of a FLOAT[], Redshift's get_array_length() of a
-- SUPER array or json_array_length() of JSON array text (embeddings=json).
-- @returns source VARCHAR, dims BIGINT, embeddings BIGINT
-- @dialect duckdb
SELECT source, len(embedding) AS dims, COUNT(*) AS embeddings
FROM query_embeddings
WHERE embedding IS NOT NULL
GROUP BY source, len(embedding)
ORDER BY source, dims
-- @dialect end
-- @dialect redshift embeddings=super
SELECT source, get_array_length(embedding) AS dims, COUNT(*) AS embeddings
FROM query_embeddings
WHERE embedding IS NOT NULL
GROUP BY source, get_array_length(embedding)
ORDER BY source, dims
-- @dialect end
-- @dialect redshift embeddings=json
SELECT source, json_array_length(embedding) AS dims, COUNT(*) AS embeddings
FROM query_embeddings
WHERE embedding IS NOT NULL
GROUP BY source, json_array_length(embedding)
ORDER BY source, dims
-- @dialect end
