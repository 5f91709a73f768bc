#!/usr/bin/env bash
# Parameter sweep and walk-forward table over stored candles: every value of
# one configuration key, on each of N consecutive windows of the period, as its
# own backtest session (the real four-command pipeline on the paper venue),
# then one row per run from `gen-report summary --json`.
#
#   scripts/sweep.sh BTCUSDT 1h 2024-01-01 2025-01-01 strategies.momentumBreakout.breakoutFraction 0.01,0.02,0.03 [windows]
#
# Uses $GENESIS_DB (default ./demo/genesis.db, as scripts/demo.sh leaves it) and
# the release build; every run has its own session, so none moves the real account.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 6 ]]; then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
symbol=$1 interval=$2 from=$3 to=$4 key=$5 values=$6 windows=${7:-1}
swift build -c release >&2
export PATH="$PWD/.build/release:$PATH"
export GENESIS_DB="${GENESIS_DB:-$PWD/demo/genesis.db}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# YAML for one dotted key: a.b.c=v becomes nested mappings.
yaml() {
  local path=$1 value=$2 indent="" part
  IFS='.' read -r -a parts <<< "$path"
  for ((i = 0; i < ${#parts[@]} - 1; i++)); do
    printf '%s%s:\n' "$indent" "${parts[$i]}"
    indent="$indent  "
  done
  printf '%s%s: %s\n' "$indent" "${parts[${#parts[@]}-1]}" "$value"
}

start=$(date -u -d "$from" +%s) end=$(date -u -d "$to" +%s)
step=$(( (end - start) / windows ))
printf '%-10s %-10s %-12s %7s %8s %10s %8s %9s %9s %8s\n' window_from window_to value trades win_rate net_pnl pf real_dd% equity_dd% sharpe
for ((w = 0; w < windows; w++)); do
  wfrom=$(date -u -d "@$((start + w * step))" +%Y-%m-%d)
  wto=$(date -u -d "@$((start + (w + 1) * step))" +%Y-%m-%d)
  for value in ${values//,/ }; do
    config="$work/config-$value.yaml"
    yaml "$key" "$value" > "$config"
    session="sweep-$(date +%s%N)"
    { gen-fetch replay "$symbol" --interval "$interval" --from "$wfrom" --to "$wto" \
        | gen-signal --config "$config" \
        | gen-risk --config "$config" --session "$session" \
        | gen-exec --config "$config" --venue paper --session "$session" > /dev/null; } 2>>"$work/err"
    json=$(gen-report summary --json --session "$session")
    # A figure is a string (money, percents), a number (statistics) or null (see why_null: docs/METRICS.md §4).
    field() { printf '%s' "${json%%\"why_null\"*}" | sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p" | sed 's/^null$/n\/a/'; }
    printf '%-10s %-10s %-12s %7s %8.8s %10s %8.8s %9s %9s %8.8s\n' "$wfrom" "$wto" "$value" "$(field trades)" "$(field win_rate)" \
      "$(field net_pnl)" "$(field profit_factor)" "$(field realized_max_drawdown_pct)" "$(field equity_max_drawdown_pct)" "$(field sharpe)"
  done
done
