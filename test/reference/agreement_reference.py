"""Reference values for the error-analysis and human-evaluation statistics: scikit-learn's cohen_kappa_score
(unweighted, linear, quadratic), SciPy's spearmanr and rankdata(method='average'), and SciPy's
binomtest(k, n).proportion_ci(method='wilson'); the percentile bootstrap interval of a kappa over paired items
(SciPy's stats.bootstrap, paired=True, method='percentile'). Reads a JSON list of cases on stdin, writes a JSON list of results."""
import json
import sys

import numpy as np
from scipy import stats
from sklearn.metrics import cohen_kappa_score

out = []
for case in json.load(sys.stdin):
    kind = case["kind"]
    if kind == "kappa":
        out.append({"kappa": float(cohen_kappa_score(case["a"], case["b"], weights=case.get("weights")))})
    elif kind == "spearman":
        r = stats.spearmanr(np.asarray(case["x"], float), np.asarray(case["y"], float))
        out.append({"rho": float(r.correlation), "pValue": float(r.pvalue)})
    elif kind == "rank":
        out.append({"ranks": stats.rankdata(case["x"], method="average").tolist()})
    elif kind == "wilson":
        ci = stats.binomtest(case["k"], case["n"]).proportion_ci(confidence_level=case.get("confidence", 0.95), method="wilson")
        out.append({"lower": float(ci.low), "upper": float(ci.high)})
    elif kind == "binom_greater":
        out.append({"pValue": float(stats.binomtest(case["k"], case["n"], case["p"], alternative="greater").pvalue)})
    elif kind == "kappa_interval":
        weights = case.get("weights")
        res = stats.bootstrap(
            (np.asarray(case["a"]), np.asarray(case["b"])),
            lambda a, b: cohen_kappa_score(a, b, weights=weights),
            paired=True, vectorized=False, method="percentile", n_resamples=case["resamples"],
            random_state=np.random.default_rng(7),
        )
        out.append({"lower": float(res.confidence_interval.low), "upper": float(res.confidence_interval.high)})
    else:
        raise ValueError(kind)
json.dump(out, sys.stdout)
