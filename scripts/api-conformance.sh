#!/usr/bin/env bash
# Checks the running control API against docs/openapi.yaml with schemathesis
# (property-based: generated valid and invalid requests, every check).
#
#   scripts/api-conformance.sh                 # builds, then tests `gen-exec api` on a free port
#   SCRATCH_PATH=.build-api scripts/api-conformance.sh
#   MAX_EXAMPLES=50 scripts/api-conformance.sh
#
# It starts `gen-exec api` (the control API without the watcher; the watcher
# serves the same API with `gen-exec watch --api HOST:PORT`) over a throwaway
# database, installs schemathesis into a throwaway virtualenv, and exits with
# schemathesis's status: 0 only when every check passed.
set -euo pipefail

SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
MAX_EXAMPLES="${MAX_EXAMPLES:-20}"
SCRATCH_PATH="${SCRATCH_PATH:-.build}"
PYTHON="${PYTHON:-python3}"

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d "${TMPDIR:-/tmp}/genesis-api-conformance.XXXXXX")"
server=""
cleanup() {
    if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== building gen-exec and gen-risk" >&2
swift build --scratch-path "$SCRATCH_PATH" --product gen-exec >&2
swift build --scratch-path "$SCRATCH_PATH" --product gen-risk >&2
bin="$(swift build --scratch-path "$SCRATCH_PATH" --show-bin-path)"

echo "== installing schemathesis $SCHEMATHESIS_VERSION into a throwaway virtualenv" >&2
"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2

# A fresh account; budgets high enough that the generated requests test the
# endpoints rather than the rate limiter (tests cover 429 with a hand-moved clock).
export GENESIS_DB="$work/genesis.db"
export GENESIS_CONFIG="$work/genesis.yaml"
cat > "$GENESIS_CONFIG" <<'YAML'
control:
  readsPerMinute: 100000
  haltPerMinute: 100000
  closeAllPerMinute: 100000
  authFailuresPerMinute: 100000
YAML
export GENESIS_API_KEY="conformance-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
"$bin/gen-risk" account init --balance 500 >&2

echo "== starting gen-exec api on a free loopback port" >&2
"$bin/gen-exec" api --api 127.0.0.1:0 > "$work/server.out" 2> "$work/server.err" &
server=$!
port=""
for _ in $(seq 1 100); do
    port="$(sed -n 's#^control API listening on http://127.0.0.1:\([0-9]*\)$#\1#p' "$work/server.out")"
    [[ -n "$port" ]] && break
    if ! kill -0 "$server" 2>/dev/null; then
        cat "$work/server.err" >&2
        echo "gen-exec api exited before listening" >&2
        exit 1
    fi
    sleep 0.1
done
if [[ -z "$port" ]]; then
    echo "gen-exec api did not report its port" >&2
    exit 1
fi
echo "== schemathesis against http://127.0.0.1:$port (max $MAX_EXAMPLES examples per operation)" >&2

status=0
# From the throwaway directory, so schemathesis's cache stays out of the repository.
(cd "$work" && "$work/venv/bin/schemathesis" run "$root/docs/openapi.yaml" \
    --url "http://127.0.0.1:$port" \
    -H "X-API-Key: $GENESIS_API_KEY" \
    --checks all \
    --max-examples "$MAX_EXAMPLES" \
    --seed "${SEED:-1}" \
    --workers 1) || status=$?

if grep -q "$GENESIS_API_KEY" "$work/server.out" "$work/server.err"; then
    echo "the API key appeared in the server's output" >&2
    status=1
fi
if ! kill -0 "$server" 2>/dev/null; then
    echo "gen-exec api died during the run:" >&2
    cat "$work/server.err" >&2
    status=1
fi
exit "$status"
