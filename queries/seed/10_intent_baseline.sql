-- Sample warehouse generator, step 10: the training-time intent distribution (the shares before the planted drift).
CREATE OR REPLACE TABLE intent_baseline AS
SELECT * FROM (VALUES ('recommendation', 0.30), ('product_question', 0.20), ('faq_simple', 0.15), ('faq_complex', 0.06),
                      ('order_tracking', 0.14), ('chitchat', 0.08), ('return_request', 0.04), ('escalation', 0.03)) AS t(intent, share)
