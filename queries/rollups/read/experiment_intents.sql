-- experiment_intents read from its rollup.
-- @param experiment_id VARCHAR the experiment
-- @returns variant VARCHAR, day DATE, intent VARCHAR, rated BIGINT, thumbs_up BIGINT
SELECT variant, day, intent, rated, thumbs_up FROM rollup_experiment_intents WHERE experiment_id = :experiment_id
