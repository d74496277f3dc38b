-- Data flywheel metrics by calendar quarter (US-8.4): turns eligible as training candidates (thumbs-up, resolved,
-- not escalated, guardrail passed, confidence at least min_confidence) and as golden candidates (thumbs-down or
-- escalated), beside the intent classifier's accuracy on the labelled sample of the same quarter.
-- @param min_confidence DOUBLE classifier confidence a training candidate needs
-- @returns quarter TIMESTAMP, turns BIGINT, training BIGINT, golden BIGINT, labelled BIGINT, correct BIGINT
WITH flags AS (
  SELECT date_trunc('quarter', r.ts) AS quarter,
         CASE WHEN f.up = 1 AND s.resolved AND NOT COALESCE(r.escalated, FALSE) AND r.guardrail_passed
                   AND r.intent_confidence >= CAST(:min_confidence AS DOUBLE PRECISION) THEN 1 ELSE 0 END AS training,
         CASE WHEN f.down = 1 OR r.escalated THEN 1 ELSE 0 END AS golden
  FROM requests r
  LEFT JOIN sessions s ON s.session_id = r.session_id
  LEFT JOIN (SELECT trace_id, MAX(CASE WHEN value = 'thumbs_up' THEN 1 ELSE 0 END) AS up, MAX(CASE WHEN value = 'thumbs_down' THEN 1 ELSE 0 END) AS down
             FROM feedback GROUP BY trace_id) f ON f.trace_id = r.trace_id
  WHERE r.user_message IS NOT NULL
), acc AS (
  SELECT date_trunc('quarter', ts) AS quarter, COUNT(*) AS labelled, SUM(CASE WHEN true_intent = predicted_intent THEN 1 ELSE 0 END) AS correct
  FROM classifier_labels GROUP BY 1
)
SELECT q.quarter, q.turns, q.training, q.golden, a.labelled, a.correct
FROM (SELECT quarter, COUNT(*) AS turns, SUM(training) AS training, SUM(golden) AS golden FROM flags GROUP BY quarter) q
LEFT JOIN acc a ON a.quarter = q.quarter
ORDER BY q.quarter
