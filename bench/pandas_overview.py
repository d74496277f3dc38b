"""Benchmark child: the weekly Overview's aggregates in pandas (Debian's python3-pandas), from a CSV export.

Reports load time (CSV into memory), the median compute time over in-memory frames, peak memory, and the period's
values (bench/run.ts checks them against mangalab's and the raw floor's).
Usage: python3 pandas_overview.py CSV_DIR PRICES_JSON RUNS
"""
import json
import resource
import statistics
import sys
import time

sys.path.insert(0, "test/reference")
import pandas as pd  # noqa: E402
from weekly_overview import compute  # noqa: E402

csv_dir, prices_path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = time.perf_counter()
req = pd.read_csv(f"{csv_dir}/requests.csv", parse_dates=["ts"])
ses = pd.read_csv(f"{csv_dir}/sessions.csv", parse_dates=["started_at"])
fb = pd.read_csv(f"{csv_dir}/feedback.csv", parse_dates=["ts"])
load = time.perf_counter() - t
prices = json.load(open(prices_path))
times = []
for _ in range(runs + 1):
    t = time.perf_counter()
    out = compute(req, ses, fb, prices, "2026-11-09", "2026-11-16", "2026-11-02")
    times.append(time.perf_counter() - t)
times = times[1:]
print(json.dumps({"mode": "pandas", "load": load, "median": statistics.median(times), "min": min(times), "runs": runs,
                  "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "version": pd.__version__,
                  "values": out["current"]}))
