-- Shadow mode (US-3.3): production against the candidate on the same requests, per version pair, over a window:
-- comparisons, days covered, mean BERTScore F1, mean response lengths, guardrail pass rates, mean hallucination
-- scores and the share of requests routed to a different intent.
-- @param from_ts TIMESTAMP first instant (inclusive, UTC)
-- @param to_ts TIMESTAMP last instant (exclusive, UTC)
-- @returns prod_version VARCHAR, candidate_version VARCHAR, comparisons BIGINT, days BIGINT, first_ts TIMESTAMP
-- @returns last_ts TIMESTAMP, mean_bertscore_f1 DOUBLE, prod_words_mean DOUBLE, candidate_words_mean DOUBLE
-- @returns prod_guardrail_pass_rate DOUBLE, candidate_guardrail_pass_rate DOUBLE, prod_hallucination_mean DOUBLE
-- @returns candidate_hallucination_mean DOUBLE, intent_change_rate DOUBLE
SELECT prod_version, candidate_version,
       COUNT(*) AS comparisons,
       COUNT(DISTINCT CAST(ts AS DATE)) AS days,
       MIN(ts) AS first_ts, MAX(ts) AS last_ts,
       AVG(bertscore_f1) AS mean_bertscore_f1,
       AVG(CAST(prod_words AS DOUBLE PRECISION)) AS prod_words_mean,
       AVG(CAST(candidate_words AS DOUBLE PRECISION)) AS candidate_words_mean,
       AVG(CASE WHEN prod_guardrail_passed THEN 1.0 WHEN prod_guardrail_passed = FALSE THEN 0.0 END) AS prod_guardrail_pass_rate,
       AVG(CASE WHEN candidate_guardrail_passed THEN 1.0 WHEN candidate_guardrail_passed = FALSE THEN 0.0 END) AS candidate_guardrail_pass_rate,
       AVG(prod_hallucination_score) AS prod_hallucination_mean,
       AVG(candidate_hallucination_score) AS candidate_hallucination_mean,
       AVG(CASE WHEN prod_intent IS NULL OR candidate_intent IS NULL THEN NULL WHEN prod_intent <> candidate_intent THEN 1.0 ELSE 0.0 END) AS intent_change_rate
FROM shadow_comparisons
WHERE ts >= CAST(:from_ts AS TIMESTAMP) AND ts < CAST(:to_ts AS TIMESTAMP)
GROUP BY prod_version, candidate_version
ORDER BY comparisons DESC, prod_version, candidate_version
