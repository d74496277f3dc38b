"""Reference values for the retrieval tests (test/retrieval.test.ts).

  python3 retrieval_reference.py bm25 <- {"docs": [[tokens]], "queries": [[tokens]], "k1": float, "b": float}
      -> [[score of every doc] for each query]: Okapi BM25 with Lucene's idf ln(1 + (N - df + 0.5) / (df + 0.5)),
         written here from the formula in Robertson & Zaragoza (2009) with numpy, term by term; distinct query terms.
  python3 retrieval_reference.py ndcg <- [{"relevance": [0/1 ...], "scores": [...], "k": int}]
      -> [scikit-learn's ndcg_score([relevance], [scores], k=k)] (Debian python3-sklearn).
"""
import json
import math
import sys

import numpy as np


def bm25(doc):
    docs, k1, b = doc["docs"], doc["k1"], doc["b"]
    n = len(docs)
    lengths = np.array([len(d) for d in docs], dtype=float)
    avgdl = lengths.mean() if n else 0.0
    out = []
    for q in doc["queries"]:
        scores = np.zeros(n)
        for term in sorted(set(q)):
            tf = np.array([d.count(term) for d in docs], dtype=float)
            df = int((tf > 0).sum())
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            scores += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths / avgdl))
        out.append(scores.tolist())
    return out


def ndcg(rows):
    from sklearn.metrics import ndcg_score
    return [float(ndcg_score([r["relevance"]], [r["scores"]], k=r["k"])) for r in rows]


if __name__ == "__main__":
    mode = sys.argv[1]
    doc = json.load(sys.stdin)
    print(json.dumps(bm25(doc) if mode == "bm25" else ndcg(doc)))
