-- Sample warehouse generator, step 7: the experiment catalogue.
CREATE OR REPLACE TABLE experiments AS
SELECT 'exp-prompt-v24' AS experiment_id, 'Prompt v2.4 (shorter persona, explicit volume numbers) vs v2.3' AS name,
       'running' AS status, CAST(cfg.experiment_from AS TIMESTAMP) AS started_at, CAST(NULL AS TIMESTAMP) AS ended_at,
       '[{"name":"control","weight":50,"prompt_version":"v2.3"},{"name":"treatment","weight":50,"prompt_version":"v2.4"}]' AS variants,
       'thumbs_up_rate' AS primary_metric
FROM cfg
UNION ALL
SELECT 'exp-output-length', 'Output length budget: short (0.7x) and long (1.35x) answers against today''s',
       'running', CAST(cfg.experiment_from AS TIMESTAMP), CAST(NULL AS TIMESTAMP),
       '[{"name":"control","weight":34,"max_output_tokens":1024},{"name":"short","weight":33,"max_output_tokens":700},{"name":"long","weight":33,"max_output_tokens":1400}]',
       'conversion_rate'
FROM cfg
