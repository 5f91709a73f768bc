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
check_name=api-conformance
source "$(dirname "$0")/lib/local-check.sh"
build_products gen-exec gen-risk
install_venv "schemathesis==$SCHEMATHESIS_VERSION"

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
await_listening "gen-exec api" "$work/server.out" "$work/server.err" 's#^control API listening on http://127.0.0.1:\([0-9]*\)$#\1#p'
port=$listening
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
