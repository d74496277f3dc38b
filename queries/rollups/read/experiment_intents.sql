-- experiment_intents read from its rollup.
-- @param experiment_id VARCHAR the experiment
SELECT variant, intent, rated, thumbs_up FROM rollup_experiment_intents WHERE experiment_id = :experiment_id
