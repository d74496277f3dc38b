-- The sessions of one experiment that started within [from_ts, to_ts), one row a session: its variant, start, segment
-- columns and outcomes. Queries name it with -- @with experiment_sessions and declare its parameters. When a fresh
-- rollup exists (`mangalab rollup refresh`), the readout reads rollup_experiment_sessions in its place.
-- @param experiment_id VARCHAR the experiment
-- @param from_ts TIMESTAMP first session start (inclusive, UTC)
-- @param to_ts TIMESTAMP last session start (exclusive, UTC)
-- @returns session_id VARCHAR, customer_id VARCHAR, variant VARCHAR, started_at TIMESTAMP, user_type VARCHAR
-- @returns region VARCHAR, converted BOOLEAN, resolved BOOLEAN, csat BIGINT, turns BIGINT, tokens_used BIGINT
SELECT session_id, customer_id, variant, started_at, user_type, region, converted, resolved, csat, turns, tokens_used
FROM sessions
WHERE experiment_id = :experiment_id AND variant IS NOT NULL
  AND started_at >= CAST(:from_ts AS TIMESTAMP) AND started_at < CAST(:to_ts AS TIMESTAMP)
