"""Benchmark child: scikit-learn's cohen_kappa_score(weights='quadratic') and SciPy's spearmanr on the 1M pairs
agreement-child.ts wrote, medians of 5 after a warm-up. Prints one JSON line."""
import json
import statistics
import sys
import time

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn.metrics import cohen_kappa_score

x = np.fromfile(sys.argv[1], dtype="<f8")
a, b = x[:1_000_000].astype(int), x[1_000_000:].astype(int)


def median_time(fn):
    fn()
    times = []
    for _ in range(5):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


kappa = float(cohen_kappa_score(a, b, weights="quadratic"))
r = stats.spearmanr(a, b)
print(json.dumps({"kappaS": median_time(lambda: cohen_kappa_score(a, b, weights="quadratic")), "spearmanS": median_time(lambda: stats.spearmanr(a, b)),
                  "kappa": kappa, "rho": float(r.correlation), "pValue": float(r.pvalue), "sklearn": sklearn.__version__, "scipy": scipy.__version__}))
