"""Reference values for test/bertScore.test.ts.

A numpy transcription of bert_score's greedy_cos_idf and get_idf_dict (https://github.com/Tiiiger/bert_score,
bert_score/utils.py, v0.3.13) run one pair a batch: embeddings normalised per token, similarity matrix, the row and
column maxima, idf weights normalised per sentence with [CLS]/[SEP] weighted 0, F = 2PR/(P+R) with NaN -> 0,
pairs with an empty side set to 0, then baseline rescaling (x - b) / (1 - b) as bert_score.score does.

stdin: {"pairs": [{"cand": E, "ref": E}], "idf": bool, "baseline": [bP, bR, bF] | null}, E = {ids, vectors, special}
stdout: [[P, R, F], ...]
"""
import json
import sys
from collections import Counter
from math import log

import numpy as np


def main():
    doc = json.load(sys.stdin)
    pairs = doc["pairs"]
    idf_dict = None
    if doc["idf"]:
        m = len(pairs)
        counts = Counter()
        for p in pairs:
            counts.update(set(map(str, p["ref"]["ids"])))
        idf_dict = {k: log((m + 1) / (c + 1)) for k, c in counts.items()}
        default = log(m + 1)
    out = []
    for p in pairs:
        c, r = p["cand"], p["ref"]
        ce = np.array(c["vectors"], dtype=np.float64)
        re_ = np.array(r["vectors"], dtype=np.float64)
        ce = ce / np.linalg.norm(ce, axis=-1, keepdims=True)
        re_ = re_ / np.linalg.norm(re_, axis=-1, keepdims=True)
        sim = ce @ re_.T
        word_precision = sim.max(axis=1)
        word_recall = sim.max(axis=0)

        def weights(e):
            if idf_dict is None:
                w = np.ones(len(e["ids"]))
            else:
                w = np.array([idf_dict.get(str(i), default) for i in e["ids"]])
            w[np.array(e["special"], dtype=bool)] = 0.0
            return w

        cw, rw = weights(c), weights(r)
        with np.errstate(invalid="ignore", divide="ignore"):
            cw = cw / cw.sum()
            rw = rw / rw.sum()
            P = float((word_precision * cw).sum())
            R = float((word_recall * rw).sum())
            F = 2 * P * R / (P + R)
        if all(c["special"]) or all(r["special"]):
            P, R = 0.0, 0.0
        if np.isnan(F):
            F = 0.0
        if doc.get("baseline"):
            bp, br, bf = doc["baseline"]
            P, R, F = (P - bp) / (1 - bp), (R - br) / (1 - br), (F - bf) / (1 - bf)
        out.append([P, R, F])
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
