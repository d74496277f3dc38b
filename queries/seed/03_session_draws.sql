-- Sample warehouse generator, step 3: one row per session with its own draws (customer, segment, day, hour, turns,
-- experiment and arm by the sha256 assignment). From experiment_from, 60% of sessions (sha256 of 'layer:' || id, mod 100,
-- below 60) join the prompt experiment (50/50), the other 40% the three-arm output-length experiment (34/33/33), each
-- arm by sha256(session_id) mod 100 as assignVariant does.
CREATE OR REPLACE TABLE seed_sessions AS
WITH base AS (
  SELECT range AS sk, cfg.seed AS s, cfg.n_sessions, cfg.experiment_from
  FROM cfg, range(cfg.n_sessions)
), drawn AS (
  SELECT sk, s, experiment_from,
         'S' || lpad(CAST(sk AS VARCHAR), 9, '0') AS session_id,
         'C' || lpad(CAST(CAST(floor(pow(u01(sk, 1, s), 1.6) * greatest(n_sessions / 3, 10)) AS BIGINT) AS VARCHAR), 8, '0') AS customer_id,
         CASE WHEN u01(sk, 2, s) < 0.55 THEN 'prime' ELSE 'guest' END AS user_type,
         CASE WHEN u01(sk, 3, s) < 0.68 THEN 'us-east-1' ELSE 'ap-northeast-1' END AS region,
         u01(sk, 4, s) AS u_day,
         -- 1 + geometric turns, mean about 3.2, at most 30
         least(30, 1 + CAST(floor(ln(greatest(u01(sk, 5, s), 1e-12)) / ln(0.69)) AS INTEGER)) AS turns
  FROM base
)
SELECT drawn.session_id, drawn.customer_id, drawn.user_type, drawn.region, drawn.turns, drawn.sk, drawn.s,
       d.day,
       -- evening peaks: about 01:00 UTC for us-east-1, 12:00 UTC for ap-northeast-1
       CAST(d.day AS TIMESTAMP)
         + to_microseconds(CAST(((CASE WHEN drawn.region = 'us-east-1' THEN 25.0 ELSE 12.0 END + 4.0 * nrm(drawn.sk, 6, drawn.s)) % 24 + 24) % 24 * 3600e6 AS BIGINT)) AS started_at,
       CASE WHEN d.day < drawn.experiment_from THEN NULL
            WHEN bucket100('layer:' || drawn.session_id) < 60 THEN 'exp-prompt-v24' ELSE 'exp-output-length' END AS experiment_id,
       CASE WHEN d.day < drawn.experiment_from THEN NULL
            WHEN bucket100('layer:' || drawn.session_id) < 60
            THEN CASE WHEN bucket100(drawn.session_id) < 50 THEN 'control' ELSE 'treatment' END
            ELSE CASE WHEN bucket100(drawn.session_id) < 34 THEN 'control'
                      WHEN bucket100(drawn.session_id) < 67 THEN 'short' ELSE 'long' END END AS variant
FROM drawn
JOIN seed_days d ON drawn.u_day >= d.cum_lo AND drawn.u_day < d.cum_hi
