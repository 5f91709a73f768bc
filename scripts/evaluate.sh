#!/usr/bin/env bash
# Walk-forward evaluation of every strategy on real Binance data, and the
# tables of docs/STRATEGIES.md, which it rewrites between its markers.
#
#   scripts/evaluate.sh                     # data from $GENESIS_DATA (default ../shared/data)
#   EVAL_DIR=/tmp/eval scripts/evaluate.sh  # where its database and sweep results go
#
# Each study is one `gen-report sweep` (rolling train/test windows, every grid
# combination a backtest session through the real four commands). Finished
# runs are kept in EVAL_DIR/runs, so a rerun reuses them and gives the same
# tables; after changing a strategy's code, delete EVAL_DIR/runs (a run's name
# covers its data and configuration, not the code that ran it).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${GENESIS_DATA:-../shared/data}
if [[ ! -d $data/binance-spot-klines || ! -d $data/binance-spot-klines-multi ]]; then
  echo "evaluate.sh: no Binance kline archives under '$data' (set GENESIS_DATA to the folder holding binance-spot-klines/ and binance-spot-klines-multi/)" >&2
  exit 2
fi
# GENESIS_BIN: a folder of release commands already built (default: build them here).
if [[ -z ${GENESIS_BIN:-} ]]; then swift build -c release >&2; fi
bin=${GENESIS_BIN:-$PWD/.build/release}
work=${EVAL_DIR:-$PWD/.build/evaluation}
mkdir -p "$work"
export GENESIS_DB=$work/eval.db

if [[ ! -f $work/imported ]]; then
  "$bin/gen-risk" account init --balance 500 --at 2020-01-01 >&2
  "$bin/gen-fetch" import "$data"/binance-spot-klines/BTCUSDT-1m-2020-*.zip "$data"/binance-spot-klines/BTCUSDT-1m-2025-0[123].zip >&2
  "$bin/gen-fetch" import "$data"/binance-spot-klines-multi/*.zip >&2
  touch "$work/imported"
fi

# study NAME STRATEGY TIER-UNLOCK-YAML -- sweep arguments…
study() {
  local name=$1 strategy=$2 unlock=$3
  shift 4
  local base="$work/$name.yaml"
  printf '%s\n' "$unlock" > "$base"
  echo "== $name" >&2
  "$bin/gen-report" sweep --strategies "$strategy" --config "$base" --work-dir "$work/runs" --json "$@" > "$work/$name.json"
}
sniper() { printf 'tiers:\n  sniper:\n    strategies: [%s]\n    maxOpenPositions: %s\n    maxPairs: %s\n' "$1" "${2:-1}" "${3:-1}"; }

y2020=(--symbol BTCUSDT --interval 1m --from 2020-01-01 --to 2021-01-01 --train-days 90 --test-days 30)
q2025=(--symbol BTCUSDT --interval 1m --from 2025-01-01 --to 2025-04-01 --train-days 45 --test-days 15)
h2023=(--symbol BTCUSDT --interval 1h --from 2023-01-01 --to 2026-01-01 --train-days 180 --test-days 90)
six=(--symbol BTCUSDT --symbol ETHUSDT --symbol BNBUSDT --symbol SOLUSDT --symbol XRPUSDT --symbol ADAUSDT)

momentum=(--grid strategies.momentumBreakout.breakoutFraction=0,0.005,0.01)
study momentum-2020 momentum_breakout "$(sniper momentum_breakout)" -- "${y2020[@]}" "${momentum[@]}" \
  --grid strategies.momentumBreakout.timeframe=15m,1h,4h
study momentum-2025q1 momentum_breakout "$(sniper momentum_breakout)" -- "${q2025[@]}" "${momentum[@]}" \
  --grid strategies.momentumBreakout.timeframe=1h,4h
study momentum-2023-2025 momentum_breakout "$(sniper momentum_breakout)" -- "${h2023[@]}" "${momentum[@]}" \
  --grid strategies.momentumBreakout.timeframe=1h,4h

reversion=(--grid strategies.meanReversion.targetFraction=0.01,0.03)
study reversion-2020 mean_reversion "$(sniper mean_reversion)" -- "${y2020[@]}" "${reversion[@]}" \
  --grid strategies.meanReversion.timeframe=15m,1h
study reversion-2023-2025 mean_reversion "$(sniper mean_reversion)" -- "${h2023[@]}" "${reversion[@]}" \
  --grid strategies.meanReversion.timeframe=1h,4h

study rotation-2023-2025 multi_pair_rotation "$(sniper multi_pair_rotation 3 5)" -- "${six[@]}" \
  --interval 1h --from 2023-01-01 --to 2026-01-01 --train-days 180 --test-days 90 \
  --grid strategies.multiPairRotation.lookback=24,168 --grid strategies.multiPairRotation.rotationBars=24,168

study pairs-2023-2025 pairs_arbitrage "$(sniper pairs_arbitrage 2 2)" -- --symbol BTCUSDT --symbol ETHUSDT \
  --interval 1h --from 2023-01-01 --to 2026-01-01 --train-days 180 --test-days 90 \
  --grid strategies.pairsArbitrage.timeframe=1h,4h --grid strategies.pairsArbitrage.entryZScore=2,2.5

# Triangular arbitrage needs three books at once, which no archive holds: the
# upper bound of its opportunity is how far the three closes ever stood apart.
python3 scripts/lib/triangle.py "$data/binance-spot-klines-multi" > "$work/triangle.json"

python3 scripts/lib/strategies_table.py "$work" docs/STRATEGIES.md
echo "docs/STRATEGIES.md rewritten from $work" >&2
