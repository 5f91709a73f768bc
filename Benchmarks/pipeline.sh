#!/usr/bin/env bash
# Replay throughput of the four-command pipeline, each stage alone, and a
# plain `cat`-through-four-pipes baseline over the same lines (the physical
# limit of the pipe shape). Prints figures; asserts nothing.
#
#   Benchmarks/pipeline.sh                # a year of real 1-minute BTCUSDT (2020) from ../shared/data
#   Benchmarks/pipeline.sh --generated    # 400 days of generated 1-minute candles instead
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >&2
bin="$PWD/.build/release"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GENESIS_DB="$work/bench.db"
"$bin/gen-risk" account init --balance 500 >/dev/null
data="${GENESIS_DATA:-${GENESIS_SHARED_DATA:-$PWD/../shared/data}}/binance-spot-klines"
if [[ "${1:-}" != "--generated" && -d "$data" ]]; then
  "$bin/gen-fetch" import "$data"/BTCUSDT-1m-2020-*.zip >/dev/null
  source_name="Binance BTCUSDT 1m, 2020"
else
  "$bin/gen-fetch" generate BTCUSDT --days 400 --seed 1 >/dev/null
  source_name="generated BTCUSDT 1m, 400 days"
fi
cp "$GENESIS_DB" "$work/clean.db"

seconds() { local start end; start=$(date +%s.%N); "$@"; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
fresh() { rm -f "$GENESIS_DB" "$GENESIS_DB-wal" "$GENESIS_DB-shm"; cp "$work/clean.db" "$GENESIS_DB"; }

"$bin/gen-fetch" replay BTCUSDT > "$work/candles.ndjson" 2>/dev/null
lines=$(wc -l < "$work/candles.ndjson")
"$bin/gen-signal" < "$work/candles.ndjson" > "$work/signals.ndjson" 2>/dev/null
"$bin/gen-risk" --no-sync < "$work/signals.ndjson" > "$work/orders.ndjson" 2>/dev/null
fresh

rate() { echo "scale=0; $lines / $1" | bc -l; }
printf 'source: %s, %d candles\n\n' "$source_name" "$lines"
printf '%-34s %10s %14s\n' "what" "seconds" "candles/s"
row() { printf '%-34s %10.3f %14s\n' "$1" "$2" "$(rate "$2")"; }

t=$(seconds sh -c "cat '$work/candles.ndjson' | cat | cat | cat > /dev/null"); row "cat | cat | cat | cat (baseline)" "$t"; base=$t
t=$(seconds sh -c "'$bin/gen-fetch' replay BTCUSDT > /dev/null 2>&1"); row "gen-fetch replay" "$t"
t=$(seconds sh -c "'$bin/gen-signal' < '$work/candles.ndjson' > /dev/null 2>&1"); row "gen-signal" "$t"
fresh; t=$(seconds sh -c "'$bin/gen-risk' --no-sync < '$work/signals.ndjson' > /dev/null 2>&1"); row "gen-risk" "$t"
fresh; t=$(seconds sh -c "'$bin/gen-exec' --venue paper < '$work/orders.ndjson' > /dev/null 2>&1"); row "gen-exec --venue paper" "$t"
fresh; t=$(seconds sh -c "'$bin/gen-fetch' replay BTCUSDT 2>/dev/null | '$bin/gen-signal' 2>/dev/null | '$bin/gen-risk' 2>/dev/null | '$bin/gen-exec' --venue paper > /dev/null 2>&1"); row "whole pipeline (replay barrier on)" "$t"; whole=$t
fresh; t=$(seconds sh -c "'$bin/gen-fetch' replay BTCUSDT 2>/dev/null | '$bin/gen-signal' 2>/dev/null | '$bin/gen-risk' --no-sync 2>/dev/null | '$bin/gen-exec' --venue paper > /dev/null 2>&1"); row "whole pipeline (--no-sync)" "$t"
printf '\npipeline / cat baseline: %.1fx slower\n' "$(echo "$whole / $base" | bc -l)"
if [[ -x /usr/bin/time ]]; then
  for stage in gen-signal gen-risk gen-exec; do
    fresh
    input="$work/candles.ndjson"; [[ $stage == gen-risk ]] && input="$work/signals.ndjson"; [[ $stage == gen-exec ]] && input="$work/orders.ndjson"
    /usr/bin/time -f '%M' -o "$work/mem" "$bin/$stage" < "$input" > /dev/null 2>/dev/null || true
    printf '%s peak memory: %s KiB\n' "$stage" "$(tail -1 "$work/mem")"
  done
fi
