#!/usr/bin/env bash
# Parameter sweep over walk-forward windows on the demo's database: a thin
# wrapper around `gen-report sweep` (its --help and docs/METRICS.md, "Sweeps
# and walk-forward", say what it runs and how to read it).
#
#   scripts/sweep.sh --symbol BTCUSDT --interval 1h --from 2024-01-01 --to 2025-01-01 \
#     --train-days 90 --test-days 30 --strategies momentum_breakout \
#     --grid strategies.momentumBreakout.breakoutFraction=0.01,0.02,0.03
#
# Uses $GENESIS_DB (default ./demo/genesis.db, as scripts/demo.sh leaves it) and
# the release build; every run is its own backtest session, so none moves the
# real account, and a rerun reuses the runs already finished.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -eq 0 ]]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
swift build -c release >&2
export GENESIS_DB="${GENESIS_DB:-$PWD/demo/genesis.db}"
exec "$PWD/.build/release/gen-report" sweep "$@"
