-- feedback: thumbs on individual responses.
CREATE TABLE feedback (
  feedback_id VARCHAR PRIMARY KEY,
  trace_id VARCHAR,
  session_id VARCHAR,
  ts TIMESTAMP,                      -- UTC, when the thumb was given
  value VARCHAR,                     -- 'thumbs_up' | 'thumbs_down'
  free_text VARCHAR                  -- optional user text: PII and markup possible
);
