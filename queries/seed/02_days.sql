-- Sample warehouse generator, step 2: the calendar with traffic weights (a slow rise, busier weekends, the spike day).
CREATE OR REPLACE TABLE seed_days AS
WITH d AS (
  SELECT range AS day_index, cfg.start_day + CAST(range AS INTEGER) AS day,
         1.0 + 0.008 * range
           + CASE WHEN dayofweek(cfg.start_day + CAST(range AS INTEGER)) IN (0, 6) THEN 0.05 ELSE 0 END
           + CASE WHEN cfg.start_day + CAST(range AS INTEGER) = cfg.spike_day THEN 0.25 ELSE 0 END AS weight
  FROM cfg, range(cfg.days)
)
SELECT day_index, day, weight,
       sum(weight) OVER (ORDER BY day_index) / sum(weight) OVER () AS cum_hi,
       (sum(weight) OVER (ORDER BY day_index) - weight) / sum(weight) OVER () AS cum_lo
FROM d
