-- Every experiment id, oldest first (what `mangalab rollup refresh` walks when no --id is given).
SELECT experiment_id FROM experiments ORDER BY started_at, experiment_id
