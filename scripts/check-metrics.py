#!/usr/bin/env python3
"""Recomputes the equity-curve figures of `gen-report summary --json` from
`gen-report equity --csv` with code of its own (standard library only), and
exits 1 when a figure disagrees by more than 1e-9 relative (or is null where
a value is due, or the reverse).

    gen-report equity --csv --session s > equity.csv
    gen-report summary --json --session s > summary.json
    scripts/check-metrics.py equity.csv summary.json

Checked: days, period_start/end, final_equity, Sharpe, Sortino, annualised
return, Calmar, the marked-to-market drawdown (amount, percent, start and end
day) and the longest underwater run. The rules are those of docs/METRICS.md:
returns from the opening equity on, sample standard deviation, downside
deviation over all returns, 365 days a year, at least 30 returns for the
annualised figures, the deepest drawdown by fraction of its peak.
"""
import csv
import json
import math
import sys
from decimal import ROUND_HALF_UP, Decimal, getcontext

getcontext().prec = 60
MINIMUM_RETURNS = 30
TOLERANCE = 1e-9


def expected_figures(rows, opening):
    """The figures from the curve: rows are (date, Decimal equity)."""
    equities = [equity for _, equity in rows]
    returns = []
    previous = opening
    for equity in equities:
        if previous > 0:
            returns.append(float((equity - previous) / previous))
        previous = equity
    n = len(returns)
    figures = {"days": len(rows), "final_equity": equities[-1] if equities else opening,
               "period_start": rows[0][0] if rows else None, "period_end": rows[-1][0] if rows else None}
    sharpe = sortino = annualised = None
    if n >= MINIMUM_RETURNS:
        mean = math.fsum(returns) / n
        variance = math.fsum((r - mean) ** 2 for r in returns) / (n - 1)
        if variance > 0:
            sharpe = mean / math.sqrt(variance) * math.sqrt(365)
        downside = math.sqrt(math.fsum(min(r, 0.0) ** 2 for r in returns) / n)
        if downside > 0:
            sortino = mean / downside * math.sqrt(365)
        final = figures["final_equity"]
        if opening > 0 and final > 0:
            annualised = float(final / opening) ** (365 / n) - 1
    figures.update(sharpe=sharpe, sortino=sortino, annualised_return=annualised)

    # The deepest fall below a peak, by fraction; the opening equity is the first peak.
    peak, peak_date = opening, rows[0][0] if rows else None
    deepest = None  # (fraction, amount, start, end)
    run = longest = 0
    for date, equity in rows:
        if equity >= peak:
            peak, peak_date, run = equity, date, 0
            continue
        run += 1
        longest = max(longest, run)
        if peak > 0:
            fraction = (peak - equity) / peak
            if deepest is None or fraction > deepest[0]:
                deepest = (fraction, peak - equity, peak_date, date)
    figures["longest_underwater_days"] = longest
    figures["equity_max_drawdown"] = deepest[1] if deepest else Decimal(0)
    figures["equity_max_drawdown_pct"] = (deepest[0] * 100).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) if deepest else Decimal(0)
    figures["equity_max_drawdown_start"] = deepest[2] if deepest else None
    figures["equity_max_drawdown_end"] = deepest[3] if deepest else None
    calmar = None
    if annualised is not None and deepest is not None:
        calmar = annualised / float(deepest[0])
    figures["calmar"] = calmar
    return figures


def agrees(expected, reported):
    if expected is None or reported is None:
        return expected is None and reported is None
    if isinstance(expected, str):
        return expected == reported
    if isinstance(expected, (int, Decimal)) and not isinstance(expected, bool) and isinstance(reported, (int, Decimal)):
        return Decimal(expected) == Decimal(reported)
    a, b = float(expected), float(reported)
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1e-300)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], newline="") as handle:
        reader = csv.reader(handle)
        if next(reader, None) != ["date", "equity", "daily_return"]:
            sys.stderr.write(f"{argv[1]}: not a `gen-report equity --csv` file (header date,equity,daily_return)\n")
            return 2
        rows = [(line[0], Decimal(line[1])) for line in reader if line]
    with open(argv[2]) as handle:
        summary = json.load(handle)
    opening = Decimal(summary["opening_equity"])
    expected = expected_figures(rows, opening)

    reported = {}
    for name in expected:
        value = summary.get(name)
        if name in ("final_equity", "equity_max_drawdown", "equity_max_drawdown_pct") and value is not None:
            value = Decimal(value)
        reported[name] = value
    # The percent is printed to 4 places: it is compared at that precision,
    # the exact fraction through Calmar.
    failures = [name for name in expected if not agrees(expected[name], reported[name])]
    for name in expected:
        mark = "DIFFERS" if name in failures else "ok"
        print(f"{mark:8} {name}: recomputed {expected[name]}, reported {reported[name]}")
    why_null = summary.get("why_null", {})
    for name in ("sharpe", "sortino", "annualised_return", "calmar", "equity_max_drawdown_start"):
        if reported.get(name) is None and name not in why_null:
            print(f"DIFFERS  {name} is null without a reason in why_null")
            failures.append(name)
    if failures:
        print(f"{len(failures)} figure(s) disagree: {', '.join(failures)}")
        return 1
    print("every figure agrees")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
