"""Reference for the cost job: the same numbers computed with pandas from a CSV export of the warehouse.

Usage:
  python3 cost_reference.py report CSV_DIR PRICES_JSON CUR_START CUR_END PREV_START LEAD_START CAP ROUTING_JSON -> JSON
  python3 cost_reference.py spikes SERIES_JSON WINDOW                                                          -> JSON
Used by test/cost.test.ts and test/trailingSpikes.test.ts (expected values) and by bench/ (the pandas comparison).
Not a runtime dependency.
"""
import json
import sys

import pandas as pd

TOKENS = ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"]


def price(req, prices, model_col="model"):
    """Each row's prices in force at its timestamp (effective_from <= ts < next effective_from), by merge + filter."""
    table = pd.DataFrame(prices["models"])
    table["effective_from"] = pd.to_datetime(table["effective_from"])
    table = table.sort_values(["model", "effective_from"])
    table["effective_to"] = table.groupby("model")["effective_from"].shift(-1).fillna(pd.Timestamp.max)
    keyed = req[[model_col, "ts"]].reset_index()
    m = keyed.merge(table, left_on=model_col, right_on="model", how="left", suffixes=("", "_p"))
    m = m[(m.ts >= m.effective_from) & (m.ts < m.effective_to)].set_index("index")
    return m[["input", "output", "cache_read", "cache_write"]].reindex(req.index)


def cost_of(req, p):
    return (req.input_tokens * p.input + req.output_tokens * p.output
            + req.cache_read_tokens * p.cache_read + req.cache_write_tokens * p.cache_write) / 1000.0


def load(csv_dir):
    req = pd.read_csv(f"{csv_dir}/requests.csv", usecols=[
        "trace_id", "session_id", "ts", "intent", "handler", "model", "user_type", "region", "escalated",
        "budget_strategy", "inference_type", *TOKENS], parse_dates=["ts"])
    fb = pd.read_csv(f"{csv_dir}/feedback.csv", usecols=["trace_id", "ts", "value"], parse_dates=["ts"])
    return req, fb


def report(csv_dir, prices_path, cur_start, cur_end, prev_start, lead_start, cap, routing_json):
    req, fb = load(csv_dir)
    prices = json.load(open(prices_path))
    return compute(req, fb, prices, pd.Timestamp(cur_start), pd.Timestamp(cur_end), pd.Timestamp(prev_start),
                   pd.Timestamp(lead_start), int(cap), json.loads(routing_json))


def compute(req, fb, prices, cur_start, cur_end, prev_start, lead_start, cap, routing):
    out = {}
    req = req[(req.ts >= lead_start) & (req.ts < cur_end)].copy()
    req["cost"] = cost_of(req, price(req, prices))
    cur = req[req.ts >= cur_start]
    prev = req[(req.ts >= prev_start) & (req.ts < cur_start)]
    llm = cur[cur.model.notna()]
    out["total_cost"] = float(llm.cost.sum())
    out["previous_cost"] = float(prev.cost.sum())
    for dim in ["intent", "model", "user_type", "region"]:
        out[f"by_{dim}"] = {k: float(v) for k, v in llm.groupby(dim).cost.sum().items()}
    daily = req.groupby(req.ts.dt.floor("D")).cost.sum().asfreq("D")
    trailing = daily.rolling(7, min_periods=7).mean().shift(1)
    out["daily"] = {d.strftime("%Y-%m-%d"): float(v) for d, v in daily.items()}
    out["trailing"] = {d.strftime("%Y-%m-%d"): (None if pd.isna(v) else float(v)) for d, v in trailing.items()}

    # sessions: turns inside the period
    cur = cur.assign(tok=cur.input_tokens.where(cur.model.notna(), 0) + cur.output_tokens.where(cur.model.notna(), 0),
                     capped=cur.budget_strategy.eq("minimal"), degraded=cur.budget_strategy.isin(["reduced", "minimal"]))
    ses = cur.groupby("session_id").agg(tokens=("tok", "sum"), cost=("cost", "sum"), capped=("capped", "any"),
                                        degraded=("degraded", "any"), user_type=("user_type", "first"))
    out["sessions"] = int(len(ses))
    out["cost_per_session"] = float(ses.cost.sum() / len(ses))
    out["cost_per_session_by_user_type"] = {k: float(v) for k, v in ses.groupby("user_type").cost.mean().items()}
    out["capped_sessions"] = int(ses.capped.sum())
    out["degraded_sessions"] = int(ses.degraded.sum())
    out["sessions_at_cap_tokens"] = int((ses.tokens >= cap).sum())
    out["token_percentiles"] = {q: float(ses.tokens.quantile(v)) for q, v in (("p50", 0.5), ("p90", 0.9), ("p99", 0.99))}
    out["token_max"] = int(ses.tokens.max())

    # bypass and quality
    thumbs = fb[fb.ts >= cur_start].assign(up=lambda f: f.value.eq("thumbs_up"), down=lambda f: f.value.eq("thumbs_down")) \
        .groupby("trace_id")[["up", "down"]].sum()
    turns = cur.join(thumbs, on="trace_id").fillna({"up": 0, "down": 0})
    turns["route"] = turns.handler.eq("llm").map({True: "llm", False: "bypass"})
    out["bypass_by_intent"] = {k: [int(g.route.eq("bypass").sum()), int(len(g))] for k, g in turns.groupby("intent")}
    out["route_quality"] = {k: {"up": int(g.up.sum()), "down": int(g.down.sum()), "esc": int(g.escalated.sum()), "turns": int(len(g))}
                            for k, g in turns.groupby("route")}
    out["strategy_quality"] = {k: {"up": int(g.up.sum()), "down": int(g.down.sum()), "turns": int(len(g))}
                               for k, g in turns.groupby("budget_strategy")}
    llm_turns = turns[turns.route.eq("llm")]
    avg_all = llm_turns.cost.sum() / len(llm_turns)
    savings = 0.0
    for intent, g in turns.groupby("intent"):
        own = g[g.route.eq("llm")]
        per = own.cost.sum() / len(own) if len(own) >= 30 else avg_all
        savings += g.route.eq("bypass").sum() * per
    out["bypass_savings"] = float(savings)

    # prompt cache of the period's week(s)
    c = llm.assign(week=llm.ts.dt.to_period("W-SUN").dt.start_time.dt.strftime("%Y-%m-%d"))
    p = price(c, prices)
    c = c.assign(hit=c.cache_read_tokens.gt(0), miss=c.cache_read_tokens.le(0) & c.cache_write_tokens.gt(0),
                 saved=c.cache_read_tokens.clip(lower=0) * (p.input - p.cache_read) / 1000.0,
                 premium=c.cache_write_tokens.clip(lower=0) * (p.cache_write - p.input) / 1000.0)
    out["cache"] = {k: {"hits": int(g.hit.sum()), "misses": int(g.miss.sum()), "saved": float(g.saved.sum()), "premium": float(g.premium.sum())}
                    for k, g in c.groupby("week")}

    # what-if: the period's LLM turns moved by the routing, priced again
    moved = llm.assign(model=llm.intent.map(routing).fillna(llm.model))
    out["whatif_cost_by_intent"] = {k: float(v) for k, v in moved.assign(cost=cost_of(moved, price(moved, prices))).groupby("intent").cost.sum().items()}
    return out


def spikes(series_json, window):
    s = pd.Series({pd.Timestamp(k): v for k, v in json.loads(series_json).items()}, dtype=float).sort_index().asfreq("D")
    trailing = s.rolling(int(window), min_periods=int(window)).mean().shift(1)
    return {d.strftime("%Y-%m-%d"): (None if pd.isna(v) else float(v)) for d, v in trailing.items()}


if __name__ == "__main__":
    if sys.argv[1] == "report":
        print(json.dumps(report(*sys.argv[2:10])))
    else:
        print(json.dumps(spikes(sys.argv[2], sys.argv[3])))
