-- Sample warehouse generator, step 6: thumbs on about 14% of responses. The experiment's treatment (prompt v2.4)
-- raises the thumbs-up chance of LLM answers by 6 points: the planted A/B effect; in the output-length experiment the
-- long arm raises it by 3 points and the short arm lowers it by 1. In 2026-W45 (2026-11-02 to 2026-11-08) return
-- requests are answered from a stale return-policy article and their thumbs-up chance falls by 35 points; the article
-- is fixed from 2026-11-09: the planted week-before finding that the weekly deck lists as resolved.
CREATE OR REPLACE TABLE feedback AS
WITH r AS (
  SELECT r.*, hash(r.trace_id) AS h, cfg.s AS s FROM requests r, (SELECT seed AS s FROM cfg) cfg
), rated AS (
  SELECT r.*, u01(h, 60, s) AS u_up FROM r
  WHERE u01(h, 61, s) < CASE WHEN handler = 'llm' THEN 0.16 ELSE 0.11 END
)
SELECT 'F' || substr(trace_id, 2) AS feedback_id, trace_id, session_id,
       ts + to_microseconds(CAST((20 + 180 * u01(h, 62, s)) * 1e6 AS BIGINT)) AS ts,
       CASE WHEN u_up < 0.66
              + CASE WHEN variant = 'treatment' AND handler = 'llm' THEN 0.06 ELSE 0 END
              + CASE WHEN variant = 'long' AND handler = 'llm' THEN 0.03 WHEN variant = 'short' AND handler = 'llm' THEN -0.01 ELSE 0 END
              - CASE WHEN hallucination_flag THEN 0.45 ELSE 0 END
              - CASE WHEN NOT guardrail_passed THEN 0.30 ELSE 0 END
              - CASE WHEN escalated THEN 0.30 ELSE 0 END
              - CASE WHEN deployment_variant = 'canary' THEN 0.04 ELSE 0 END
              - CASE WHEN is_error THEN 0.50 ELSE 0 END
              - CASE WHEN intent = 'return_request' AND ts >= TIMESTAMP '2026-11-02' AND ts < TIMESTAMP '2026-11-09' THEN 0.35 ELSE 0 END
            THEN 'thumbs_up' ELSE 'thumbs_down' END AS value,
       CASE WHEN u01(h, 63, s) < 0.08 THEN pick(['wrong volume number', 'too slow', 'it made up a price', 'not what I asked',
            'recommendations were off', 'please email me at reader.42@example.com', 'useless <script>alert("fb-xss")</script>',
            'great, thanks', 'helpful'], h, 64, s) END AS free_text
FROM rated
