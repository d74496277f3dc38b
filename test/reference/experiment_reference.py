"""Reference values for CUPED and ratio metrics (test/cupedAdjust.test.ts, test/deltaMethodRatio.test.ts).

JSON on stdin, JSON on stdout, one object per case:
  {"kind": "cuped", "arm": [int, ...], "y": [...], "x": [number or null, ...]}
      -> {"theta", "effects": [OLS coefficient of each arm k > 0], "adjustedMeans": [...], "adjustedVariances": [...],
          "plainVariances": [...]}: statsmodels OLS of y on arm dummies and x (a missing x set to the mean of the
          observed ones), the common slope theta and each arm's coefficient; then per arm, with pandas, the mean and
          sample variance (ddof=1) of y - theta * (x - mean of x over all units) (Debian python3-statsmodels, -pandas).
  {"kind": "ratio", "num": [...], "den": [...]}
      -> {"ratio", "variance"}: sum(num) / sum(den) and the delta-method variance of Deng, Knoblich and Lu (2018),
         eq. 3, from numpy's sample covariance matrix of (num, den) (np.cov, ddof=1).
"""
import json
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm


def cuped(case):
    df = pd.DataFrame({"arm": case["arm"], "y": case["y"], "x": [np.nan if v is None else v for v in case["x"]]})
    df["x"] = df["x"].fillna(df["x"].mean())
    design = pd.get_dummies(df["arm"], prefix="arm", drop_first=True, dtype=float)
    design["x"] = df["x"]
    fit = sm.OLS(df["y"], sm.add_constant(design)).fit()
    theta = float(fit.params["x"])
    adj = df["y"] - theta * (df["x"] - df["x"].mean())
    arms = sorted(df["arm"].unique())
    return {
        "theta": theta,
        "effects": [float(fit.params[f"arm_{k}"]) for k in arms[1:]],
        "adjustedMeans": [float(adj[df["arm"] == k].mean()) for k in arms],
        "adjustedVariances": [float(adj[df["arm"] == k].var(ddof=1)) for k in arms],
        "plainVariances": [float(df["y"][df["arm"] == k].var(ddof=1)) for k in arms],
    }


def ratio(case):
    num, den = np.array(case["num"], dtype=float), np.array(case["den"], dtype=float)
    n = len(num)
    c = np.cov(num, den, ddof=1)
    r = num.mean() / den.mean()
    var = (c[0, 0] - 2 * r * c[0, 1] + r * r * c[1, 1]) / (n * den.mean() ** 2)
    return {"ratio": float(num.sum() / den.sum()), "variance": float(var)}


print(json.dumps([cuped(c) if c["kind"] == "cuped" else ratio(c) for c in json.load(sys.stdin)]))
