-- The winsorising caps of an experiment's mean metrics: the pooled 99th percentile of the sessions' mean latency and
-- of their LLM cost, over experiment_session_facts (named before it with -- @with). One percentile per SELECT, as
-- Redshift requires of sort-based aggregates with different orderings. Stands in rollup_experiment_caps' place when
-- that is stale.
-- @returns latency_cap DOUBLE, cost_cap DOUBLE
SELECT l.latency_cap, c.cost_cap
FROM (SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS latency_cap FROM experiment_session_facts) l
CROSS JOIN (SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY cost_usd) AS cost_cap FROM experiment_session_facts) c
