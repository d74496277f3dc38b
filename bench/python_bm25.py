"""BM25 index and search in Python with scipy.sparse (the comparison for bench/chunks-child.ts): the same tokenised
chunks and queries, Okapi BM25 with Lucene's idf (k1 1.2, b 0.75), each query's top 3. Times building the weighted
term-document matrix and scoring every query; prints the median of N runs as JSON.
stdin: {"docs": [[tokens]], "queries": [[tokens]]}; argv: N
"""
import json
import sys
import time

import numpy as np
from scipy import sparse


def run(docs, queries, k1=1.2, b=0.75):
    vocab = {}
    rows, cols, vals = [], [], []
    for j, d in enumerate(docs):
        counts = {}
        for t in d:
            counts[t] = counts.get(t, 0) + 1
        for t, c in counts.items():
            rows.append(vocab.setdefault(t, len(vocab)))
            cols.append(j)
            vals.append(c)
    tf = sparse.csr_matrix((np.array(vals, dtype=float), (rows, cols)), shape=(len(vocab), len(docs)))
    lengths = np.array([len(d) for d in docs], dtype=float)
    norm = k1 * (1 - b + b * lengths / lengths.mean())
    df = np.diff(tf.indptr)
    idf = np.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
    w = tf.tocoo()
    weights = sparse.csr_matrix((idf[w.row] * w.data * (k1 + 1) / (w.data + norm[w.col]), (w.row, w.col)), shape=tf.shape)
    q = sparse.lil_matrix((len(queries), len(vocab)))
    for i, terms in enumerate(queries):
        for t in set(terms):
            if t in vocab:
                q[i, vocab[t]] = 1.0
    scores = (q.tocsr() @ weights).toarray()
    return np.argsort(-scores, axis=1, kind="stable")[:, :3]


if __name__ == "__main__":
    doc = json.load(sys.stdin)
    runs = int(sys.argv[1])
    run(doc["docs"], doc["queries"])
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        run(doc["docs"], doc["queries"])
        times.append(time.perf_counter() - t)
    times.sort()
    print(json.dumps({"median": times[len(times) // 2]}))
