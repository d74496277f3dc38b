-- Model drift (US-4.2): intent classifier accuracy over the most recent labelled turns before a moment
-- (classifier_labels), with the span those turns cover.
-- @param to_ts TIMESTAMP only labels before this instant (exclusive, UTC)
-- @param sample_size INTEGER how many of the most recent labelled turns
-- @returns labelled BIGINT, correct BIGINT, first_ts TIMESTAMP, last_ts TIMESTAMP
WITH ranked AS (
  SELECT ts, predicted_intent, true_intent,
         ROW_NUMBER() OVER (ORDER BY ts DESC, trace_id DESC) AS recency
  FROM classifier_labels
  WHERE ts < CAST(:to_ts AS TIMESTAMP)
)
SELECT COUNT(*) AS labelled,
       SUM(CASE WHEN predicted_intent = true_intent THEN 1 ELSE 0 END) AS correct,
       MIN(ts) AS first_ts,
       MAX(ts) AS last_ts
FROM ranked
WHERE recency BETWEEN 1 AND CAST(:sample_size AS INTEGER) -- not "<=": docs/warehouse.md, "DuckDB and a top-1 window"
