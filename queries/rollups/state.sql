-- What rollup_state records for an experiment's rollup (none when it was never refreshed or is being refreshed).
-- @param experiment_id VARCHAR the experiment
-- @returns from_ts TIMESTAMP, to_ts TIMESTAMP, digest VARCHAR, sessions BIGINT, refreshed_at TIMESTAMP
SELECT from_ts, to_ts, digest, sessions, refreshed_at
FROM rollup_state WHERE rollup = 'experiment' AND experiment_id = :experiment_id
