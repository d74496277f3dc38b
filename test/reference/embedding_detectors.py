"""Reference for the embedding drift detectors and the alerts' one-sided tests: SciPy ks_2samp per dimension with
statsmodels' Benjamini-Hochberg (multipletests fdr_bh), scikit-learn roc_auc_score and LogisticRegression, the
unbiased Gaussian-kernel MMD^2 with the median heuristic in NumPy (Gretton et al. 2012, eq. 3), and SciPy's binom.sf /
norm.sf for the threshold tests. Reads JSON on stdin, writes JSON."""
import json
import sys

import numpy as np
from scipy import stats
from scipy.spatial.distance import pdist, squareform
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from statsmodels.stats.multitest import multipletests

case = json.load(sys.stdin)
out = {}
if "perdim" in case:
    a = np.asarray(case["perdim"]["reference"], float)
    b = np.asarray(case["perdim"]["current"], float)
    ps = [stats.ks_2samp(b[:, d], a[:, d]).pvalue for d in range(a.shape[1])]
    q = multipletests(ps, method="fdr_bh")[1]
    out["perdim"] = {"pValues": [float(p) for p in ps], "minQ": float(q.min()), "drifted": int((q < 0.05).sum())}
if "auc" in case:
    out["auc"] = float(roc_auc_score(case["auc"]["labels"], case["auc"]["scores"]))
if "logistic" in case:
    x = np.asarray(case["logistic"]["rows"], float)
    y = np.asarray(case["logistic"]["labels"], int)
    lam = case["logistic"]["lambda"]
    m = LogisticRegression(C=1.0 / (lam * len(y)), tol=1e-12, max_iter=100000).fit(x, y)
    out["logistic"] = {"weights": m.coef_[0].tolist(), "intercept": float(m.intercept_[0])}
if "mmd" in case:
    x = np.asarray(case["mmd"]["reference"], float)
    y = np.asarray(case["mmd"]["current"], float)
    z = np.vstack([x, y])
    d = squareform(pdist(z, "sqeuclidean"))
    s = np.sqrt(np.median(pdist(z, "sqeuclidean")))
    k = np.exp(-d / (2 * s * s))
    n1, n2 = len(x), len(y)
    kxx, kyy, kxy = k[:n1, :n1], k[n1:, n1:], k[:n1, n1:]
    mmd2 = (kxx.sum() - np.trace(kxx)) / (n1 * (n1 - 1)) + (kyy.sum() - np.trace(kyy)) / (n2 * (n2 - 1)) - 2 * kxy.mean()
    out["mmd"] = {"mmd2": float(mmd2), "bandwidth": float(s)}
if "threshold" in case:
    t = case["threshold"]
    out["threshold"] = {
        "binomAbove": float(stats.binom.sf(t["k"] - 1, t["n"], t["p"])),
        "binomBelow": float(stats.binom.cdf(t["k"], t["n"], t["p"])),
        "normAbove": float(stats.norm.sf((t["mean"] - t["line"]) / (t["sd"] / np.sqrt(t["m"])))),
    }
json.dump(out, sys.stdout)
