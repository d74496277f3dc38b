"""Benchmark child: the cost readout's breakdowns in pandas (Debian's python3-pandas), from a CSV export.

The computation is test/reference/cost_reference.py's (attribution by intent, model, user type and region, daily cost
and trailing mean, sessions and token percentiles, bypass and quality, prompt cache, what-if). Reports the CSV load
time and the median compute time over in-memory frames, plus peak memory.
Usage: python3 pandas_cost.py CSV_DIR PRICES_JSON RUNS
"""
import json
import resource
import statistics
import sys
import time

sys.path.insert(0, "test/reference")
import pandas as pd  # noqa: E402
from cost_reference import compute, load  # noqa: E402

csv_dir, prices_path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = time.perf_counter()
req, fb = load(csv_dir)
load_seconds = time.perf_counter() - t
prices = json.load(open(prices_path))
args = (pd.Timestamp("2026-11-09"), pd.Timestamp("2026-11-16"), pd.Timestamp("2026-11-02"), pd.Timestamp("2026-11-02"), 5000,
        {"product_question": "claude-3-haiku"})
times = []
for _ in range(runs + 1):
    t = time.perf_counter()
    compute(req, fb, prices, *args)
    times.append(time.perf_counter() - t)
times = times[1:]
print(json.dumps({"mode": "pandas", "load": load_seconds, "median": statistics.median(times), "min": min(times), "runs": runs,
                  "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "version": pd.__version__}))
