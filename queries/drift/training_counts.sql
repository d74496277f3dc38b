-- What a classifier retraining run would assemble (US-8.3), per intent: every labelled turn before a moment, and the
-- recent production turns the classifier was confident about (augmentation candidates).
-- @param to_ts TIMESTAMP end of the data (exclusive, UTC)
-- @param production_from TIMESTAMP first instant of recent production turns (inclusive, UTC)
-- @param min_confidence DOUBLE smallest intent_confidence for a production turn to count
-- @returns intent VARCHAR, labelled BIGINT, production BIGINT
WITH labelled AS (
  SELECT true_intent AS intent, COUNT(*) AS labelled
  FROM classifier_labels
  WHERE ts < CAST(:to_ts AS TIMESTAMP) AND true_intent IS NOT NULL
  GROUP BY true_intent
), production AS (
  SELECT intent, COUNT(*) AS production
  FROM requests
  WHERE ts >= CAST(:production_from AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)
    AND intent IS NOT NULL AND intent_confidence >= CAST(:min_confidence AS DOUBLE PRECISION)
  GROUP BY intent
)
SELECT COALESCE(l.intent, p.intent) AS intent, COALESCE(l.labelled, 0) AS labelled, COALESCE(p.production, 0) AS production
FROM labelled l FULL OUTER JOIN production p ON l.intent = p.intent
ORDER BY 1
