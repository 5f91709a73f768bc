"""Writes the evidence tables of docs/STRATEGIES.md from the JSON of the
`gen-report sweep` runs scripts/evaluate.sh made, between the markers
`<!-- evaluate.sh: begin -->` and `<!-- evaluate.sh: end -->`.

    python3 scripts/lib/strategies_table.py EVAL_DIR docs/STRATEGIES.md
"""
import json
import os
import sys
from collections import Counter

# study file, strategy, data, in the order the page shows them
STUDIES = [
    ("momentum-2020", "momentum breakout", "BTCUSDT 1m, 2020"),
    ("momentum-2025q1", "momentum breakout", "BTCUSDT 1m, 2025-Q1"),
    ("momentum-2023-2025", "momentum breakout", "BTCUSDT 1h, 2023–2025"),
    ("reversion-2020", "mean reversion", "BTCUSDT 1m, 2020"),
    ("reversion-2023-2025", "mean reversion", "BTCUSDT 1h, 2023–2025"),
    ("rotation-2023-2025", "multi-pair rotation", "6 USDT pairs 1h, 2023–2025"),
    ("pairs-2023-2025", "pairs arbitrage", "BTCUSDT/ETHUSDT 1h, 2023–2025"),
]
BEGIN, END = "<!-- evaluate.sh: begin -->", "<!-- evaluate.sh: end -->"


def pct(value):
    return "–" if value is None else f"{float(value):+.2f}%"


def plain_pct(value):
    return "–" if value is None else f"{float(value):.2f}%"


def ratio(value, digits=2):
    return "–" if value is None else f"{float(value):.{digits}f}"


def rate(value):
    return "–" if value is None else f"{100 * float(value):.0f}%"


def short(values):
    return ", ".join(f"{key.split('.')[-1]}={value}" for key, value in values.items())


def row(strategy, data, line, settings, ins, out):
    return (f"| {strategy} | {data} | {line} | {settings} | {ins['trades']} | {ratio(ins['sharpe'])} | {out['trades']} | "
            f"{rate(out['win_rate'])} | {pct(out['return_pct'])} | {plain_pct(out['chained_max_drawdown_pct'])} | {ratio(out['sharpe'])} |")


def main():
    folder, page = sys.argv[1], sys.argv[2]
    lines = [BEGIN, "",
             "## The walk-forward table",
             "",
             "*In* = the train windows pooled, *out* = the test windows chained (never seen by the choice). Return and",
             "drawdown are of the $500 account (5% positions), drawdown of the chained out-of-sample curve, Sharpe annualised",
             "from daily returns (– when fewer than 30 days or no variation). **walk-forward**: each fold's in-sample best taken",
             "to its test window; the settings column counts how often each was chosen. **best fixed**: the single combination",
             "with the best out-of-sample Sharpe — chosen with hindsight, so read it beside the walk-forward line.",
             "",
             "| strategy | data | line | settings | in: trades | in: Sharpe | out: trades | out: win rate | out: return | out: drawdown | out: Sharpe |",
             "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    details = []
    for name, strategy, data in STUDIES:
        path = os.path.join(folder, name + ".json")
        if not os.path.exists(path):
            lines.append(f"| {strategy} | {data} | not run | | | | | | | | |")
            continue
        with open(path) as handle:
            sweep = json.load(handle)
        chosen = Counter(short(fold["chosen_values"]) for fold in sweep["folds"])
        settings = "; ".join(f"{values} ×{count}" for values, count in chosen.most_common())
        walk = sweep["walk_forward"]
        lines.append(row(strategy, data, "walk-forward", settings, walk["in_sample"], walk["out_of_sample"]))
        best = sweep["combinations"][0]
        lines.append(row(strategy, data, "best fixed", short(best["values"]), best["in_sample"], best["out_of_sample"]))
        details += ["", f"### {strategy}, {data}: {len(sweep['combinations'])} combinations, {len(sweep['folds'])} folds", "",
                    "| rank | settings | in: trades | in: Sharpe | out: trades | out: win rate | out: return | out: drawdown | out: Sharpe |",
                    "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
        for combination in sweep["combinations"]:
            ins, out = combination["in_sample"], combination["out_of_sample"]
            details.append(f"| {combination['rank']} | {short(combination['values'])} | {ins['trades']} | {ratio(ins['sharpe'])} | "
                           f"{out['trades']} | {rate(out['win_rate'])} | {pct(out['return_pct'])} | "
                           f"{plain_pct(out['chained_max_drawdown_pct'])} | {ratio(out['sharpe'])} |")
        warnings = [warning["message"] for warning in sweep["warnings"]]
        if warnings:
            details += [""] + [f"- ⚠ {message}" for message in warnings]
    triangle_path = os.path.join(folder, "triangle.json")
    if os.path.exists(triangle_path):
        with open(triangle_path) as handle:
            triangle = json.load(handle)
        lines += ["", "## Triangular arbitrage (simple arbitrage)", "",
                  f"BTCUSDT × ETHBTC against ETHUSDT at {triangle['instants']:,} instants of 2023–2025 where all three closes exist: "
                  f"median gap {triangle['median_bps']} bps, 99th percentile {triangle['p99_bps']} bps, largest {triangle['max_bps']} bps; "
                  f"the strategy needs more than {triangle['needed_bps']:.0f} bps (three 0.1% fees plus the 0.3% edge). "
                  f"Instants that would have qualified: **{triangle['opportunities']}**."]
    lines += ["", "## Every combination tried"] + details + ["", END]
    with open(page) as handle:
        text = handle.read()
    start, end = text.index(BEGIN), text.index(END) + len(END)
    with open(page, "w") as handle:
        handle.write(text[:start] + "\n".join(lines) + text[end:])


if __name__ == "__main__":
    main()
