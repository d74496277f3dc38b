"""Reference values for the retrieval tests (test/retrieval.test.ts).

  python3 retrieval_reference.py bm25 <- {"docs": [[tokens]], "queries": [[tokens]], "k1": float, "b": float}
      -> [[score of every doc] for each query]: Okapi BM25 with Lucene's idf ln(1 + (N - df + 0.5) / (df + 0.5)),
         written here from the formula in Robertson & Zaragoza (2009) with numpy, term by term; distinct query terms.
  python3 retrieval_reference.py ndcg <- [{"relevance": [0/1 ...], "scores": [...], "k": int}]
      -> [scikit-learn's ndcg_score([relevance], [scores], k=k)] (Debian python3-sklearn).
  python3 retrieval_reference.py [usage] <- {"mode": "usage", "csv": requests.csv, "from": iso, "to": iso, "k": int, "index": [chunk ids]}
      -> chunk usage in production by week, from the raw turns with pandas (Debian python3-pandas): each turn's
         retrieved_chunk_ids parsed as JSON, its first k ids exploded, counted by Monday week and id; per week the
         turns with a non-empty list, ids counted, index chunks retrieved, dead chunks, unknown ids and the share of
         index retrievals that went to the most retrieved tenth of the index; across weeks the never-retrieved and
         newly dead chunk ids.
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


def usage(doc):
    import pandas as pd
    df = pd.read_csv(doc["csv"], usecols=["ts", "retrieved_chunk_ids"], dtype={"retrieved_chunk_ids": str})
    ts = pd.to_datetime(df["ts"])
    df = df[(ts >= pd.Timestamp(doc["from"][:19])) & (ts < pd.Timestamp(doc["to"][:19]))].copy()
    ts = pd.to_datetime(df["ts"])
    df["week"] = (ts.dt.normalize() - pd.to_timedelta(ts.dt.weekday, unit="D")).dt.strftime("%Y-%m-%d")
    df["ids"] = df["retrieved_chunk_ids"].map(lambda x: json.loads(x)[: doc["k"]] if isinstance(x, str) else [])
    turns = df[df["ids"].map(len) > 0].groupby("week").size()
    ex = df[["week", "ids"]].explode("ids").dropna()
    counts = ex.groupby(["week", "ids"]).size()
    index = doc["index"]
    index_set = set(index)
    tenth = max(1, math.ceil(len(index_set) / 10))
    weeks = []
    ever = set()
    by_week = {}
    for week in sorted(turns.index):
        c = counts.loc[week]
        in_index = c[c.index.isin(index_set)]
        unknown = c[~c.index.isin(index_set)]
        by_week[week] = set(in_index.index)
        ever |= set(c.index)
        weeks.append({
            "week": week, "turns": int(turns[week]), "retrievals": int(c.sum()), "retrieved": int(len(in_index)),
            "dead": len(index_set) - int(len(in_index)), "unknownIds": int(len(unknown)),
            "unknownRetrievals": int(unknown.sum()),
            "top10Share": float(in_index.sort_values(ascending=False).iloc[:tenth].sum() / in_index.sum()),
        })
    order = sorted(turns.index)
    earlier = set().union(*[by_week[w] for w in order[:-1]]) if len(order) > 1 else set()
    return {
        "weeks": weeks,
        "neverRetrieved": [i for i in index if i not in ever],
        "newlyDead": sorted(earlier - by_week[order[-1]]),
    }


def ndcg(rows):
    from sklearn.metrics import ndcg_score
    return [float(ndcg_score([r["relevance"]], [r["scores"]], k=r["k"])) for r in rows]


if __name__ == "__main__":
    doc = json.load(sys.stdin)
    mode = sys.argv[1] if len(sys.argv) > 1 else doc["mode"]
    print(json.dumps({"bm25": bm25, "ndcg": ndcg, "usage": usage}[mode](doc)))
