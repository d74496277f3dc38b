-- rollup_state: one row per materialised rollup, written last by `mangalab rollup refresh` (and deleted first), so a
-- reader never trusts a rollup that is half written. A readout uses the rollup only when its window and digest match.
CREATE TABLE rollup_state (
  rollup VARCHAR,                    -- 'experiment'
  experiment_id VARCHAR,
  from_ts TIMESTAMP,                 -- the window the rollup covers, as the readout computes it (UTC)
  to_ts TIMESTAMP,
  digest VARCHAR,                    -- sha256 of the price table and the SQL the rollup was built with
  sessions BIGINT,
  refreshed_at TIMESTAMP             -- UTC
);
