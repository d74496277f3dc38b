"""Reference values for the paired comparisons of an evaluation diff (test/pairedComparison.test.ts).

JSON on stdin, JSON on stdout, one object per case:
  {"kind": "mcnemar", "table": [[a, b], [c, d]]}
      -> {"statistic", "pValue"}: statsmodels' mcnemar(table, exact=True) (Debian python3-statsmodels).
  {"kind": "bootstrap", "baseline": [...], "candidate": [...], "resamples": int, "confidence": float}
      -> {"lower", "upper", "standardError"}: SciPy's stats.bootstrap((candidate - baseline,), np.mean,
         method="percentile", n_resamples=resamples, confidence_level=confidence, random_state=1).
  {"kind": "repeats", "values": [[entry's repeats], ...]}
      -> {"between", "within"}: pandas (Debian python3-pandas), the long table grouped by entry: the sample variance
         of the group means, and the mean of the groups' sample variances (ddof=1).
  {"kind": "quantile", "x": [...], "q": [...]} -> [numpy.quantile(x, q)] (linear, numpy's default).
  {"kind": "multipletests", "p": [...], "method": "holm" | "fdr_bh"} -> [adjusted]: statsmodels' multipletests.
  {"kind": "class_f1", "truth": [...], "baseline": [...], "candidate": [...], "label": str, "resamples": int}
      -> {"baselineF1", "candidateF1", "lower", "upper", "standardError"}: scikit-learn's f1_score(average=None,
         zero_division=0) for the label, and SciPy's stats.bootstrap(paired=True, method="percentile") of its change.
  {"kind": "permutation", "baseline": [...], "candidate": [...], "resamples": int}
      -> {"pValue"}: SciPy's stats.permutation_test((candidate, baseline), mean difference,
         permutation_type="samples", n_resamples=resamples, random_state=1), two-sided.
"""
import json
import sys

import numpy as np
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar


def one(case):
    kind = case["kind"]
    if kind == "quantile":
        return [float(v) for v in np.quantile(np.array(case["x"], dtype=float), case["q"])]
    if kind == "multipletests":
        from statsmodels.stats.multitest import multipletests
        return [float(x) for x in multipletests(case["p"], method=case["method"])[1]]
    if kind == "class_f1":
        from sklearn.metrics import f1_score
        t, b, c, label = np.array(case["truth"]), np.array(case["baseline"]), np.array(case["candidate"]), case["label"]
        def f1(truth, pred):
            tp = np.sum((truth == label) & (pred == label))
            denom = np.sum(truth == label) + np.sum(pred == label)
            return 2 * tp / denom if denom else 0.0
        def change(tt, bb, cc):
            return f1(tt, cc) - f1(tt, bb)
        r = stats.bootstrap((t, b, c), change, paired=True, vectorized=False, method="percentile",
                            n_resamples=case["resamples"], random_state=1)
        labels = sorted(set(case["truth"]))
        i = labels.index(label)
        return {"baselineF1": float(f1_score(t, b, labels=labels, average=None, zero_division=0)[i]),
                "candidateF1": float(f1_score(t, c, labels=labels, average=None, zero_division=0)[i]),
                "lower": float(r.confidence_interval.low), "upper": float(r.confidence_interval.high),
                "standardError": float(r.standard_error)}
    if kind == "repeats":
        import pandas as pd
        rows = [(i, v) for i, vs in enumerate(case["values"]) for v in vs]
        df = pd.DataFrame(rows, columns=["entry", "value"])
        g = df.groupby("entry")["value"]
        return {"between": float(g.mean().var(ddof=1)), "within": float(g.var(ddof=1).mean())}
    if kind == "mcnemar":
        r = mcnemar(np.array(case["table"]), exact=True)
        return {"statistic": float(r.statistic), "pValue": float(r.pvalue)}
    x = np.array(case["baseline"], dtype=float)
    y = np.array(case["candidate"], dtype=float)
    if kind == "bootstrap":
        r = stats.bootstrap((y - x,), np.mean, method="percentile", n_resamples=case["resamples"],
                            confidence_level=case["confidence"], random_state=1)
        return {"lower": float(r.confidence_interval.low), "upper": float(r.confidence_interval.high),
                "standardError": float(r.standard_error)}
    r = stats.permutation_test((y, x), lambda a, b: np.mean(a - b), permutation_type="samples",
                               n_resamples=case["resamples"], alternative="two-sided", random_state=1)
    return {"pValue": float(r.pvalue)}


if __name__ == "__main__":
    print(json.dumps([one(c) for c in json.load(sys.stdin)]))
