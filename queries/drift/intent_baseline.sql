-- The training-time intent distribution (intent_baseline), one row an intent.
SELECT intent, share FROM intent_baseline ORDER BY intent
