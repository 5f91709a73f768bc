#!/usr/bin/env bash
# The README demo: build, then backtest SNIPER momentum breakout over all of
# 2024 on Binance's real hourly BTCUSDT and ETHUSDT candles (committed under
# Tests/Fixtures) through the real four-command pipeline on the paper venue,
# and print the report. Needs neither network nor data beside the repository.
#
# Uses its own database (./demo/genesis.db, recreated each run) so it never
# touches a real account; set GENESIS_DEMO_DIR to put it elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
# A debug build: the same one `swift test` uses, so the two README commands
# build once between them (a release build, for real use, takes longer).
swift build >&2
export PATH="$PWD/.build/debug:$PATH"
dir="${GENESIS_DEMO_DIR:-$PWD/demo}"
mkdir -p "$dir"
export GENESIS_DB="$dir/genesis.db"
rm -f "$GENESIS_DB" "$GENESIS_DB-wal" "$GENESIS_DB-shm" "$GENESIS_DB.head"

start=$(date +%s.%N)
gen-risk account init --balance 500 --at 2024-01-01   # opened on the data's clock
gen-fetch import Tests/Fixtures/BTCUSDT-1h-2024.zip Tests/Fixtures/ETHUSDT-1h-2024.zip
gen-fetch replay BTCUSDT ETHUSDT --interval 1h \
  | gen-signal \
  | gen-risk \
  | gen-exec --venue paper > "$dir/stream.ndjson"
gen-report summary
gen-report verify
end=$(date +%s.%N)
printf '\nevent stream: %s (%s lines)\n' "$dir/stream.ndjson" "$(wc -l < "$dir/stream.ndjson")"
printf 'demo pipeline took %.2f s after the build\n' "$(echo "$end - $start" | bc -l)"
