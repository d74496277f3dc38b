-- The training-time intent distribution (intent_baseline), one row an intent.
-- @returns intent VARCHAR, share DOUBLE
SELECT intent, share FROM intent_baseline ORDER BY intent
