-- Sample warehouse generator, step 0: configuration row and the random-number macros (DuckDB only).
-- Every random draw is hash(key, stream, seed) scaled to [0, 1): deterministic for a seed and DuckDB version,
-- independent of thread count and row order.
-- @param seed INTEGER generator seed
-- @param start_day DATE first day of the window (a Monday)
-- @param days INTEGER number of days in the window
-- @param n_sessions INTEGER number of sessions to generate
-- @param spike_day DATE the day whose LLM cost is planted above 120% of its trailing 7-day average
-- @param drift_from DATE first day of the planted intent and embedding drift (and of the canary)
-- @param experiment_from DATE first day of the prompt A/B experiment
CREATE OR REPLACE TABLE cfg AS
SELECT CAST(:seed AS BIGINT) AS seed,
       CAST(:start_day AS DATE) AS start_day,
       CAST(:days AS INTEGER) AS days,
       CAST(:n_sessions AS BIGINT) AS n_sessions,
       CAST(:spike_day AS DATE) AS spike_day,
       CAST(:drift_from AS DATE) AS drift_from,
       CAST(:experiment_from AS DATE) AS experiment_from
