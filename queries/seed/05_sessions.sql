-- Sample warehouse generator, step 5: sessions, aggregated from their turns. Conversion is a little higher for the
-- prompt experiment's treatment and the output-length experiment's long arm, a little lower for its short arm; a
-- fifth of customers are buyers (24 points more likely to convert, the rest 6 less) and each customer rates CSAT
-- with a lean of their own, so a customer's sessions before an experiment predict theirs in it (what CUPED uses).
-- CSAT is asked in about 18% of sessions.
CREATE OR REPLACE TABLE sessions AS
WITH agg AS (
  SELECT session_id, count(*) AS turns, sum(input_tokens + output_tokens) AS tokens_used,
         bool_or(budget_strategy = 'minimal') AS capped, bool_or(escalated) AS any_escalated,
         bool_or(intent IN ('recommendation', 'product_question')) AS shopping, bool_or(is_error) AS any_error
  FROM requests GROUP BY session_id
)
SELECT ss.session_id, ss.customer_id, ss.started_at, ss.user_type, ss.region, ss.experiment_id, ss.variant,
       CAST(a.turns AS INTEGER) AS turns, CAST(a.tokens_used AS INTEGER) AS tokens_used, a.capped AS budget_capped,
       u01(ss.sk, 50, ss.s) < CASE WHEN a.shopping THEN 0.14 ELSE 0.04 END + CASE WHEN ss.variant = 'treatment' THEN 0.01 ELSE 0 END
                              + CASE WHEN ss.variant = 'long' THEN 0.02 WHEN ss.variant = 'short' THEN -0.006 ELSE 0 END
                              + CASE WHEN u01(ss.customer_id, 71, ss.s) < 0.2 THEN 0.24 ELSE -0.06 END
                              - CASE WHEN a.any_escalated THEN 0.03 ELSE 0 END AS converted,
       NOT a.any_escalated AND NOT a.any_error AND u01(ss.sk, 51, ss.s) < 0.9 AS resolved,
       CASE WHEN u01(ss.sk, 52, ss.s) < 0.18 THEN
         CAST(greatest(1, least(5, round(4.5 - CASE WHEN a.any_escalated THEN 1.3 ELSE 0 END + 0.7 * nrm(ss.customer_id, 72, ss.s) + 0.4 * nrm(ss.sk, 53, ss.s)))) AS INTEGER) END AS csat
FROM seed_sessions ss JOIN agg a USING (session_id)
