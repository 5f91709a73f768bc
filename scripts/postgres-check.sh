#!/usr/bin/env bash
# postgres-check.sh: the store on a real PostgreSQL server (DESIGN §1.2), the way the tests
# and a trader meet it. Starts a throwaway server (scripts/lib/postgres-server.sh), then:
#   1. the PostgreSQL suites (dialect, URL rules, schema, append-only, concurrent writers, roles);
#   2. the store's suites again, every store they make a fresh database on the server
#      (GENESIS_TEST_BACKEND=postgres);
#   3. the 2024 paper pipeline of scripts/demo.sh on both backends: the `execution` and
#      `position` lines and the reports must be identical;
#   4. that SQLite store migrated to the server (`gen-report migrate`), verified, its reports
#      identical; the server store backed up and restored into another database, verified.
# Exit 0 when all hold; 1 otherwise. Needs Debian's postgresql package and a debug build.
#
#   GENESIS_BIN=.build/debug scripts/postgres-check.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="/opt/swift/usr/bin:$PATH"
bin="$(cd "${GENESIS_BIN:-.build/debug}" && pwd)"
source scripts/lib/postgres-server.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/genesis-postgres.XXXXXX")"
chmod 755 "$work"
trap 'postgres_stop "$work/server"; rm -rf "$work"' EXIT
postgres_start "$work/server"
# The side files of server stores (chain heads, locks) go under this run's own home.
export HOME="$work/home" GENESIS_HOME="$work/home"
mkdir -p "$HOME"
echo "== PostgreSQL $(psql -d postgres -Atc 'SHOW server_version') on 127.0.0.1:$PGPORT"

echo "== 1. the PostgreSQL suites"
swift test --skip-build --filter 'GenesisTests\.Postgres' 2>&1 | tail -3

# Store suites that build their stores with TestSupport.makeStore() and reach the database only
# through the store (suites that copy SQLite files or read GRDB's pool stay SQLite-only).
suites=(
    AlertDeliveryTests AlgorithmChoiceTests ControlAPITests CorrelationPipelineTests CorrelationRuleTests
    DataClockCurveTests DrawdownBudgetReplayTests DrawdownBudgetTests EscapeTests ExitRetryTests FilterTests
    GatewayTests HaltTests HealthTests ImportTests LimitCoolingOffTests LimitOrderTests LiveAccountReadTests
    LiveExecutionTests LiveTradingRulesTests LosingDaysTests MarkedDayTests MarkedToMarketSupervisionTests
    PaperVenueTests PaperWorkedOrderCommandTests PaperWorkedOrderTests PipelineHeartbeatTests ProtectionTests
    RecordedBookTests ReportFormatsTests SharedAccountTests SigningTests SimCompatibilityTests StoredMarkTests
    StrategyTimeframeTests SymbolFilterBookTests TWAPTests TaxStoreTests TiltStoreTests TimeframeTests
    WorkedOrderStreamTests
)
echo "== 2. the store's suites on the server: ${#suites[@]} suites"
pattern="GenesisTests\\.($(IFS='|'; echo "${suites[*]}"))/"
GENESIS_TEST_BACKEND=postgres swift test --skip-build --filter "$pattern" 2>&1 | tail -3

echo "== 3. the 2024 paper pipeline on both backends"
pipeline() {
    export GENESIS_DB="$1"
    "$bin/gen-risk" account init --balance 500 --at 2024-01-01 > /dev/null
    "$bin/gen-fetch" import Tests/Fixtures/BTCUSDT-1h-2024.zip Tests/Fixtures/ETHUSDT-1h-2024.zip > /dev/null
    "$bin/gen-fetch" replay BTCUSDT ETHUSDT --interval 1h | "$bin/gen-signal" | "$bin/gen-risk" | "$bin/gen-exec" --venue paper > "$2"
}
reports() {
    export GENESIS_DB="$1"
    for report in summary equity "breakdown --by strategy" "tax --year 2024 --csv" tiers tilt audit; do
        echo "## $report"
        # shellcheck disable=SC2086
        "$bin/gen-report" $report
    done > "$2"
}
server="postgres://genesis@127.0.0.1:$PGPORT"
for name in pipeline migrated restored; do psql -d postgres -qc "CREATE DATABASE $name"; done
start=$(date +%s.%N); pipeline "$work/sqlite.db" "$work/sqlite.ndjson"; sqlite_seconds=$(echo "$(date +%s.%N) - $start" | bc -l)
start=$(date +%s.%N); pipeline "$server/pipeline" "$work/postgres.ndjson"; postgres_seconds=$(echo "$(date +%s.%N) - $start" | bc -l)
for type in execution position; do
    grep "\"type\":\"$type\"" "$work/sqlite.ndjson" > "$work/sqlite.$type"
    grep "\"type\":\"$type\"" "$work/postgres.ndjson" > "$work/postgres.$type"
    cmp -s "$work/sqlite.$type" "$work/postgres.$type" || { echo "postgres-check: the $type lines differ between the backends" >&2; diff "$work/sqlite.$type" "$work/postgres.$type" | head >&2; exit 1; }
    echo "$type lines identical: $(wc -l < "$work/sqlite.$type")"
done
printf 'pipeline: SQLite %.1f s, PostgreSQL %.1f s\n' "$sqlite_seconds" "$postgres_seconds"
reports "$work/sqlite.db" "$work/sqlite.reports"
reports "$server/pipeline" "$work/postgres.reports"
cmp -s "$work/sqlite.reports" "$work/postgres.reports" || { echo "postgres-check: the reports differ" >&2; diff "$work/sqlite.reports" "$work/postgres.reports" | head >&2; exit 1; }
echo "reports identical: summary, equity, breakdown, tax, tiers, tilt, audit"
GENESIS_DB="$server/pipeline" "$bin/gen-report" verify

echo "== 4. migrate, backup, restore"
"$bin/gen-report" migrate --from "sqlite:$work/sqlite.db" --to "$server/migrated"
reports "$server/migrated" "$work/migrated.reports"
cmp -s "$work/sqlite.reports" "$work/migrated.reports" || { echo "postgres-check: the migrated store's reports differ" >&2; exit 1; }
echo "migrated store's reports identical"
mkdir -m 700 "$work/backups"
GENESIS_DB="$server/pipeline" "$bin/gen-report" backup --to "$work/backups" --keep 2
GENESIS_DB="$server/restored" "$bin/gen-report" restore "$(ls "$work"/backups/genesis-*.db | tail -1)"
reports "$server/restored" "$work/restored.reports"
cmp -s "$work/postgres.reports" "$work/restored.reports" || { echo "postgres-check: the restored store's reports differ" >&2; exit 1; }
echo "restored store's reports identical"
GENESIS_DB="$server/pipeline" "$bin/gen-fetch" doctor --venue http://127.0.0.1:9 2>/dev/null | grep -v "credentials\|127.0.0.1:9" || true
echo "POSTGRES CHECK PASSED"
