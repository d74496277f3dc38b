-- Sample warehouse generator, step 11: 32-dimensional query embeddings: 5,000 training queries and a 0.3% sample of
-- production turns. From drift_from on, production embeddings move off the training centroid (the planted shift).
CREATE OR REPLACE TABLE query_embeddings AS
WITH training AS (
  SELECT 'E' || lpad(CAST(range AS VARCHAR), 7, '0') AS trace_id,
         CAST(cfg.start_day AS TIMESTAMP) - INTERVAL 60 DAY + to_microseconds(CAST(range * 600e6 AS BIGINT)) AS ts,
         'training' AS source, range AS k, FALSE AS shifted, cfg.seed AS s
  FROM cfg, range(5000)
), production AS (
  SELECT trace_id, ts, 'production' AS source, hash(trace_id) AS k, CAST(ts AS DATE) >= cfg.drift_from AS shifted, cfg.seed AS s
  FROM requests, cfg WHERE u01(hash(trace_id), 90, cfg.seed) < 0.003
), q AS (SELECT * FROM training UNION ALL SELECT * FROM production)
SELECT trace_id, ts, source,
       CAST(list_transform(range(32), lambda d:
         1.5 * nrm(d, 91, s) + 0.9 * nrm(hash(k, d), 92, s) + CASE WHEN shifted AND d < 10 THEN 1.1 ELSE 0 END) AS FLOAT[]) AS embedding
FROM q
