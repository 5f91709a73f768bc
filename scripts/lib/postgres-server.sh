# Sourced: a throwaway PostgreSQL server for the checks and benchmarks.
# `postgres_start DIR` runs initdb in DIR/data (as the `postgres` system user
# when run as root, since initdb refuses root), starts the server on a free
# loopback port with password (SCRAM) authentication, and exports
#   GENESIS_TEST_POSTGRES  postgres://genesis:PASSWORD@127.0.0.1:PORT/postgres
#   PGHOST PGPORT PGUSER PGPASSWORD   for psql and the gen-* commands
#   GENESIS_TEST_POSTGRES_TLS=1  when the server also speaks TLS (a self-signed certificate; needs openssl)
# `postgres_stop DIR` stops it. Needs Debian's `postgresql` package.

postgres_bin() {
    local candidate
    candidate="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    [[ -n "$candidate" && -x "$candidate/initdb" ]] || return 1
    echo "$candidate"
}

postgres_as_owner() {
    if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_start() {
    local dir="$1" bin port password
    bin="$(postgres_bin)" || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; return 1; }
    mkdir -p "$dir"
    password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
    printf '%s\n' "$password" > "$dir/password"
    chmod 600 "$dir/password"
    [[ "$(id -u)" == 0 ]] && chown -R postgres "$dir"
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    postgres_as_owner "$bin/initdb" -D "$dir/data" -U genesis --auth=scram-sha-256 --pwfile="$dir/password" -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; return 1; }
    # TLS with a self-signed certificate, so the tests can ask for sslmode=require (and see
    # verify-full refuse a certificate nobody vouches for).
    local tls=""
    if command -v openssl > /dev/null; then
        openssl req -new -x509 -days 2 -nodes -subj /CN=localhost -keyout "$dir/data/server.key" -out "$dir/data/server.crt" > /dev/null 2>&1
        chmod 600 "$dir/data/server.key"
        [[ "$(id -u)" == 0 ]] && chown postgres "$dir/data/server.key" "$dir/data/server.crt"
        tls="-c ssl=on"
        export GENESIS_TEST_POSTGRES_TLS=1
    fi
    # fsync off: a throwaway server for tests, never for a store that matters.
    postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
        -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off -c synchronous_commit=off $tls" start > /dev/null \
        || { cat "$dir/server.log" >&2; return 1; }
    export PGHOST=127.0.0.1 PGPORT="$port" PGUSER=genesis PGPASSWORD="$password"
    export GENESIS_TEST_POSTGRES="postgres://genesis:$password@127.0.0.1:$port/postgres"
}

postgres_stop() {
    local dir="$1" bin
    bin="$(postgres_bin)" || return 0
    [[ -d "$dir/data" ]] && postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop > /dev/null 2>&1
    rm -rf "$dir"
}
