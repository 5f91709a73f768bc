#!/usr/bin/env bash
# gen-report over 100,000 trades (DESIGN §8, issue 5): builds a store with
# 100k closed round trips (an order, a fill and a position each way, spread
# over two years) straight in SQLite, then times each report.
#
#   Benchmarks/report.sh [trades]          RUNS=7 Benchmarks/report.sh
#   BIN=/tmp/before Benchmarks/report.sh   # binaries built elsewhere, no build
#   DB=/tmp/report-100k.db Benchmarks/report.sh   # keep the store (reused when it exists)
#
# Each report runs RUNS times (default 5); the line is the median wall time,
# with the fastest and slowest run: a shared machine moves single runs a lot.
# Without BIN it builds gen-risk and gen-report in release in a scratch
# directory of its own (SCRATCH, default .build-reports), so it does not wait
# on other builds of the tree.
set -euo pipefail
cd "$(dirname "$0")/.."
trades=${1:-100000}
runs=${RUNS:-5}
if [ -z "${BIN:-}" ]; then
  scratch=${SCRATCH:-$PWD/.build-reports}
  for product in gen-risk gen-report; do swift build -c release --product "$product" --scratch-path "$scratch" >&2; done
  bin="$scratch/release"
else
  bin=$BIN
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GENESIS_DB="${DB:-$work/report.db}"
start=1672531200000   # 2023-01-01
if [ -s "$GENESIS_DB" ]; then
  echo "reusing $GENESIS_DB" >&2
else
"$bin/gen-risk" account init --balance 10000 --at 2023-01-01 >/dev/null
sqlite3 "$GENESIS_DB" <<SQL
PRAGMA foreign_keys = OFF;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $trades)
INSERT INTO orders (client_order_id, session, venue, signal_id, strategy, symbol, side, type, purpose, quantity, reference_price, status,
                    executed_quantity, average_price, created_at, updated_at)
SELECT 'e' || i, 'default', 'paper', 's' || i, CASE i % 2 WHEN 0 THEN 'momentum_breakout' ELSE 'mean_reversion' END,
       CASE i % 3 WHEN 0 THEN 'BTCUSDT' WHEN 1 THEN 'ETHUSDT' ELSE 'SOLUSDT' END, 'BUY', 'MARKET', 'ENTRY', '0.01', '100', 'FILLED',
       '0.01', '100', $start + i * 600000, $start + i * 600000 FROM n
UNION ALL
SELECT 'x' || i, 'default', 'paper', 's' || i, CASE i % 2 WHEN 0 THEN 'momentum_breakout' ELSE 'mean_reversion' END,
       CASE i % 3 WHEN 0 THEN 'BTCUSDT' WHEN 1 THEN 'ETHUSDT' ELSE 'SOLUSDT' END, 'SELL', 'MARKET', 'EXIT', '0.01', '100', 'FILLED',
       '0.01', CASE WHEN i % 5 < 3 THEN '101' ELSE '99.5' END, $start + i * 600000 + 300000, $start + i * 600000 + 300000 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $trades)
INSERT INTO fills (trade_id, client_order_id, symbol, side, quantity, price, quote_quantity, fee, fee_asset, executed_at)
SELECT 'te' || i, 'e' || i, CASE i % 3 WHEN 0 THEN 'BTCUSDT' WHEN 1 THEN 'ETHUSDT' ELSE 'SOLUSDT' END, 'BUY', '0.01', '100', '1', '0.001', 'USDT',
       $start + i * 600000 FROM n
UNION ALL
SELECT 'tx' || i, 'x' || i, CASE i % 3 WHEN 0 THEN 'BTCUSDT' WHEN 1 THEN 'ETHUSDT' ELSE 'SOLUSDT' END, 'SELL', '0.01',
       CASE WHEN i % 5 < 3 THEN '101' ELSE '99.5' END, '1', '0.001', 'USDT', $start + i * 600000 + 300000 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $trades)
INSERT INTO positions (session, symbol, side, status, quantity, entry_price, stop_price, strategy, signal_id, entry_client_order_id, exit_client_order_id,
                       opened_at, closed_at, exit_price, exit_reason, fees, realized_gross, realized_pnl)
SELECT 'default', CASE i % 3 WHEN 0 THEN 'BTCUSDT' WHEN 1 THEN 'ETHUSDT' ELSE 'SOLUSDT' END, 'LONG', 'CLOSED', '0.01', '100', '98',
       CASE i % 2 WHEN 0 THEN 'momentum_breakout' ELSE 'mean_reversion' END, 's' || i, 'e' || i, 'x' || i,
       $start + i * 600000, $start + i * 600000 + 300000, CASE WHEN i % 5 < 3 THEN '101' ELSE '99.5' END,
       CASE WHEN i % 5 < 3 THEN 'TAKE_PROFIT' ELSE 'STOP_LOSS' END, '0.002',
       CASE WHEN i % 5 < 3 THEN '0.01' ELSE '-0.005' END, CASE WHEN i % 5 < 3 THEN '0.008' ELSE '-0.007' END FROM n;
SQL
fi
year=$(date -u -d "@$(( (start + trades * 600000) / 1000 ))" +%Y)
printf '%s trades, %s runs each, load average %s\n\n%-40s %8s %8s %8s\n' "$trades" "$runs" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" \
  report median min max
run() {
  local label=$1; shift
  local t0 t1 times=()
  for _ in $(seq "$runs"); do
    t0=$(date +%s.%N)
    "$@" > /dev/null || true   # verify exits 7 here: the store was written outside GENESIS
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk -v label="$label" '{ t[NR] = $1 } END {
    m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    printf "%-40s %8.3f %8.3f %8.3f\n", label, m, t[1], t[NR] }'
}
run "gen-report summary" "$bin/gen-report" summary
run "gen-report equity --csv" "$bin/gen-report" equity --csv
run "gen-report breakdown --by strategy" "$bin/gen-report" breakdown --by strategy
run "gen-report breakdown --by week" "$bin/gen-report" breakdown --by week
run "gen-report html" "$bin/gen-report" html
run "gen-report tax --year $year" "$bin/gen-report" tax --year "$year"
run "gen-report tax --year $year --csv" "$bin/gen-report" tax --year "$year" --csv
run "gen-report verify" "$bin/gen-report" verify
