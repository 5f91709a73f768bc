#!/usr/bin/env bash
# Cold start of each command on empty input (median wall time over RUNS runs,
# each a new process, after one warm-up) and the peak memory of each pipeline
# stage after LINES lines. Prints figures; asserts nothing (no benchmark is a test).
#
#   Benchmarks/startup.sh                    # start-up only, 20 runs each
#   Benchmarks/startup.sh --runs 50
#   Benchmarks/startup.sh --memory           # and peak RSS per stage after 10M lines (minutes)
#   Benchmarks/startup.sh --bin DIR          # binaries already built elsewhere (say a build of another commit)
#
# Builds as production does (README "Using it"): release, one fully static
# executable per command (--static-swift-stdlib -Xswiftc -static-executable:
# the Swift runtime, Foundation, SQLite and the C libraries linked in), so a
# start does no dynamic loading, relocation lookups or symbol exports.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=20 memory=0 bin="" lines=10000000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --memory) memory=1; shift ;;
    --lines) lines="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    *) echo "startup.sh: unknown argument '$1' (see the header of this file)" >&2; exit 2 ;;
  esac
done
if [[ -z "$bin" ]]; then swift build -c release --static-swift-stdlib -Xswiftc -static-executable >&2; bin="$PWD/.build/release"; fi
(( BASH_VERSINFO[0] >= 5 )) || { echo "startup.sh: needs bash 5 (EPOCHREALTIME)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" GENESIS_DB="$work/empty.db"
unset GENESIS_CONFIG
mkdir -p "$HOME"
"$bin/gen-risk" account init --balance 500 >/dev/null

# Min, median and max of $runs wall times, and the median CPU time (user +
# system), in ms, of one command: stdin empty, output dropped. Bash's own
# `time` keyword measures it, so no process is started to time one; CPU time
# moves less than wall time when other work shares the machine.
TIMEFORMAT='%R %U %S'
median_ms() {
  local i
  "$@" </dev/null >/dev/null 2>&1 || true # warm-up: page cache, first-run files (signal key)
  : > "$work/times"
  for ((i = 0; i < runs; i++)); do
    { time "$@" </dev/null >/dev/null 2>&1 || true; } 2>>"$work/times"
  done
  awk '{ wall[NR] = $1 * 1000; cpu[NR] = ($2 + $3) * 1000 }
       function median(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
                                        return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
       END { m = median(wall, NR); c = median(cpu, NR); printf "%.1f %.1f %.1f %.1f", wall[1], m, wall[NR], c }' "$work/times"
}

printf 'cold start on empty input, %d runs each (load average %s)\n\n' "$runs" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
printf '%-34s %8s %8s %8s %8s\n' "command" "min ms" "median" "max ms" "cpu ms"
for command in "gen-fetch replay BTCUSDT" "gen-signal" "gen-risk" "gen-exec --venue paper" "gen-report summary" "gen-tilt" "gen-alert"; do
  read -r -a words <<<"$command"
  read -r low mid high cpu <<<"$(median_ms "$bin/${words[0]}" "${words[@]:1}")"
  printf '%-34s %8s %8s %8s %8s\n' "$command" "$low" "$mid" "$high" "$cpu"
done

(( memory )) || exit 0
[[ -x /usr/bin/time ]] || { echo "startup.sh: --memory needs /usr/bin/time (GNU time)" >&2; exit 2; }
# Two generated symbols of 10 years of 1-minute candles each: 10.5M candles replayed.
export GENESIS_DB="$work/big.db"
"$bin/gen-risk" account init --balance 500 >/dev/null
days=$(( (lines / 1440 + 1) / 2 + 1 ))
(( days <= 3650 )) || days=3650
"$bin/gen-fetch" generate BTCUSDT --days "$days" --seed 1 >/dev/null 2>&1
"$bin/gen-fetch" generate ETHUSDT --days "$days" --seed 2 --price 2500 >/dev/null 2>&1
peak() { /usr/bin/time -f '%M' -o "$work/$1.mem" "${@:2}"; }
printf '\npeak memory of each stage, the whole replay through the pipeline (--no-sync)\n\n'
t0=$EPOCHREALTIME
peak replay "$bin/gen-fetch" replay BTCUSDT ETHUSDT 2>/dev/null \
  | peak signal "$bin/gen-signal" 2>/dev/null \
  | peak risk "$bin/gen-risk" --no-sync 2>/dev/null \
  | peak exec "$bin/gen-exec" --venue paper 2>/dev/null \
  | wc -l > "$work/out.count"
t1=$EPOCHREALTIME
printf '%-34s %12s\n' "stage" "peak RSS MiB"
for stage in replay signal risk exec; do
  printf '%-34s %12.1f\n' "$stage" "$(echo "$(tail -1 "$work/$stage.mem") / 1024" | bc -l)"
done
printf '\n%s lines out of gen-exec in %.0f s\n' "$(cat "$work/out.count")" "$(echo "$t1 - $t0" | bc -l)"
