-- Every experiment id, oldest first (what `mangalab rollup refresh` walks when no --id is given).
-- @returns experiment_id VARCHAR
SELECT experiment_id FROM experiments ORDER BY started_at, experiment_id
