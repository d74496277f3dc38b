"""Reference for nearDuplicates: the exhaustive greedy pass it approximates. Character k-shingles of lower-cased text
with runs of non-alphanumerics collapsed to one space; a text is dropped when its exact Jaccard similarity with an
already kept text reaches the threshold (the most similar kept text, lowest index on ties). Reads {texts, threshold,
k} on stdin, writes {kept, dropped}."""
import json
import re
import sys

case = json.load(sys.stdin)
k = case.get("k", 5)


def shingles(text):
    t = re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
    if len(t) <= k:
        return {t} | {t[i:i + k] for i in range(len(t) - k + 1)}
    return {t[i:i + k] for i in range(len(t) - k + 1)}


sets = [shingles(t) for t in case["texts"]]
kept, dropped = [], []
for i, s in enumerate(sets):
    best = None
    for j in kept:
        u = len(s | sets[j])
        jac = 1.0 if u == 0 else len(s & sets[j]) / u
        if jac >= case["threshold"] and (best is None or jac > best[1]):
            best = (j, jac)
    if best:
        dropped.append({"index": i, "duplicateOf": best[0], "jaccard": best[1]})
    else:
        kept.append(i)
json.dump({"kept": kept, "dropped": dropped}, sys.stdout)
