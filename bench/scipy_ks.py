"""Benchmark child: SciPy's ks_2samp (method='auto') on the 1M + 1M float64 values ks-child.ts wrote, median of 5
after a warm-up. Prints one JSON line."""
import json
import statistics
import sys
import time

import numpy as np
import scipy
from scipy import stats

x = np.fromfile(sys.argv[1], dtype="<f8")
a, b = x[:1_000_000], x[1_000_000:]
r = stats.ks_2samp(a, b)
times = []
for _ in range(5):
    t = time.perf_counter()
    r = stats.ks_2samp(a, b)
    times.append(time.perf_counter() - t)
print(json.dumps({"median": statistics.median(times), "statistic": float(r.statistic), "pValue": float(r.pvalue), "version": scipy.__version__}))
