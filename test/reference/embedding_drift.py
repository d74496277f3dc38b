"""Reference for the embedding drift check: the training centroid, each embedding's cosine similarity to it
(scikit-learn's cosine_similarity; a training embedding against the centroid of the others) and SciPy's ks_2samp of production against training similarities; and ks_2samp /
wasserstein_distance on raw numeric samples. Reads JSON on stdin, writes JSON."""
import json
import sys

import numpy as np
from scipy import stats
from sklearn.metrics.pairwise import cosine_similarity

case = json.load(sys.stdin)
out = {}
if "training" in case:
    train = np.asarray(case["training"], dtype=np.float32).astype(float)
    prod = np.asarray(case["production"], dtype=np.float32).astype(float)
    centroid = train.mean(axis=0, keepdims=True)
    # Leave one out: each training embedding against the centroid of the other training embeddings.
    n = len(train)
    ts = np.array([cosine_similarity(train[i : i + 1], (n * centroid - train[i : i + 1]) / (n - 1))[0, 0] for i in range(n)])
    ps = cosine_similarity(prod, centroid).ravel()
    r = stats.ks_2samp(ps, ts)
    out["embedding"] = {"statistic": float(r.statistic), "pValue": float(r.pvalue), "productionMean": float(ps.mean()), "trainingMean": float(ts.mean())}
if "reference" in case:
    r = stats.ks_2samp(np.asarray(case["current"], float), np.asarray(case["reference"], float))
    w = stats.wasserstein_distance(case["reference"], case["current"])
    out["numeric"] = {"statistic": float(r.statistic), "pValue": float(r.pvalue), "wasserstein": float(w)}
json.dump(out, sys.stdout)
