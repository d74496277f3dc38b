-- Sample warehouse generator, step 12: weekly human evaluation: 200 LLM turns a week from experiment_from on, each
-- scored by two annotators who agree most of the time.
CREATE OR REPLACE TABLE human_annotations AS
WITH weeks AS (
  SELECT r.trace_id, CAST(date_trunc('week', r.ts) AS DATE) AS week, hash(r.trace_id) AS h, cfg.seed AS s,
         row_number() OVER (PARTITION BY date_trunc('week', r.ts) ORDER BY hash(r.trace_id, cfg.seed)) AS rn
  FROM requests r, cfg
  WHERE r.handler = 'llm' AND CAST(r.ts AS DATE) >= cfg.experiment_from AND CAST(r.ts AS DATE) < cfg.start_day + cfg.days
), picked AS (
  SELECT *, 3.9 + 0.7 * nrm(h, 100, s) AS q FROM weeks WHERE rn <= 200
), pairs AS (
  SELECT p.*, a.n AS annotator FROM picked p, (VALUES (1), (2)) a(n)
)
SELECT 'HS-' || strftime(week, '%G-W%V') || '-' || lpad(CAST(rn AS VARCHAR), 3, '0') AS sample_id,
       trace_id,
       'ann-' || lpad(CAST(1 + (rn + annotator * 3) % 6 AS VARCHAR), 2, '0') AS annotator_id,
       week,
       CAST(greatest(1, least(5, round(q + 0.45 * nrm(hash(h, annotator), 101, s)))) AS INTEGER) AS factual_correctness,
       CAST(greatest(1, least(5, round(q + 0.2 + 0.5 * nrm(hash(h, annotator), 102, s)))) AS INTEGER) AS helpfulness,
       CAST(greatest(1, least(5, round(q + 0.4 + 0.4 * nrm(hash(h, annotator), 103, s)))) AS INTEGER) AS tone_appropriateness,
       CAST(greatest(1, least(5, round(q + 0.3 + 0.4 * nrm(hash(h, annotator), 104, s)))) AS INTEGER) AS format_quality,
       q + 0.5 * nrm(hash(h, annotator), 105, s) > 4.0 AS purchase_likelihood,
       CASE WHEN q >= 3.2 THEN 'none'
            ELSE pick(['wrong_intent', 'bad_retrieval', 'hallucination', 'unhelpful_tone', 'missing_info', 'format_issue'], h, 106, s) END AS failure_category
FROM pairs
