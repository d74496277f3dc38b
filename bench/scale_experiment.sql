-- Benchmark input, not a product query: a warehouse whose experiment has over 10M sessions, built from a seeded
-- warehouse (attached as src) by adding copies 2..$copies of the experiment $experiment_id's sessions, their turns and
-- their feedback under new ids (suffix -c2, -c3, ...), same timestamps, variants and customers. The tables a readout
-- reads are all that is copied.
CREATE TABLE experiments AS SELECT * FROM src.experiments;
CREATE TABLE sessions AS
  SELECT * FROM src.sessions
  UNION ALL
  SELECT * EXCLUDE (k) REPLACE (session_id || '-c' || k AS session_id)
  FROM src.sessions CROSS JOIN (SELECT range AS k FROM range(2, CAST($copies AS BIGINT) + 1)) copies
  WHERE experiment_id = $experiment_id;
CREATE TABLE requests AS
  SELECT * FROM src.requests
  UNION ALL
  SELECT * EXCLUDE (k) REPLACE (trace_id || '-c' || k AS trace_id, session_id || '-c' || k AS session_id)
  FROM src.requests CROSS JOIN (SELECT range AS k FROM range(2, CAST($copies AS BIGINT) + 1)) copies
  WHERE experiment_id = $experiment_id;
CREATE TABLE feedback AS
  SELECT * FROM src.feedback
  UNION ALL
  SELECT f.* REPLACE (f.feedback_id || '-c' || copies.k AS feedback_id, f.trace_id || '-c' || copies.k AS trace_id, f.session_id || '-c' || copies.k AS session_id)
  FROM src.feedback f JOIN src.sessions s ON s.session_id = f.session_id
  CROSS JOIN (SELECT range AS k FROM range(2, CAST($copies AS BIGINT) + 1)) copies
  WHERE s.experiment_id = $experiment_id;
