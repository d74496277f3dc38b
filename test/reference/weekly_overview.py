"""Reference for the weekly Overview: the same metrics computed with pandas from a CSV export of the warehouse.

Usage: python3 weekly_overview.py CSV_DIR PRICES_JSON CUR_START CUR_END PREV_START  -> JSON on stdout.
Used by test/weekly.test.ts (expected values) and bench/ (the pandas comparison). Not a runtime dependency.
"""
import json
import sys

import pandas as pd


def metrics(csv_dir, prices_path, cur_start, cur_end, prev_start):
    req = pd.read_csv(f"{csv_dir}/requests.csv", usecols=[
        "ts", "latency_ms", "is_error", "escalated", "guardrail_passed", "model",
        "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"], parse_dates=["ts"])
    ses = pd.read_csv(f"{csv_dir}/sessions.csv", usecols=["started_at"], parse_dates=["started_at"])
    fb = pd.read_csv(f"{csv_dir}/feedback.csv", usecols=["ts", "value"], parse_dates=["ts"])
    return compute(req, ses, fb, json.load(open(prices_path)), cur_start, cur_end, prev_start)


def compute(req, ses, fb, prices, cur_start, cur_end, prev_start):
    cur_start, cur_end, prev_start = pd.Timestamp(cur_start), pd.Timestamp(cur_end), pd.Timestamp(prev_start)
    price = pd.DataFrame(prices["models"]).sort_values("effective_from")
    out = {}
    for label, lo, hi in (("current", cur_start, cur_end), ("previous", prev_start, cur_start)):
        r = req[(req.ts >= lo) & (req.ts < hi)]
        llm = r[r.model.notna()]
        # one price per model in the repository table; a later effective_from would need merge_asof
        p = price.drop_duplicates("model", keep="last").set_index("model")
        cost = (llm.input_tokens * llm.model.map(p.input) + llm.output_tokens * llm.model.map(p.output)
                + llm.cache_read_tokens * llm.model.map(p.cache_read) + llm.cache_write_tokens * llm.model.map(p.cache_write)) / 1000.0
        f = fb[(fb.ts >= lo) & (fb.ts < hi)]
        s = ses[(ses.started_at >= lo) & (ses.started_at < hi)]
        out[label] = {
            "requests": int(len(r)),
            "sessions": int(len(s)),
            "peak_messages_per_second": int(r.ts.dt.floor("s").value_counts().max()),
            "latency_p50_ms": float(r.latency_ms.quantile(0.5)),
            "latency_p99_ms": float(r.latency_ms.quantile(0.99)),
            "error_rate": float(r.is_error.astype(float).mean()),
            "escalation_rate": float(r.escalated.astype(float).mean()),
            "guardrail_block_rate": float((~r.guardrail_passed.astype(bool)).astype(float).mean()),
            "thumbs_up_rate": float((f.value == "thumbs_up").mean()),
            "llm_cost_usd": float(cost.sum()),
        }
    return out


if __name__ == "__main__":
    print(json.dumps(metrics(*sys.argv[1:6])))
