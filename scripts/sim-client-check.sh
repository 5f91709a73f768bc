#!/usr/bin/env bash
# Checks gen-sim against an independent Binance client: Binance's own Python
# SDK (binance-sdk-spot from PyPI, in a throwaway virtualenv), unchanged but
# for its base URLs, trades, streams and subscribes to user data on a gen-sim
# started here on a free loopback port (scripts/sim-client-check.py says what
# is checked).
#
#   scripts/sim-client-check.sh
#   SCRATCH_PATH=.build-sim scripts/sim-client-check.sh
#
# Exits with the check's status: 0 only when every check passed.
set -euo pipefail

SDK_VERSION="${SDK_VERSION:-13.3.0}"
COMMON_VERSION="${COMMON_VERSION:-4.7.0}"
check_name=sim-client
source "$(dirname "$0")/lib/local-check.sh"
build_products gen-sim
install_venv "binance-sdk-spot==$SDK_VERSION" "binance-common==$COMMON_VERSION"

# The simulator's own key (never BINANCE_*), made for this run only.
export SIM_API_KEY="client-check-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export SIM_API_SECRET="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"

echo "== starting gen-sim on a free loopback port" >&2
# No database: klines come from the sim's own market. A step every 50 ms gives the streams and the tape something to show.
env -u GENESIS_DB GENESIS_SIM_API_KEY="$SIM_API_KEY" GENESIS_SIM_API_SECRET="$SIM_API_SECRET" \
    "$bin/gen-sim" --port 0 --symbols BTCUSDT,ETHUSDT --price ETHUSDT=2500 --tick-ms 50 \
    > "$work/sim.out" 2> "$work/sim.err" &
server=$!
await_listening gen-sim "$work/sim.out" "$work/sim.err" 's#^listening on \(http://127.0.0.1:[0-9]*\)$#\1#p'
base=$listening
echo "== binance-sdk-spot against $base" >&2
status=0
SIM_BASE="$base" "$work/venv/bin/python" "$root/scripts/sim-client-check.py" || status=$?

if ! kill -0 "$server" 2>/dev/null; then
    echo "gen-sim died during the check:" >&2
    cat "$work/sim.err" >&2
    status=1
fi
exit "$status"
