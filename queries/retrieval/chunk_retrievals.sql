-- Chunk usage in production (US-5.3): how often each chunk was retrieved, by week (Monday, UTC), read from the
-- retrieved_chunk_ids of every turn in [from_ts, to_ts). A turn counts its first k ids (its top k). One row per week
-- and chunk id (retrievals: how many times it was in a top k), and one row per week with chunk_id NULL holding that
-- week's totals: retrievals (ids counted), turns (turns with a non-empty list), llm_turns
-- (turns an LLM answered) and malformed_turns (retrieved_chunk_ids that is not JSON array text: not counted).
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP end (exclusive, UTC)
-- @param k INTEGER ids counted per turn, from the top (1 to 100)
-- @returns week DATE, chunk_id VARCHAR, retrievals BIGINT, turns BIGINT, llm_turns BIGINT, malformed_turns BIGINT
WITH turns AS (
  SELECT CAST(date_trunc('week', r.ts) AS DATE) AS week, r.handler, r.retrieved_chunk_ids AS ids,
-- @dialect duckdb
         CASE WHEN json_valid(r.retrieved_chunk_ids) AND json_type(r.retrieved_chunk_ids) = 'ARRAY'
              THEN json_array_length(r.retrieved_chunk_ids) END AS n
-- @dialect end
-- @dialect redshift
         CASE WHEN is_valid_json_array(r.retrieved_chunk_ids) THEN json_array_length(r.retrieved_chunk_ids) END AS n
-- @dialect end
  FROM requests r
  WHERE r.ts >= CAST(:from_ts AS TIMESTAMP) AND r.ts < CAST(:to_ts AS TIMESTAMP)
), ids AS (
-- @dialect duckdb
  -- A list slice unnested: five times faster here than a join on positions.
  SELECT t.week, unnest(list_slice(CAST(CAST(t.ids AS JSON) AS VARCHAR[]), 1, CAST(:k AS INTEGER))) AS chunk_id
  FROM turns t
  WHERE t.n > 0
-- @dialect end
-- @dialect redshift
  -- Redshift cannot unnest JSON text: each of the first k positions is read with a join on 0..99.
  SELECT t.week, json_extract_array_element_text(t.ids, p.i) AS chunk_id
  FROM turns t
  JOIN (SELECT a.d * 10 + b.d AS i
        FROM (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
              UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a
        CROSS JOIN (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
              UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b) p
    ON p.i < t.n AND p.i < CAST(:k AS INTEGER)
-- @dialect end
)
SELECT week, chunk_id, COUNT(*) AS retrievals, CAST(NULL AS BIGINT) AS turns,
       CAST(NULL AS BIGINT) AS llm_turns, CAST(NULL AS BIGINT) AS malformed_turns
FROM ids
WHERE chunk_id IS NOT NULL
GROUP BY week, chunk_id
UNION ALL
SELECT week, CAST(NULL AS VARCHAR) AS chunk_id,
       SUM(CASE WHEN n > 0 THEN LEAST(n, CAST(:k AS INTEGER)) ELSE 0 END) AS retrievals,
       SUM(CASE WHEN n > 0 THEN 1 ELSE 0 END) AS turns,
       SUM(CASE WHEN handler = 'llm' THEN 1 ELSE 0 END) AS llm_turns,
       SUM(CASE WHEN ids IS NOT NULL AND n IS NULL THEN 1 ELSE 0 END) AS malformed_turns
FROM turns
GROUP BY week
ORDER BY week, chunk_id NULLS FIRST
