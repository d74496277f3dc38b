"""Reference values for the drift and monitoring statistics: SciPy's ks_2samp (method='auto'), kstwo.sf,
wasserstein_distance, chisquare, spatial.distance.jensenshannon and binom.sf, and the population stability index
written out in numpy (np.quantile edges, right-closed bins). Reads a JSON list of cases on stdin, writes a JSON list
of results."""
import json
import sys

import numpy as np
from scipy import stats
from scipy.spatial import distance

out = []
for case in json.load(sys.stdin):
    kind = case["kind"]
    if kind == "ks":
        r = stats.ks_2samp(np.asarray(case["a"], float), np.asarray(case["b"], float),
                           alternative=case.get("alternative", "two-sided"), method="auto")
        out.append({"statistic": float(r.statistic), "pValue": float(r.pvalue)})
    elif kind == "kstwo":
        out.append({"sf": float(stats.kstwo.sf(case["x"], case["n"]))})
    elif kind == "wasserstein":
        out.append({"distance": float(stats.wasserstein_distance(case["u"], case["v"], case.get("uw"), case.get("vw")))})
    elif kind == "chisquare":
        r = stats.chisquare(case["observed"], case["expected"])
        out.append({"statistic": float(r.statistic), "pValue": float(r.pvalue)})
    elif kind == "jensenshannon":
        out.append({"distance": float(distance.jensenshannon(case["p"], case["q"], base=2))})
    elif kind == "binom_sf":
        out.append({"sf": float(stats.binom.sf(case["k"] - 1, case["n"], case["p"]))})
    elif kind == "psi":
        e = np.asarray(case["expected"], float)
        a = np.asarray(case["actual"], float)
        k = case.get("bins", 10)
        eps = case.get("epsilon", 1e-4)
        edges = []
        for q in np.quantile(e, [i / k for i in range(1, k)]):
            if not edges or q > edges[-1]:
                edges.append(q)
        ce = np.diff(np.concatenate([[0], np.searchsorted(np.sort(e), edges, side="right"), [len(e)]])) / len(e)
        ca = np.diff(np.concatenate([[0], np.searchsorted(np.sort(a), edges, side="right"), [len(a)]])) / len(a)
        ef = np.maximum(ce, eps)
        af = np.maximum(ca, eps)
        out.append({"psi": float(np.sum((af - ef) * np.log(af / ef))), "bins": len(ce)})
json.dump(out, sys.stdout)
