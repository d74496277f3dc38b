"""Reference values for the golden-set metrics, from Debian's python3-sklearn and python3-nltk.

Usage (JSON on stdin, JSON on stdout):
  python3 eval_reference.py classification  <- {"truth": [...], "predicted": [...], "labels": [...] | null}
  python3 eval_reference.py stem            <- ["word", ...]
  python3 eval_reference.py rougel          <- [["reference", "candidate"], ...]
  python3 eval_reference.py rougel-bench N  <- [["reference", "candidate"], ...]   (timing for bench/)
classification is scikit-learn's precision_recall_fscore_support(zero_division=0), accuracy_score and
confusion_matrix. rougel re-implements rouge-score's rougeL with use_stemmer=True (rouge-score is not packaged in
Debian and PyPI is out of reach): lower-case, runs of characters other than a-z0-9 separate tokens, NLTK's
PorterStemmer() on tokens longer than 3 characters, then LCS precision / recall / F-measure, as in
rouge_score/tokenize.py and rouge_scorer._score_lcs. Not a runtime dependency.
"""
import json
import re
import sys
import time

from nltk.stem import porter

STEMMER = porter.PorterStemmer()
NON_ALNUM = re.compile(r"[^a-z0-9]+")
SPACES = re.compile(r"\s+")
VALID = re.compile(r"^[a-z0-9]+$")


def tokenize(text):
    tokens = SPACES.split(NON_ALNUM.sub(" ", text.lower()))
    tokens = [STEMMER.stem(t) if len(t) > 3 else t for t in tokens]
    return [t for t in tokens if VALID.match(t)]


def lcs(a, b):
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = table[i - 1][j - 1] + 1 if a[i - 1] == b[j - 1] else max(table[i - 1][j], table[i][j - 1])
    return table[-1][-1]


def rougel(reference, candidate):
    ref, cand = tokenize(reference), tokenize(candidate)
    if not ref or not cand:
        return {"precision": 0.0, "recall": 0.0, "fmeasure": 0.0}
    n = lcs(ref, cand)
    p, r = n / len(cand), n / len(ref)
    return {"precision": p, "recall": r, "fmeasure": 2 * p * r / (p + r) if p + r > 0 else 0.0}


def classification(doc):
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support
    labels = doc.get("labels") or sorted(set(doc["truth"]) | set(doc["predicted"]))
    p, r, f, s = precision_recall_fscore_support(doc["truth"], doc["predicted"], labels=labels, zero_division=0)
    mp, mr, mf, _ = precision_recall_fscore_support(doc["truth"], doc["predicted"], labels=labels, average="macro", zero_division=0)
    _, _, wf, _ = precision_recall_fscore_support(doc["truth"], doc["predicted"], labels=labels, average="weighted", zero_division=0)
    return {
        "labels": labels,
        "accuracy": accuracy_score(doc["truth"], doc["predicted"]),
        "macroPrecision": mp, "macroRecall": mr, "macroF1": mf, "weightedF1": wf,
        "perClass": {l: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])} for i, l in enumerate(labels)},
        "confusion": confusion_matrix(doc["truth"], doc["predicted"], labels=labels).tolist(),
    }


if __name__ == "__main__":
    mode, doc = sys.argv[1], json.load(sys.stdin)
    if mode == "classification":
        out = classification(doc)
    elif mode == "stem":
        out = [STEMMER.stem(w) for w in doc]
    elif mode == "rougel":
        out = [rougel(a, b) for a, b in doc]
    else:
        runs = int(sys.argv[2])
        rougel(*doc[0])
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            for a, b in doc:
                rougel(a, b)
            times.append(time.perf_counter() - t)
        times.sort()
        out = {"median": times[len(times) // 2], "pairs": len(doc)}
    print(json.dumps(out))
