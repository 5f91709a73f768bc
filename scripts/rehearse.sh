#!/usr/bin/env bash
# rehearse.sh: the whole live setup, rehearsed against gen-sim before any real money is at stake.
# Run it first on the machine that will trade (it needs no keys and touches nothing of yours: the
# database, configuration, live-account registry and alert receiver live in a throwaway directory).
#
# What runs, as on the server (README "Running unattended"):
#   - gen-sim, a local Binance-compatible exchange, on a free loopback port;
#   - the watcher, `gen-exec watch` (cron/genesis-watch.service's command);
#   - the trading pipeline, scripts/genesis-pipeline (cron/genesis-pipeline.service's command):
#     gen-fetch stream | gen-signal | gen-risk --clock wall | gen-exec | gen-alert;
#   - the crontab's health line and `gen-alert events` line;
#   - a local webhook receiver standing in for Telegram/Slack/Discord (alert.webhookFormat generic).
# What happens:
#   1. everything starts; health shows the watcher RUNNING and the pipeline RUNNING;
#   2. a position is opened by hand (`gen-exec order`), protected on the exchange;
#   3. the pipeline and the watcher are killed with SIGKILL: health says DEAD (exit 7) and the alert
#      reaches the receiver;
#   4. both are started again (as systemd's Restart=on-failure does) and run;
#   5. the market crashes 65% (`POST /sim/v1/price`): the watcher sells at the stop, the day's loss passes
#      the (rehearsal-sized) emergency line, the emergency demotion fires, and its alert reaches the receiver;
#   6. everything stops cleanly (health: STOPPED); `gen-exec reconcile` finds the exchange and the store agree.
# Exit 0 when every step did what it should; otherwise 1, naming the step, with the logs' tails.
#
#   scripts/rehearse.sh                  # builds (debug) if needed, about 1–2 minutes
#   GENESIS_BIN=.build/release scripts/rehearse.sh
#   REHEARSAL_KEEP=1 scripts/rehearse.sh # keep the throwaway directory (its path is printed)
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="/opt/swift/usr/bin:$PATH"
if [[ -z "${GENESIS_BIN:-}" ]]; then
    echo "== building" >&2
    swift build >&2 || exit 1
    GENESIS_BIN="$(swift build --show-bin-path)"
fi
bin="$(cd "$GENESIS_BIN" && pwd)"
export GENESIS_BIN="$bin"
for command in gen-sim gen-fetch gen-signal gen-risk gen-exec gen-report gen-alert; do
    [[ -x "$bin/$command" ]] || { echo "rehearse: $bin/$command is missing (build first, or set GENESIS_BIN)" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/genesis-rehearsal.XXXXXX")"
chmod 700 "$work"
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
    for _ in $(seq 1 20); do
        for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && break; pid=""; done
        [[ -z "$pid" ]] && break
        sleep 0.25
    done
    for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
    if [[ -n "${REHEARSAL_KEEP:-}" ]]; then echo "kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 1' TERM INT HUP # a signal still stops everything the rehearsal started

# Nothing of the trader's: a home, database, configuration and keys of the rehearsal's own.
export GENESIS_HOME="$work/home"
export HOME="$work/home"
mkdir -p "$GENESIS_HOME/.genesis"
export GENESIS_DB="$work/genesis.db"
export GENESIS_CONFIG="$work/genesis.yaml"
export GENESIS_SIM_API_KEY="rehearsal-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
export GENESIS_SIM_API_SECRET="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
unset BINANCE_API_KEY BINANCE_API_SECRET GENESIS_ALERT_WEBHOOK_FILE

step=0
say() { step=$((step + 1)); printf '\n== %d. %s\n' "$step" "$*"; }
ok() { printf '   ok: %s\n' "$*"; }
fail() {
    printf '\nREHEARSAL FAILED at step %d: %s\n' "$step" "$*" >&2
    for log in "$work"/*.log; do
        [[ -s "$log" ]] || continue
        printf -- '--- %s (last 15 lines)\n' "$(basename "$log")" >&2
        tail -n 15 "$log" >&2
    done
    exit 1
}
# until_true SECONDS DESCRIPTION COMMAND...: retries COMMAND every half second; fails at once
# when a process named in `alive` (NAME=PID ...) has died meanwhile.
alive=""
until_true() {
    local seconds=$1 what=$2 entry
    shift 2
    for _ in $(seq 1 $((seconds * 2))); do
        "$@" >/dev/null 2>&1 && return 0
        for entry in $alive; do kill -0 "${entry#*=}" 2>/dev/null || fail "$what: the ${entry%=*} died"; done
        sleep 0.5
    done
    fail "$what (waited ${seconds} s)"
}
# start NAME COMMAND...: in a process group of its own (so a kill reaches every stage).
start() {
    local name=$1
    shift
    setsid "$@" > "$work/$name.out" 2> "$work/$name.log" &
    last=$!
    disown "$last" # its end (even a SIGKILL) is this script's business, not bash's job report
    pids+=("$last")
}
health_json() { "$bin/gen-report" health --json 2>/dev/null; }
field() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
# sql QUERY: one value from the database (read-only; Python's sqlite3, so no sqlite3 CLI is needed).
sql() { python3 -c 'import sqlite3,sys; print(sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True).execute(sys.argv[2]).fetchone()[0])' "$GENESIS_DB" "$1"; }
post() { python3 - "$1" <<'PY'
import sys, urllib.request
print(urllib.request.urlopen(urllib.request.Request(sys.argv[1], method="POST"), timeout=10).read().decode())
PY
}

say "starting gen-sim, the webhook receiver, the watcher and the pipeline"
start sim "$bin/gen-sim" --port 0 --symbols BTCUSDT --price BTCUSDT=40000 --tick-ms 250 --db "$work/sim.db"
sim_pid=$last
until_true 15 "gen-sim did not report its port" grep -q '^listening on ' "$work/sim.out"
sim="$(sed -n 's#^listening on \(http://127.0.0.1:[0-9]*\)$#\1#p' "$work/sim.out")"
ok "gen-sim at $sim"

# The receiver: answers 200 to every POST and keeps each body, one per line.
cat > "$work/receiver.py" <<'PY'
import http.server, sys
path = sys.argv[1]
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(path, "ab") as out:
            out.write(body.replace(b"\n", b" ") + b"\n")
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
print("listening on http://127.0.0.1:%d/" % server.server_address[1], flush=True)
server.serve_forever()
PY
start receiver python3 -u "$work/receiver.py" "$work/received.ndjson"
until_true 10 "the webhook receiver did not start" grep -q '^listening on ' "$work/receiver.out"
export GENESIS_ALERT_WEBHOOK="$(sed -n 's#^listening on \(.*\)$#\1#p' "$work/receiver.out")"
touch "$work/received.ndjson"
ok "alerts go to $GENESIS_ALERT_WEBHOOK (format generic)"

# The rehearsal's configuration: heartbeats every second, a pipeline dead after 3 s, and an
# emergency line small enough for one position's crash to reach (each only tightens a default,
# so it applies at once).
cat > "$GENESIS_CONFIG" <<'YAML'
risk:
  dailyLossReduceAt: 0.005
  dailyLossNoNewPositionsAt: 0.01
  dailyLossPrepareHaltAt: 0.015
demotion:
  dailyLossFraction: 0.02
  deleveraging:
    - {dailyLossFraction: 0.005, cutFraction: 0.25}
    - {dailyLossFraction: 0.01, cutFraction: 0.5}
    - {dailyLossFraction: 0.015, cutFraction: 0.75}
watcher:
  heartbeatSeconds: 1
pipeline:
  heartbeatSeconds: 1
  deadAfterSeconds: 3
alert:
  webhookFormat: generic
  minLevel: WARNING
YAML
chmod 600 "$GENESIS_CONFIG"

# The live account opens at what the exchange holds (gen-sim funds each key with 10,000 USDT).
"$bin/gen-risk" account init --venue "$sim" > "$work/account.out" 2> "$work/account.log" || fail "gen-risk account init exited $?"
ok "$(head -1 "$work/account.out")"
start watcher "$bin/gen-exec" watch --venue "$sim"
watcher_pid=$last
pipeline_env=(env GENESIS_VENUE="$sim" GENESIS_SYMBOLS=BTCUSDT GENESIS_INTERVAL=1s GENESIS_STOP_GRACE=5
              GENESIS_PIPELINE_OUTPUT="$work/pipeline.ndjson")
start pipeline "${pipeline_env[@]}" "$root/scripts/genesis-pipeline"
pipeline_pid=$last
running() {
    local json
    json="$(health_json)" || true
    [[ "$(field 'd["watcher_status"]' <<< "$json")" == RUNNING && "$(field 'd["pipeline_status"]' <<< "$json")" == RUNNING ]]
}
alive="watcher=$watcher_pid pipeline=$pipeline_pid"
until_true 60 "health never showed the watcher RUNNING and the pipeline RUNNING" running
json="$(health_json)"
ok "health: watcher $(field 'd["watcher_status"]' <<< "$json"), pipeline $(field 'd["pipeline_status"]' <<< "$json")"
candles() { sql "SELECT count(*) FROM candles WHERE symbol = 'BTCUSDT'" 2>/dev/null || echo 0; }
has_candles() { [[ "$(candles)" -gt 0 ]]; }
until_true 20 "no live candle was stored" has_candles
ok "live candles stored: $(candles)"

say "opening a position by hand (gen-exec order), protected on the exchange"
"$bin/gen-exec" order BTCUSDT BUY 0.01 --reason "rehearsal: a position for the crash drill" --venue "$sim" --json > "$work/order.out" 2> "$work/order.log" \
    || fail "gen-exec order exited $?"
grep -q '"type":"execution"' "$work/order.out" || fail "gen-exec order wrote no execution"
ok "bought: $(grep -o '"quantity":"[0-9.]*"' "$work/order.out" | head -1), stop and target placed on gen-sim"

health_line() {
    # The crontab's health line (cron/crontab), with the pipeline required on this machine.
    "$bin/gen-report" health --require-watcher --require-pipeline --json > "$work/health.json" 2>> "$work/health.log" \
        || { code=$?; "$bin/gen-alert" send --level CRITICAL --code health.failed "GENESIS health exit $code (see health.json and docs/RUNBOOK.md)"; return "$code"; }
}

say "killing the pipeline and the watcher with SIGKILL (no chance to clean up)"
alive=""
kill -KILL -- "-$pipeline_pid" "-$watcher_pid"
sleep 5
health_line
code=$?
[[ $code == 7 ]] || fail "health exited $code with the pipeline and the watcher killed, not 7"
[[ "$(field 'd["pipeline_status"]' < "$work/health.json")" == DEAD ]] || fail "health did not say the pipeline is DEAD"
[[ "$(field 'd["watcher_status"]' < "$work/health.json")" == DEAD ]] || fail "health did not say the watcher is DEAD"
until_true 15 "the DEAD alert did not reach the receiver" grep -q 'health.failed' "$work/received.ndjson"
ok "health: watcher DEAD, pipeline DEAD, exit 7; the alert reached the receiver"

say "restarting both (what Restart=on-failure does)"
start watcher "$bin/gen-exec" watch --venue "$sim"
watcher_pid=$last
start pipeline "${pipeline_env[@]}" "$root/scripts/genesis-pipeline"
pipeline_pid=$last
alive="watcher=$watcher_pid pipeline=$pipeline_pid"
until_true 60 "the restarted pipeline did not run" running
health_line || fail "health exited $? after the restart"
ok "health: pipeline RUNNING again (pid $(field 'd["pipelines"][0]["pid"]' < "$work/health.json")), exit 0"

say "crashing the market 65% (POST /sim/v1/price)"
post "$sim/sim/v1/price?symbol=BTCUSDT&price=14000" > /dev/null || fail "gen-sim refused the price move"
emergency() {
    "$bin/gen-alert" events >> "$work/events.out" 2>> "$work/events.log"
    grep -qi 'emergency' "$work/received.ndjson"
}
until_true 60 "the emergency alert did not reach the receiver" emergency
tier="$(sql "SELECT tier FROM accounts WHERE session = 'default'")"
open="$(sql "SELECT count(*) FROM positions WHERE session = 'default' AND status = 'OPEN'")"
[[ "$open" == 0 ]] || fail "$open position(s) still open after the emergency"
ok "emergency demotion: tier $tier, every position closed, the alert delivered"

say "stopping cleanly, then reconciling"
alive=""
kill -TERM "$pipeline_pid"
kill -TERM "$watcher_pid"
for _ in $(seq 1 40); do kill -0 "$pipeline_pid" 2>/dev/null || kill -0 "$watcher_pid" 2>/dev/null || break; sleep 0.5; done
json="$(health_json)"
[[ "$(field 'd["pipeline_status"]' <<< "$json")" == STOPPED ]] || fail "health did not say the pipeline STOPPED"
[[ "$(field 'd["watcher_status"]' <<< "$json")" == STOPPED ]] || fail "health did not say the watcher STOPPED"
ok "health: watcher STOPPED, pipeline STOPPED"
# The emergency halted trading: reconcile settles and compares; a clean one exits 0.
"$bin/gen-exec" reconcile --venue "$sim" > "$work/reconcile.out" 2> "$work/reconcile.log" || fail "reconcile exited $? ($(cat "$work/reconcile.out"))"
ok "$(cat "$work/reconcile.out")"
"$bin/gen-report" verify > "$work/verify.out" 2>&1 || fail "the audit trail does not verify"
ok "$(head -1 "$work/verify.out")"

say "alerts received by the webhook"
python3 - "$work/received.ndjson" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    alert = json.loads(line)
    print("   [%s] %s: %s" % (alert.get("level"), alert.get("code"), alert.get("message")))
PY
kill "$sim_pid" 2>/dev/null
printf '\nREHEARSAL PASSED: alerts delivered, pipeline and watcher restarted after SIGKILL, emergency carried out, reconcile clean\n'
