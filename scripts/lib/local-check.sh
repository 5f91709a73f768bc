# Sourced by the checks that drive one of our servers, started on a free
# loopback port, with a Python tool from PyPI in a throwaway virtualenv
# (scripts/api-conformance.sh, scripts/sim-client-check.sh). Set
# `check_name` before sourcing; it names the throwaway directory.

SCRATCH_PATH="${SCRATCH_PATH:-.build}"
PYTHON="${PYTHON:-python3}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
work="$(mktemp -d "${TMPDIR:-/tmp}/genesis-${check_name:-check}.XXXXXX")"
server=""
cleanup() {
    if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# build_products PRODUCT...: builds them; `bin` is where they are.
build_products() {
    echo "== building $*" >&2
    local product
    for product in "$@"; do swift build --scratch-path "$SCRATCH_PATH" --product "$product" >&2; done
    bin="$(swift build --scratch-path "$SCRATCH_PATH" --show-bin-path)"
}

# install_venv PACKAGE...: a throwaway virtualenv at $work/venv holding them.
install_venv() {
    echo "== installing $* into a throwaway virtualenv" >&2
    "$PYTHON" -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet --disable-pip-version-check "$@" >&2
}

# await_listening NAME OUT ERR SED_PATTERN: waits (10 s at most) until the
# server started in the background (its pid in `server`) prints a line on
# OUT that SED_PATTERN (a `sed -n 's#…#\1#p'` script) captures; the capture
# is left in `listening`. Exits 1, with the server's stderr, if it dies first.
await_listening() {
    local name=$1 out=$2 err=$3 pattern=$4
    listening=""
    for _ in $(seq 1 100); do
        listening="$(sed -n "$pattern" "$out")"
        [[ -n "$listening" ]] && return 0
        if ! kill -0 "$server" 2>/dev/null; then
            cat "$err" >&2
            echo "$name exited before listening" >&2
            exit 1
        fi
        sleep 0.1
    done
    echo "$name did not report its port" >&2
    exit 1
}
