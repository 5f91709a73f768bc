#!/usr/bin/env bash
# The HTML report as a trader sees it: backtest 2024 on the committed hourly
# BTCUSDT and ETHUSDT fixtures (as scripts/demo.sh does, in a database of its
# own), write `gen-report html`, render the page in headless Chromium, and
# check the screenshot and the rendered DOM: the equity and drawdown charts,
# one price chart per traded symbol with an entry marker per trade and an exit
# marker per closed trade, a tilt marker per tilt level change on the equity
# chart, and the metrics, tiers, tilt, audit, health and discipline tables.
#
#   scripts/html-check.sh                      # swift build, then check
#   GENESIS_BIN=.build/debug scripts/html-check.sh
#   scripts/html-check.sh --keep /tmp/report   # report.html, report.png, dom.html go there
#                                              # (else to a new directory under $TMPDIR)
#
# Exit 0 with the screenshot's path and size; 1 with one line saying what is
# wrong; 2 when Chromium is missing ($CHROMIUM, default /usr/bin/chromium;
# Debian: apt-get install chromium) or the arguments are wrong.
set -euo pipefail
cd "$(dirname "$0")/.."

keep=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keep) [[ $# -ge 2 ]] || { echo "html-check: --keep needs a directory" >&2; exit 2; }; keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "html-check: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  echo "html-check: no Chromium at $chromium: install it (Debian: apt-get install chromium) or set CHROMIUM" >&2
  exit 2
fi

fail() { echo "html-check: FAIL: $*" >&2; exit 1; }

if [[ -n "${GENESIS_BIN:-}" ]]; then
  bin="$(cd "$GENESIS_BIN" && pwd)"
else
  swift build >&2
  bin="$PWD/.build/debug"
fi
for command in gen-risk gen-fetch gen-signal gen-exec gen-report; do
  [[ -x "$bin/$command" ]] || fail "no $command in $bin (build first, or set GENESIS_BIN to the directory of the binaries)"
done
export PATH="$bin:$PATH"

# The database goes when the check ends; the page, screenshot and DOM stay in
# a temporary directory of their own, or in --keep DIR.
work="$(mktemp -d "${TMPDIR:-/tmp}/genesis-html-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
if [[ -n "$keep" ]]; then
  mkdir -p "$keep"
  out="$(cd "$keep" && pwd)"
else
  out="$(mktemp -d "${TMPDIR:-/tmp}/genesis-html-report.XXXXXX")"
fi
# A database, registry and browser profile of its own: nothing real is touched.
export GENESIS_DB="$work/genesis.db" GENESIS_HOME="$work/home"
html="$out/report.html" shot="$out/report.png" dom="$out/dom.html"
rm -f "$html" "$shot" "$dom"

start=$(date +%s)
{
  gen-risk account init --balance 500 --at 2024-01-01
  gen-fetch import Tests/Fixtures/BTCUSDT-1h-2024.zip Tests/Fixtures/ETHUSDT-1h-2024.zip
  gen-fetch replay BTCUSDT ETHUSDT --interval 1h | gen-signal | gen-risk | gen-exec --venue paper > "$work/stream.ndjson"
} > "$work/pipeline.log" 2>&1 || fail "the backtest failed: $(tail -n 1 "$work/pipeline.log")"
gen-report html --output "$html" 2> "$work/report.log" || fail "gen-report html failed: $(tail -n 1 "$work/report.log")"

# What the store says the page must show.
symbols=$(gen-report breakdown --by pair --csv | tail -n +2 | cut -d, -f1)
closed=$(gen-report breakdown --by pair --csv | tail -n +2 | awk -F, '{ n += $2 } END { print n + 0 }')
tilt_changes=$(gen-report tilt | grep -cE '^  [0-9]{4}-' || true)
[[ -n "$symbols" ]] || fail "the backtest made no trade, so there is no price chart to check"

browse() { timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --user-data-dir="$work/chromium" --window-size=1400,4000 "$@" "file://$html"; }
browse --screenshot="$shot" > "$work/chromium.log" 2>&1 || fail "chromium could not take the screenshot: $(tail -n 1 "$work/chromium.log")"
browse --dump-dom > "$dom" 2>> "$work/chromium.log" || fail "chromium could not dump the DOM: $(tail -n 1 "$work/chromium.log")"

[[ -s "$shot" ]] || fail "no screenshot at $shot"
[[ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" == "89504e470d0a1a0a" ]] || fail "$shot is not a PNG"
size=$(wc -c < "$shot")
# A blank 1400×4000 page is about 25 KB; charts and tables make far more.
(( size > 100000 )) || fail "the screenshot is $size bytes: the page looks blank"
read -r width height < <(od -An -tu1 -j16 -N8 "$shot" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }')

count() { { grep -o -- "$1" <<< "$2" || true; } | wc -l; }
page=$(cat "$dom")
[[ "$page" == *"<h1>GENESIS report"* ]] || fail "the rendered DOM has no report heading"
equity=$(grep '<figure class="equity-chart">' "$dom" || true)
[[ "$equity" == *'<svg'* ]] || fail "no equity chart (svg) in the rendered DOM"
grep -q '<figure class="drawdown-chart"><svg' "$dom" || fail "no drawdown chart (svg) in the rendered DOM"
markers=$(count 'class="marker tilt"' "$equity")
(( markers == tilt_changes )) || fail "the equity chart has $markers tilt markers, gen-report tilt lists $tilt_changes level changes"
charts=0 entries=0 exits=0
for symbol in $symbols; do
  figure=$(grep "<figure class=\"price-chart\" id=\"price-$symbol\"" "$dom" || true)
  [[ "$figure" == *'<svg'*'class="series"'* ]] || fail "no price chart with a line for $symbol in the rendered DOM"
  e=$(count 'class="marker entry"' "$figure") x=$(count 'class="marker exit"' "$figure")
  (( e > 0 && x > 0 )) || fail "the $symbol price chart has $e entry and $x exit markers"
  charts=$((charts + 1)) entries=$((entries + e)) exits=$((exits + x))
done
(( $(count '<figure class="price-chart"' "$page") == charts )) || fail "price charts for symbols that were not traded"
(( exits == closed )) || fail "$exits exit markers for $closed closed trades"
(( entries >= closed )) || fail "$entries entry markers for $closed closed trades"
for section in prices tiers tilt audit health discipline; do
  [[ "$page" == *"<section id=\"$section\">"* ]] || fail "no $section section in the rendered DOM"
done
for caption in "Closed trades" "Daily equity curve" "By pair" "Tier events" "Results by the tilt level" "Audit excerpt" "GENESIS health" "Guarded beside unguarded"; do
  [[ "$page" == *"<caption>$caption"* ]] || fail "no '$caption' table in the rendered DOM"
done
svgs=$(count '<svg' "$page")
end=$(date +%s)

echo "html-check: ok: $svgs svg charts, $charts price charts ($entries entries, $exits exits marked), $markers tilt markers, all sections rendered in $((end - start)) s"
echo "screenshot: $shot ($size bytes, ${width}x${height})"
echo "page: $html (rendered DOM: $dom)"
