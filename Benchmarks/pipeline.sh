#!/usr/bin/env bash
# Replay throughput of the four-command pipeline, each stage alone, and a
# plain `cat`-through-four-pipes baseline over the same lines (the physical
# limit of the pipe shape), each with its ratio to that baseline. Prints
# figures; asserts nothing (no benchmark is a test).
#
#   Benchmarks/pipeline.sh                      # a year of real 1-minute BTCUSDT (2020) from $GENESIS_DATA (../shared/data)
#   Benchmarks/pipeline.sh --generated          # 400 days of generated 1-minute candles instead
#   Benchmarks/pipeline.sh --runs 5             # median of 5 runs per row (default 3)
#   Benchmarks/pipeline.sh --bin DIR            # binaries built elsewhere (default: swift build -c release)
#   Benchmarks/pipeline.sh --before DIR         # also a build of another commit, measured in the same run, row by row
#   Benchmarks/pipeline.sh --before DIR --same-output   # and check that both write the same execution and position lines
#
# --same-output runs the whole 2020 pipeline through each build twice, with the
# default configuration and with a 0.2% breakout on 15-minute bars (452 signals in
# 2020 instead of 130; momentum_breakout, the only
# strategy SNIPER has unlocked), and compares the `execution` and `position`
# lines byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3 bin="" before="" generated=0 same=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    --before) before="$2"; shift 2 ;;
    --generated) generated=1; shift ;;
    --same-output) same=1; shift ;;
    *) echo "pipeline.sh: unknown argument '$1' (see the header of this file)" >&2; exit 2 ;;
  esac
done
if [[ -z "$bin" ]]; then swift build -c release >&2; bin="$PWD/.build/release"; fi
[[ -z "$before" || -x "$before/gen-exec" ]] || { echo "pipeline.sh: no gen-exec in --before '$before'" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" GENESIS_CONFIG="$work/genesis.yaml"
mkdir -p "$HOME"
: > "$GENESIS_CONFIG"
data="${GENESIS_DATA:-${GENESIS_SHARED_DATA:-$PWD/../shared/data}}/binance-spot-klines"

# One clean store per build (each build migrates its own), holding the candles.
builds=(after) ; dirs=("$bin")
[[ -n "$before" ]] && { builds=(before after); dirs=("$before" "$bin"); }
for index in "${!builds[@]}"; do
  name=${builds[$index]} dir=${dirs[$index]}
  export GENESIS_DB="$work/$name-clean.db"
  "$dir/gen-risk" account init --balance 500 >/dev/null
  if [[ $generated == 0 && -d "$data" ]]; then
    "$dir/gen-fetch" import "$data"/BTCUSDT-1m-2020-*.zip >/dev/null 2>&1
    source_name="Binance BTCUSDT 1m, 2020"
  else
    "$dir/gen-fetch" generate BTCUSDT --days 400 --seed 1 >/dev/null 2>&1
    source_name="generated BTCUSDT 1m, 400 days"
  fi
done
# A copy of a saved store (with its -wal, if one is left) as the store the next run uses.
copy() { local file; rm -f "$2"*; for file in "$1"*; do cp "$file" "$2${file#"$1"}"; done; }
fresh() { copy "$work/$1.db" "$work/bench.db"; export GENESIS_DB="$work/bench.db"; }

# The stages' inputs, written once by the newest build. gen-exec alone reads
# the orders with the store gen-risk approved them in (each build's own), so
# its positions open and close as in the pipeline.
fresh after-clean
"$bin/gen-fetch" replay BTCUSDT > "$work/candles.ndjson" 2>/dev/null
lines=$(wc -l < "$work/candles.ndjson")
"$bin/gen-signal" < "$work/candles.ndjson" > "$work/signals.ndjson" 2>/dev/null
for index in "${!builds[@]}"; do
  fresh "${builds[$index]}-clean"
  "${dirs[$index]}/gen-risk" --no-sync < "$work/signals.ndjson" > "$work/orders.ndjson" 2>/dev/null
  copy "$work/bench.db" "$work/${builds[$index]}-judged.db"
done

# Median wall seconds of `runs` runs of a shell line; $B is the build's directory.
median() {
  local build=$1 dir=$2 line=$3 times=() store=clean
  [[ $line == *"gen-exec\" --venue paper < "* ]] && store=judged
  for ((run = 0; run < runs; run++)); do
    fresh "$build-$store"
    local start end
    start=$(date +%s%N)
    B="$dir" W="$work" sh -c "$line"
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000 ))")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.3f", t[int((NR + 1) / 2)] / 1e6 }'
}

rows=(
  "cat ×4 (baseline)::cat \"\$W/candles.ndjson\" | cat | cat | cat > /dev/null"
  "gen-fetch replay::\"\$B/gen-fetch\" replay BTCUSDT > /dev/null 2>&1"
  "gen-signal::\"\$B/gen-signal\" < \"\$W/candles.ndjson\" > /dev/null 2>&1"
  "gen-risk --no-sync::\"\$B/gen-risk\" --no-sync < \"\$W/signals.ndjson\" > /dev/null 2>&1"
  "gen-exec --venue paper::\"\$B/gen-exec\" --venue paper < \"\$W/orders.ndjson\" > /dev/null 2>&1"
  "whole pipeline (replay barrier on)::\"\$B/gen-fetch\" replay BTCUSDT 2>/dev/null | \"\$B/gen-signal\" 2>/dev/null | \"\$B/gen-risk\" 2>/dev/null | \"\$B/gen-exec\" --venue paper > /dev/null 2>&1"
  "whole pipeline (--no-sync)::\"\$B/gen-fetch\" replay BTCUSDT 2>/dev/null | \"\$B/gen-signal\" 2>/dev/null | \"\$B/gen-risk\" --no-sync 2>/dev/null | \"\$B/gen-exec\" --venue paper > /dev/null 2>&1"
)
printf 'source: %s, %d candles; median of %d runs; load average at start: %s\n\n' "$source_name" "$lines" "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '(× cat: seconds over the cat baseline of the same build'"'"'s rows; the issue asks the whole pipeline at ≤ 5.5×)\n\n' 
header="| what |"; rule="|---|"
for name in "${builds[@]}"; do header+=" $name s | $name candles/s | $name × cat |"; rule+="---:|---:|---:|"; done
echo "$header"; echo "$rule"
declare -A base
for row in "${rows[@]}"; do
  label=${row%%::*} line=${row#*::} out="| $label |"
  for index in "${!builds[@]}"; do
    name=${builds[$index]}
    seconds=$(median "$name" "${dirs[$index]}" "$line")
    [[ $label == cat* ]] && base[$name]=$seconds
    out+=" $seconds | $(awk -v n="$lines" -v s="$seconds" 'BEGIN { printf "%d", n / s }') | $(awk -v s="$seconds" -v b="${base[$name]}" 'BEGIN { printf "%.1f", s / b }') |"
  done
  echo "$out"
done
echo
if [[ -x /usr/bin/time ]]; then
  for stage in gen-signal gen-risk gen-exec; do
    fresh after-clean; [[ $stage == gen-exec ]] && fresh after-judged
    input="$work/candles.ndjson"; [[ $stage == gen-risk ]] && input="$work/signals.ndjson"; [[ $stage == gen-exec ]] && input="$work/orders.ndjson"
    args=(); [[ $stage == gen-risk ]] && args=(--no-sync); [[ $stage == gen-exec ]] && args=(--venue paper)
    /usr/bin/time -f '%M' -o "$work/mem" "$bin/$stage" "${args[@]}" < "$input" > /dev/null 2>/dev/null || true
    printf '%s peak memory: %s KiB\n' "$stage" "$(tail -1 "$work/mem")"
  done
fi

if [[ $same == 1 && -n "$before" ]]; then
  echo
  printf 'strategies:\n  momentumBreakout:\n    breakoutFraction: 0.002\n    timeframe: 15m\n' > "$work/wide.yaml"
  for setup in "default|$GENESIS_CONFIG|momentum_breakout" "wide|$work/wide.yaml|momentum_breakout"; do
    IFS='|' read -r label config strategies <<< "$setup"
    for index in "${!builds[@]}"; do
      name=${builds[$index]} dir=${dirs[$index]}
      fresh "$name-clean"
      GENESIS_CONFIG="$config" sh -c "'$dir/gen-fetch' replay BTCUSDT 2>/dev/null | '$dir/gen-signal' --strategies $strategies 2>/dev/null | '$dir/gen-risk' 2>/dev/null | '$dir/gen-exec' --venue paper 2>/dev/null" \
        | grep -E '"type":"(execution|position)"' > "$work/$label-$name.ndjson" || true
    done
    count=$(wc -l < "$work/$label-after.ndjson")
    if cmp -s "$work/$label-before.ndjson" "$work/$label-after.ndjson"; then
      printf 'same output (%s configuration): %d execution and position lines, byte-identical\n' "$label" "$count"
    else
      printf 'DIFFERENT output (%s configuration):\n' "$label"; diff "$work/$label-before.ndjson" "$work/$label-after.ndjson" | head -20
    fi
  done
fi
