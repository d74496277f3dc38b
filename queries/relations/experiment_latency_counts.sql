-- experiment_latency (or the rollup standing in its place) as the `latency_counts` that
-- relations/latency_percentiles.sql reads: one group per variant, the days summed.
-- @returns grp VARCHAR, latency_ms DOUBLE, turns BIGINT
SELECT variant AS grp, latency_ms, SUM(turns) AS turns FROM experiment_latency GROUP BY variant, latency_ms
