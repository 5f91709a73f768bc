#!/usr/bin/env bash
# What the default pipeline does over whole real years of BTCUSDT, at the
# default position size and nearly all in (risk.positionFraction 0.99): one
# row per year and size with trades, return, both drawdowns (realised at each
# close, and marked to market at daily closes), the entries the drawdown
# budget refused, and the emergencies.
#
#   Benchmarks/years.sh                 # 2020 and 2025-Q1 on 1-minute candles, 2023-2025 hourly
#   GENESIS_BIN=.build/debug Benchmarks/years.sh   # use a build you already have
#   GENESIS_YEARS_EXTRA=loose.yaml Benchmarks/years.sh   # more configuration (any section but risk)
#
# Data from $GENESIS_DATA (default ../shared/data beside the repository):
# binance-spot-klines/BTCUSDT-1m-*.zip and binance-spot-klines-multi/BTCUSDT-1h-*.zip.
# Each run has its own database in a temporary directory.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
data="${GENESIS_DATA:-${GENESIS_SHARED_DATA:-$repo/../shared/data}}"
if [[ -z "${GENESIS_BIN:-}" ]]; then
  (cd "$repo" && swift build -c release >&2)
  bin="$repo/.build/release"
else
  bin="$(cd "$GENESIS_BIN" && pwd)"
fi
export PATH="$bin:$PATH"
[[ -d "$data/binance-spot-klines" ]] || { echo "years.sh: no data at $data (set GENESIS_DATA)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {
  local label=$1 interval=$2 fraction=$3 start=$4; shift 4
  local db="$work/$label-$fraction.db" config="$work/$fraction.yaml"
  printf 'risk:\n  positionFraction: %s\n' "$fraction" > "$config"
  [[ -n "${GENESIS_YEARS_EXTRA:-}" ]] && cat "$GENESIS_YEARS_EXTRA" >> "$config"
  export GENESIS_DB="$db"
  gen-risk account init --balance 1000 --at "$start" > /dev/null
  gen-fetch import "$@" > /dev/null 2>&1
  local t0=$(date +%s.%N)
  gen-fetch replay BTCUSDT --interval "$interval" 2> /dev/null \
    | gen-signal --config "$config" 2> /dev/null \
    | gen-risk --config "$config" --session years 2> /dev/null \
    | gen-exec --config "$config" --venue paper --session years > "$work/out.ndjson" 2> /dev/null
  local t1=$(date +%s.%N)
  gen-report summary --json --session years > "$work/summary.json"
  python3 - "$label" "$interval" "$fraction" "$work/summary.json" "$work/out.ndjson" "$(echo "$t1 - $t0" | bc -l)" <<'EOF'
import json, sys
label, interval, fraction, summary, stream, seconds = sys.argv[1:]
s = json.load(open(summary))
budget = emergencies = 0
for line in open(stream):
    if '"limits.drawdown_budget"' in line and '"type":"rejection"' in line: budget += 1
    if '"code":"tier.demoted"' in line and 'Positions are closed' in line: emergencies += 1
def f(key):
    v = s.get(key)
    return "n/a" if v is None else str(v)
print(f"{label:<8} {interval:<3} {fraction:<5} {s['trades']:>6} {f('net_pnl_pct'):>9} {f('realized_max_drawdown_pct'):>9} {f('equity_max_drawdown_pct'):>9} {budget:>7} {emergencies:>5} {float(seconds):>7.1f}")
EOF
}

printf '%-8s %-3s %-5s %6s %9s %9s %9s %7s %5s %7s\n' year int frac trades return% real_dd% equity_dd% budget emerg seconds
for fraction in 0.05 0.99; do
  run 2020 1m "$fraction" 2020-01-01 "$data"/binance-spot-klines/BTCUSDT-1m-2020-*.zip
  run 2025-Q1 1m "$fraction" 2025-01-01 "$data"/binance-spot-klines/BTCUSDT-1m-2025-*.zip
  for year in 2023 2024 2025; do
    run "$year" 1h "$fraction" "$year-01-01" "$data/binance-spot-klines-multi/BTCUSDT-1h-$year.zip"
  done
done
