#!/usr/bin/env bash
# Side-by-side backtest speed (DESIGN §9): GENESIS's whole replay pipeline
# (gen-fetch replay | gen-signal | gen-risk | gen-exec --venue paper) against
# open-source Python backtesters installed from PyPI, all running the momentum
# breakout strategy over the same 1-minute candles. Progress on stderr, figures
# on stdout; temporary files are removed at exit.
#
#   Benchmarks/compare.sh                         # BTCUSDT 1m, 2020, from ../shared/data
#   Benchmarks/compare.sh --year 2020             # the same, saying so
#   Benchmarks/compare.sh ../shared/data/binance-spot-klines/BTCUSDT-1m-2020-03.zip   # one file
#   Benchmarks/compare.sh DIR --year 2025         # DIR/SYMBOL-1m-2025-*.zip (or DIR/binance-spot-klines/...)
#
# Options:
#   --year YEAR          which year's monthly files to take from a directory (default 2020)
#   --symbol SYMBOL      symbol of the files (default BTCUSDT); also given to gen-fetch import
#                        when a file's name does not tell it
#   --engines LIST       comma-separated, out of backtesting,vectorbt,backtrader (default: all three)
#   --venv DIR           virtualenv to create or reuse (default Benchmarks/.venv, gitignored)
#   --fresh-venv         install into a throwaway virtualenv in the temp dir instead (removed at exit)
#   --scratch-path DIR   swift build scratch path (default .build); built in release if needed
#   --breakout F         breakout fraction for every engine (default 0.02, GENESIS's default; on 1-minute
#                        candles it fires a few times a year, a smaller one such as 0.005 gives more trades to compare)
#   --warm               also run vectorbt a second time in the same interpreter (JIT warm)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

data="" year=2020 symbol=BTCUSDT engines="backtesting,vectorbt,backtrader"
venv="$repo/Benchmarks/.venv" fresh_venv=0 scratch="$repo/.build" warm=0 breakout=0.02
while (($#)); do
  case "$1" in
    --year) year=$2; shift 2 ;;
    --symbol) symbol=$2; shift 2 ;;
    --engines) engines=$2; shift 2 ;;
    --venv) venv=$2; shift 2 ;;
    --fresh-venv) fresh_venv=1; shift ;;
    --scratch-path) scratch=$2; shift 2 ;;
    --warm) warm=1; shift ;;
    --breakout) breakout=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [[ -z $data ]] || { echo "compare.sh: one data path only" >&2; exit 2; }; data=$1; shift ;;
  esac
done
[[ $year =~ ^[0-9]{4}$ ]] || { echo "compare.sh: --year wants four digits, got '$year'" >&2; exit 2; }
[[ $breakout =~ ^0?\.[0-9]+$ ]] || { echo "compare.sh: --breakout wants a fraction such as 0.02, got '$breakout'" >&2; exit 2; }
export COMPARE_BREAKOUT=$breakout
say() { printf '[compare] %s\n' "$*" >&2; }

# --- the data: one file, or a year of monthly files from a directory --------------------
data=${data:-${GENESIS_DATA:-${GENESIS_SHARED_DATA:-$repo/../shared/data}}}
files=()
if [[ -f $data ]]; then
  files=("$(cd "$(dirname "$data")" && pwd)/$(basename "$data")")
  source_name="$(basename "$data")"
elif [[ -d $data ]]; then
  [[ -d $data/binance-spot-klines ]] && data="$data/binance-spot-klines"
  data=$(cd "$data" && pwd)
  shopt -s nullglob
  files=("$data/$symbol"-1m-"$year"-*.zip "$data/$symbol"-1m-"$year"-*.csv)
  shopt -u nullglob
  ((${#files[@]})) || { echo "compare.sh: no $symbol-1m-$year-*.zip or .csv in $data" >&2; exit 2; }
  source_name="$symbol 1m, $year (${#files[@]} monthly files from $data)"
else
  echo "compare.sh: no data at '$data' (give a kline file or a directory; default ../shared/data)" >&2; exit 2
fi

work=$(mktemp -d)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
[[ $fresh_venv == 1 ]] && venv="$work/venv"
now() { date +%s.%N; }
elapsed() { printf '%.6f' "$(echo "$2 - $1" | bc -l)"; }

# --- GENESIS: release build (incremental), import into a temporary SQLite db, time the pipeline
say "building GENESIS in release (scratch path $scratch)"
swift build -c release --scratch-path "$scratch" >&2
bin="$scratch/release"
export GENESIS_DB="$work/bench.db"
# A configuration of its own, so no ~/.genesis/genesis.yaml changes the strategy under test; the
# strategy reads the 1-minute candles given, as the Python engines do (its default timeframe is 1h).
printf 'strategies:\n  momentumBreakout:\n    breakoutFraction: %s\n    timeframe: null\n' "$breakout" > "$work/genesis.yaml"
export GENESIS_CONFIG="$work/genesis.yaml"
"$bin/gen-risk" account init --balance 500 >/dev/null
import_args=()
base=$(basename "${files[0]}")
[[ $base =~ ^[A-Z0-9]+-[0-9]+[smhdwM]-.*\.(zip|csv)$ ]] || import_args=(--symbol "$symbol" --interval 1m)
say "gen-fetch import of ${#files[@]} file(s) into a temporary SQLite db"
t0=$(now)
"$bin/gen-fetch" import "${import_args[@]}" "${files[@]}" >/dev/null
t1=$(now)
say "replay | signal | risk | exec --venue paper"
t2=$(now)
"$bin/gen-fetch" replay "$symbol" 2>/dev/null | "$bin/gen-signal" --strategies momentum_breakout 2>/dev/null \
  | "$bin/gen-risk" 2>/dev/null | "$bin/gen-exec" --venue paper > "$work/genesis.ndjson" 2>/dev/null
t3=$(now)
out="$work/genesis.ndjson"
# Untimed: gen-signal alone once more, to count the strategy's signals before the risk layer judges them.
say "counting GENESIS's signals (untimed)"
"$bin/gen-fetch" replay "$symbol" 2>/dev/null | "$bin/gen-signal" --strategies momentum_breakout 2>/dev/null \
  | grep '"type":"signal"' > "$work/signals.ndjson" || true
candles=$(grep -c '"type":"candle"' "$out" || true)
buy_signals=$(grep -c '"side":"BUY"' "$work/signals.ndjson" || true)
sell_signals=$(grep -c '"side":"SELL"' "$work/signals.ndjson" || true)
entries=$(grep '"type":"execution"' "$out" | grep '"side":"BUY"' | grep -c '"status":"FILLED"' || true)
tally() { sort | uniq -c | sort -rn | awk '{printf "%s%s %s", sep, $2, $1; sep=", "}'; }
rejections=$( (grep '"type":"rejection"' "$out" | grep '"side":"BUY"' || true) | jq -r '.rule' | tally)
exits=$( (grep '"type":"position"' "$out" | grep '"status":"CLOSED"' || true) | jq -r '.exit_reason' | tally)
seconds_load=$(elapsed "$t0" "$t1") seconds_run=$(elapsed "$t2" "$t3")
jq -n --arg version "$(git -C "$repo" rev-parse --short HEAD)" --argjson candles "$candles" \
  --argjson load "$seconds_load" --argjson run "$seconds_run" --argjson trades "$entries" \
  --argjson buys "$buy_signals" --argjson sells "$sell_signals" --arg rejections "$rejections" --arg exits "$exits" \
  '{engine: "GENESIS", version: $version, candles: $candles, setup_s: 0, load_s: $load, run_s: $run, total_s: ($load + $run),
    trades: $trades, signals_buy: $buys, signals_sell: $sells, rejections: $rejections, exit_reasons: $exits}' > "$work/0-genesis.json"
say "GENESIS: $candles candles, import $(printf %.2f "$seconds_load")s, pipeline $(printf %.2f "$seconds_run")s, $buy_signals BUY signals, $entries entries"
rm -f "$out" "$work/signals.ndjson" "$GENESIS_DB" "$GENESIS_DB-wal" "$GENESIS_DB-shm"

# --- the Python engines: one virtualenv, each package installed on its own ---------------
if [[ ! -x $venv/bin/python ]]; then
  say "creating virtualenv $venv"
  python3 -m venv "$venv" >&2
fi
failed=()
i=0
IFS=, read -ra wanted <<< "$engines"
for engine in "${wanted[@]}"; do
  i=$((i + 1))
  case $engine in backtesting|vectorbt|backtrader) ;; *) echo "compare.sh: unknown engine $engine" >&2; exit 2 ;; esac
  if ! "$venv/bin/python" -c "import $engine" 2>/dev/null; then
    say "pip install $engine"
    if ! "$venv/bin/pip" install --disable-pip-version-check -q "$engine" >&2 || ! "$venv/bin/python" -c "import $engine" 2>/dev/null; then
      say "$engine failed to install or import; skipped"
      failed+=("$engine: pip install or import failed")
      continue
    fi
  fi
  say "running $engine (a fresh interpreter)"
  warm_env=0; [[ $warm == 1 && $engine == vectorbt ]] && warm_env=1
  t0=$(now)
  if COMPARE_WARM_RERUN=$warm_env "$venv/bin/python" "$repo/Benchmarks/compare_backtesters.py" "$engine" "${files[@]}" > "$work/$i-$engine.json.tmp"; then
    t1=$(now)
    jq --argjson wall "$(elapsed "$t0" "$t1")" '. + {total_s: $wall, setup_s: ($wall - .load_s - .run_s)}' "$work/$i-$engine.json.tmp" > "$work/$i-$engine.json"
  else
    say "$engine failed while running; skipped"
    failed+=("$engine: run failed (exit $?)")
  fi
  rm -f "$work/$i-$engine.json.tmp"
done

# --- figures -------------------------------------------------------------------------------
printf 'source: %s\n' "$source_name"
printf 'machine: %s cores, %s; load average at the end: %s\n' "$(nproc)" "$(uname -m)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'strategy: momentum breakout (20-bar high +%s%%, volume >= 1.5x 20-bar mean, ADX(14) >= 25, +DI > -DI; stop 2 ATR, target 2x stop; fee 0.1%%, slippage 5 bps, next-open fills)\n\n' "$(printf %g "$(echo "$breakout * 100" | bc -l)")"
python3 "$repo/Benchmarks/compare_backtesters.py" table "$work"/*.json
if ((${#failed[@]})); then
  printf '\nnot measured:\n'; printf '  %s\n' "${failed[@]}"
fi
