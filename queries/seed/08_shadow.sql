-- Sample warehouse generator, step 8: shadow comparisons of the candidate sonnet-v2.1-rc1 against sonnet-v2.0 on
-- a 10% sample of LLM turns since drift_from.
CREATE OR REPLACE TABLE shadow_comparisons AS
WITH r AS (
  SELECT r.*, hash(r.trace_id) AS h, cfg.seed AS s FROM requests r, cfg
  WHERE r.handler = 'llm' AND CAST(r.ts AS DATE) >= cfg.drift_from
)
SELECT trace_id, ts, intent, 'sonnet-v2.0' AS prod_version, 'sonnet-v2.1-rc1' AS candidate_version,
       intent AS prod_intent,
       CASE WHEN u01(h, 70, s) < 0.02 THEN pick(['recommendation', 'product_question', 'faq_complex'], h, 71, s) ELSE intent END AS candidate_intent,
       response_words AS prod_words,
       CAST(round(response_words * (1.08 + 0.1 * nrm(h, 72, s))) AS INTEGER) AS candidate_words,
       round(least(0.99, 0.87 + 0.045 * nrm(h, 73, s)), 4) AS bertscore_f1,
       guardrail_passed AS prod_guardrail_passed,
       u01(h, 74, s) >= 0.028 AS candidate_guardrail_passed,
       round(greatest(0, 0.05 + 0.03 * nrm(h, 75, s)), 4) AS prod_hallucination_score,
       round(greatest(0, 0.06 + 0.03 * nrm(h, 76, s)), 4) AS candidate_hallucination_score
FROM r WHERE u01(h, 77, s) < 0.10
