#!/usr/bin/env bash
# postgres-soak.sh: four writers on one store at once, on each backend (DESIGN §1.2), for a
# minute: the live pipeline (scripts/genesis-pipeline against gen-sim, 1-second candles), the
# watcher (`gen-exec watch`) on the same gen-sim account, `gen-tilt evaluate` and
# `gen-risk tier evaluate` in loops, and a paper backtest of June 2024 replayed over and over
# beside them, each run into a new session (a new account, its orders, fills and events).
# Passes when no writer logged an error or exited non-zero and `gen-report verify` finds the
# record intact afterwards (chain, head, triggers, ledger).
#
#   GENESIS_BIN=.build/release scripts/postgres-soak.sh            # both backends, 60 s each
#   GENESIS_BIN=.build/debug scripts/postgres-soak.sh --seconds 20 --backend postgres
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds=60 backends=(sqlite postgres)
while (( $# )); do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --backend) backends=("$2"); shift 2 ;;
        *) echo "usage: postgres-soak.sh [--seconds N] [--backend sqlite|postgres]" >&2; exit 2 ;;
    esac
done
bin="$(cd "${GENESIS_BIN:-.build/debug}" && pwd)"
export GENESIS_BIN="$bin"
source scripts/lib/postgres-server.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/genesis-soak.XXXXXX")"
chmod 755 "$work"
pids=()
stop_all() {
    local pid
    for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
    sleep 3
    for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
    pids=()
}
trap 'stop_all; postgres_stop "$work/server"; rm -rf "$work"' EXIT
start() {
    local name=$1
    shift
    setsid "$@" > "$work/$name.out" 2> "$work/$name.log" &
    pids+=("$!")
}
# loop NAME COMMAND...: runs COMMAND again and again until the soak ends; NAME.summary counts
# the runs and the failed ones, NAME.errors keeps what the failed ones said.
cat > "$work/loop.sh" <<'LOOP'
#!/usr/bin/env bash
out=$1 seconds=$2
shift 2
runs=0 failures=0 end=$(( $(date +%s) + seconds ))
while (( $(date +%s) < end )); do
    if ! "$@" > /dev/null 2> "$out.last"; then failures=$((failures + 1)); cat "$out.last" >> "$out.errors"; fi
    runs=$((runs + 1))
done
echo "$runs runs, $failures failed" > "$out.summary"
LOOP
chmod +x "$work/loop.sh"
loop() {
    local name=$1
    shift
    start "$name" "$work/loop.sh" "$work/$name" "$seconds" "$@"
}

failed=0
for backend in "${backends[@]}"; do
    echo "== $backend: four writers for $seconds s"
    run="$work/$backend"
    mkdir -p "$run/home/.genesis"
    export HOME="$run/home" GENESIS_HOME="$run/home" GENESIS_CONFIG="$run/genesis.yaml"
    export GENESIS_SIM_API_KEY="soak-$backend" GENESIS_SIM_API_SECRET="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
    printf 'watcher:\n  heartbeatSeconds: 1\npipeline:\n  heartbeatSeconds: 1\n' > "$GENESIS_CONFIG"
    if [[ "$backend" == postgres ]]; then
        [[ -n "${GENESIS_TEST_POSTGRES:-}" ]] || postgres_start "$work/server" || exit 1
        psql -d postgres -qc "CREATE DATABASE soak" || exit 1
        export GENESIS_DB="postgres://genesis@127.0.0.1:$PGPORT/soak"
    else
        export GENESIS_DB="$run/genesis.db"
    fi
    start sim "$bin/gen-sim" --port 0 --symbols BTCUSDT --price BTCUSDT=40000 --tick-ms 250 --db "$run/sim.db"
    for _ in $(seq 1 30); do grep -q '^listening on ' "$work/sim.out" 2>/dev/null && break; sleep 0.5; done
    sim="$(sed -n 's#^listening on \(http://127.0.0.1:[0-9]*\)$#\1#p' "$work/sim.out")"
    [[ -n "$sim" ]] || { echo "gen-sim did not start" >&2; exit 1; }
    "$bin/gen-risk" account init --venue "$sim" > /dev/null || { echo "account init failed" >&2; exit 1; }
    "$bin/gen-fetch" import Tests/Fixtures/BTCUSDT-1h-2024.zip > /dev/null || exit 1
    start watcher "$bin/gen-exec" watch --venue "$sim"
    start pipeline env GENESIS_VENUE="$sim" GENESIS_SYMBOLS=BTCUSDT GENESIS_INTERVAL=1s GENESIS_STOP_GRACE=5 \
        GENESIS_PIPELINE_OUTPUT="$run/pipeline.ndjson" "$root/scripts/genesis-pipeline"
    loop tilt "$bin/gen-tilt" evaluate
    loop tier "$bin/gen-risk" tier evaluate
    # Each run a session of its own (a new account, new orders and fills), so every run appends.
    loop backtest bash -o pipefail -c 'session=soak-$(date +%s%N); "$0/gen-fetch" replay BTCUSDT --interval 1h --from 2024-06-01 --to 2024-07-01 \
        | "$0/gen-signal" | "$0/gen-risk" --session "$session" \
        | "$0/gen-exec" --venue paper --session "$session"' "$bin"
    sleep "$seconds"
    sleep 5 # the loops finish their last run
    # The two long-running writers were up all along: health sees both beating.
    status="$("$bin/gen-report" health --json 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["watcher_status"], d["pipeline_status"])' 2>/dev/null)"
    echo "   health: watcher ${status% *}, pipeline ${status#* }"
    for name in tilt tier backtest; do echo "   $name: $(cat "$work/$name.summary" 2>/dev/null || echo 'no summary')"; done
    stop_all
    problems=0
    [[ "$status" == "RUNNING RUNNING" ]] || { echo "   the watcher and the pipeline were not both running"; problems=$((problems + 1)); }
    for name in tilt tier backtest; do
        [[ -s "$work/$name.errors" ]] && { echo "   $name failed:"; head -3 "$work/$name.errors"; problems=$((problems + 1)); }
        [[ -f "$work/$name.summary" ]] || { echo "   $name never finished"; problems=$((problems + 1)); }
    done
    for name in watcher pipeline; do
        if grep -iE '(error|fatal)' "$work/$name.log" | grep -viE 'reconnect|stream (closed|ended)' | head -3 | grep -q .; then
            echo "   $name logged errors:"; grep -iE '(error|fatal)' "$work/$name.log" | head -3; problems=$((problems + 1))
        fi
    done
    "$bin/gen-report" verify || problems=$((problems + 1))
    if (( problems > 0 )); then
        echo "   $backend: $problems problem(s)"
        failed=1
    else
        echo "   $backend: no error, verify intact"
    fi
    rm -f "$work"/*.errors "$work"/*.summary "$work"/*.last
done
(( failed == 0 )) && echo "SOAK PASSED" || { echo "SOAK FAILED"; exit 1; }
