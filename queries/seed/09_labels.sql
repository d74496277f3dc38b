-- Sample warehouse generator, step 9: the human-labelled classifier sample (1.5% of turns), about 91% correct,
-- with realistic confusions (simple vs complex FAQ, recommendation vs product question, tracking vs returns).
CREATE OR REPLACE TABLE classifier_labels AS
WITH r AS (SELECT trace_id, ts, intent, hash(trace_id) AS h, cfg.seed AS s FROM requests, cfg)
SELECT trace_id, ts, intent AS predicted_intent,
       CASE WHEN u01(h, 80, s) >= 0.09 THEN intent
            ELSE CASE intent WHEN 'faq_simple' THEN 'faq_complex' WHEN 'faq_complex' THEN 'faq_simple'
                             WHEN 'recommendation' THEN 'product_question' WHEN 'product_question' THEN 'recommendation'
                             WHEN 'order_tracking' THEN 'return_request' WHEN 'return_request' THEN 'order_tracking'
                             WHEN 'chitchat' THEN 'escalation' ELSE 'chitchat' END END AS true_intent
FROM r WHERE u01(h, 81, s) < 0.015
