-- Sample warehouse generator, step 12: weekly human evaluation: 200 LLM turns a week from experiment_from on, each
-- scored by two annotators who agree most of the time. Quality falls with the turn's own signals (hallucination flag,
-- thumbs-down, slow answer), so human scores correlate with the automated ones; a poor turn's failure category follows
-- its signal when it has one.
CREATE OR REPLACE TABLE human_annotations AS
WITH weeks AS (
  SELECT r.trace_id, CAST(date_trunc('week', r.ts) AS DATE) AS week, hash(r.trace_id) AS h, cfg.seed AS s,
         r.hallucination_flag AS hal, r.latency_ms > 3000 AS slow, r.intent_confidence < 0.7 AS low_conf, r.stop_reason = 'max_tokens' AS cut,
         EXISTS (SELECT 1 FROM feedback f WHERE f.trace_id = r.trace_id AND f.value = 'thumbs_down') AS down,
         row_number() OVER (PARTITION BY date_trunc('week', r.ts) ORDER BY hash(r.trace_id, cfg.seed)) AS rn
  FROM requests r, cfg
  WHERE r.handler = 'llm' AND CAST(r.ts AS DATE) >= cfg.experiment_from AND CAST(r.ts AS DATE) < cfg.start_day + cfg.days
), picked AS (
  SELECT *, 3.9 + 0.7 * nrm(h, 100, s) - CASE WHEN hal THEN 1.6 ELSE 0 END - CASE WHEN down THEN 1.0 ELSE 0 END
            - CASE WHEN slow THEN 0.6 ELSE 0 END - CASE WHEN cut THEN 0.8 ELSE 0 END AS q
  FROM weeks WHERE rn <= 200
), pairs AS (
  SELECT p.*, a.n AS annotator FROM picked p, (VALUES (1), (2)) a(n)
)
SELECT 'HS-' || strftime(week, '%G-W%V') || '-' || lpad(CAST(rn AS VARCHAR), 3, '0') AS sample_id,
       trace_id,
       'ann-' || lpad(CAST(1 + (rn + annotator * 3) % 6 AS VARCHAR), 2, '0') AS annotator_id,
       week,
       CAST(greatest(1, least(5, round(q + 0.3 * nrm(hash(h, annotator), 101, s)))) AS INTEGER) AS factual_correctness,
       CAST(greatest(1, least(5, round(q + 0.2 + 0.5 * nrm(hash(h, annotator), 102, s)))) AS INTEGER) AS helpfulness,
       CAST(greatest(1, least(5, round(q + 0.4 + 0.3 * nrm(hash(h, annotator), 103, s)))) AS INTEGER) AS tone_appropriateness,
       CAST(greatest(1, least(5, round(q + 0.3 + 0.3 * nrm(hash(h, annotator), 104, s)))) AS INTEGER) AS format_quality,
       q + 0.5 * nrm(hash(h, annotator), 105, s) > 4.0 AS purchase_likelihood,
       CASE WHEN q >= 3.2 THEN 'none' WHEN hal THEN 'hallucination' WHEN low_conf THEN 'wrong_intent' WHEN slow THEN 'slow_response'
            WHEN cut THEN 'missing_info'
            ELSE pick(['wrong_intent', 'bad_retrieval', 'hallucination', 'unhelpful_tone', 'missing_info', 'format_issue'], h, 106, s) END AS failure_category
FROM pairs
