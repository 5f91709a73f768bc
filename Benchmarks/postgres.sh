#!/usr/bin/env bash
# The two backends side by side (issue 19): the replay pipeline and gen-report over 100,000
# trades, on a SQLite file and on a throwaway PostgreSQL server on the same machine (loopback,
# fsync off: the server's own durability is not what is measured). Prints figures; asserts
# nothing but that the pipeline writes the same execution and position lines on both.
#
#   Benchmarks/postgres.sh --bin .build-static/release            # the 2024 hourly fixtures, 100k trades
#   Benchmarks/postgres.sh --bin DIR --year 2020                  # the pipeline on a year of 1-minute BTCUSDT ($GENESIS_DATA)
#   RUNS=5 Benchmarks/postgres.sh --bin DIR
set -euo pipefail
cd "$(dirname "$0")/.."
bin="" year="" runs=${RUNS:-3}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --bin) bin="$2"; shift 2 ;;
    --year) year="$2"; shift 2 ;;
    *) echo "postgres.sh: unknown argument '$1' (see the header of this file)" >&2; exit 2 ;;
  esac
done
if [[ -z "$bin" ]]; then swift build -c release >&2; bin="$PWD/.build/release"; fi
bin="$(cd "$bin" && pwd)"
source scripts/lib/postgres-server.sh
work=$(mktemp -d)
chmod 755 "$work"
trap 'postgres_stop "$work/server"; rm -rf "$work"' EXIT
postgres_start "$work/server"
export HOME="$work/home" GENESIS_CONFIG="$work/genesis.yaml"
mkdir -p "$HOME"
: > "$GENESIS_CONFIG"
server="postgres://genesis@127.0.0.1:$PGPORT"
printf 'PostgreSQL %s on loopback; load average %s\n\n' "$(psql -d postgres -Atc 'SHOW server_version' | cut -d' ' -f1)" "$(cut -d' ' -f1-3 /proc/loadavg)"

# seconds COMMAND...: wall time of one run (its output discarded; verify's exit 7 on a store
# written outside GENESIS is not a failure here).
seconds() { local t0; t0=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; echo "$(date +%s.%N) - $t0" | bc -l; }
median() { sort -g | awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'; }

if [[ -n "$year" ]]; then
  data="${GENESIS_DATA:-${GENESIS_SHARED_DATA:-$PWD/../shared/data}}/binance-spot-klines"
  files=("$data"/BTCUSDT-1m-"$year"-*.zip)
  [[ -e "${files[0]}" ]] || { echo "postgres.sh: no BTCUSDT 1m $year files in $data" >&2; exit 2; }
  symbols=(BTCUSDT) interval=1m from="$year-01-01"
else
  files=(Tests/Fixtures/BTCUSDT-1h-2024.zip Tests/Fixtures/ETHUSDT-1h-2024.zip)
  symbols=(BTCUSDT ETHUSDT) interval=1h from=2024-01-01
fi
psql -d postgres -qc "CREATE DATABASE pipeline"
printf '%-34s %12s %12s %8s\n' "pipeline (${symbols[*]} $interval)" SQLite PostgreSQL ratio
declare -A took
for backend in sqlite postgres; do
  [[ $backend == sqlite ]] && export GENESIS_DB="$work/pipeline.db" || export GENESIS_DB="$server/pipeline"
  "$bin/gen-risk" account init --balance 500 --at "$from" > /dev/null
  took[$backend.import]=$(seconds "$bin/gen-fetch" import "${files[@]}")
  took[$backend.pipeline]=$(seconds bash -c '"$0/gen-fetch" replay "$@" --interval '"$interval"' 2>/dev/null | "$0/gen-signal" 2>/dev/null | "$0/gen-risk" 2>/dev/null | "$0/gen-exec" --venue paper 2>/dev/null > '"$work/$backend.ndjson" "$bin" "${symbols[@]}")
  took[$backend.verify]=$(seconds "$bin/gen-report" verify)
done
candles=$(grep -c '"type":"candle"' "$work/sqlite.ndjson" || true)
for step in import pipeline verify; do
  printf '%-34s %11.2fs %11.2fs %7.1f×\n' "$step" "${took[sqlite.$step]}" "${took[postgres.$step]}" "$(echo "${took[postgres.$step]} / ${took[sqlite.$step]}" | bc -l)"
done
printf '%-34s %12.0f %12.0f\n' "candles/s through the pipeline" "$(echo "$candles / ${took[sqlite.pipeline]}" | bc -l)" "$(echo "$candles / ${took[postgres.pipeline]}" | bc -l)"
for type in execution position; do
  if cmp -s <(grep "\"type\":\"$type\"" "$work/sqlite.ndjson") <(grep "\"type\":\"$type\"" "$work/postgres.ndjson"); then
    echo "$type lines identical on both backends: $(grep -c "\"type\":\"$type\"" "$work/sqlite.ndjson")"
  else
    echo "postgres.sh: the $type lines differ between the backends" >&2; exit 1
  fi
done

# The SQLite store of that backtest, migrated whole to the server and verified there.
psql -d postgres -qc "CREATE DATABASE migrated"
t0=$(date +%s.%N)
"$bin/gen-report" migrate --from "sqlite:$work/pipeline.db" --to "$server/migrated" --json > "$work/migrate.json"
printf 'migrate the SQLite backtest store: %s in %.2f s\n' \
  "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%d rows (%d candles, %d events), intact: %s" % (d["rows"], d.get("rows_candles", 0), d.get("rows_events", 0), d["intact"]))' "$work/migrate.json")" \
  "$(echo "$(date +%s.%N) - $t0" | bc -l)"

echo
# The 100,000-trade store of Benchmarks/report.sh, then the same rows migrated to the server.
DB="$work/report.db" BIN="$bin" RUNS=1 Benchmarks/report.sh > /dev/null 2>&1
psql -d postgres -qc "CREATE DATABASE report"
migrate=$(seconds "$bin/gen-report" migrate --from "sqlite:$work/report.db" --to "$server/report")
printf '%-34s %11.2fs (the store was written outside GENESIS, so the copy does not verify: exit 7 expected)\n\n' "migrate 100,000 trades to the server" "$migrate"
printf '%-34s %12s %12s %8s\n' "gen-report, 100,000 trades (median of $runs)" SQLite PostgreSQL ratio
report() {
  local label=$1 sqlite postgres
  shift
  sqlite=$(for _ in $(seq "$runs"); do GENESIS_DB="$work/report.db" seconds "$bin/gen-report" "$@"; done | median)
  postgres=$(for _ in $(seq "$runs"); do GENESIS_DB="$server/report" seconds "$bin/gen-report" "$@"; done | median)
  printf '%-34s %11.3fs %11.3fs %7.1f×\n' "$label" "$sqlite" "$postgres" "$(echo "$postgres / $sqlite" | bc -l)"
}
report summary summary
report "equity --csv" equity --csv
report "breakdown --by strategy" breakdown --by strategy
report "breakdown --by week" breakdown --by week
report html html
report "tax --year 2024" tax --year 2024
report "tax --year 2024 --csv" tax --year 2024 --csv
report verify verify
