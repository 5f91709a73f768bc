#!/usr/bin/env bash
# Rebuilds the real-data test fixtures in Tests/Fixtures/ from Binance's public
# market data, then checks every file it wrote (opens, row counts, time ranges,
# 1-minute bars aggregated to hours against Binance's own hours) and prints the
# SHA-256 of each file and of each archive's CSV entry. bash + python3 (stdlib).
#
#   Tests/Fixtures/make-fixtures.sh                 # data from ../shared/data beside the repository
#   GENESIS_DATA=/path/to/data Tests/Fixtures/make-fixtures.sh
#   Tests/Fixtures/make-fixtures.sh --check         # check the committed fixtures only; write nothing
#
# GENESIS_DATA is the folder holding binance-spot-klines/, binance-spot-klines-multi/
# and binance-spot-streams/ (default: ../shared/data relative to the repository root;
# GENESIS_SHARED_DATA, which the benchmarks read, is honoured when GENESIS_DATA is unset).
#
# Archives are written deterministically (fixed entry time 1980-01-01 00:00, deflate
# level 9, mode 0644), so a rerun gives the same bytes as long as zlib compresses the
# same way; the SHA-256 of the CSV inside each archive does not depend on zlib at all.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
data="${GENESIS_DATA:-${GENESIS_SHARED_DATA:-$repo/../shared/data}}"
mode="make"
case "${1:-}" in
  "") ;;
  --check) mode="check" ;;
  -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "make-fixtures.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac

if [[ $mode == make && ! -d "$data/binance-spot-klines" ]]; then
  echo "make-fixtures.sh: no Binance data at '$data' (set GENESIS_DATA)" >&2
  exit 2
fi

exec python3 - "$mode" "$data" "$here" <<'PY'
import gzip, hashlib, os, shutil, sys, tempfile, zipfile
from decimal import Decimal

mode, data, out = sys.argv[1], sys.argv[2], sys.argv[3]

DAY_MS = 86_400_000
HOUR_MS = 3_600_000
JAN1_2025_MS = 1_735_689_600_000   # 2025-01-01T00:00:00Z
JAN8_2025_MS = JAN1_2025_MS + 7 * DAY_MS
JAN1_2024_MS = 1_704_067_200_000   # 2024-01-01T00:00:00Z
JAN1_2025_END = JAN1_2025_MS       # 2024 ends where 2025 starts

# name -> (kind, source relative to GENESIS_DATA, [from_ms, to_ms) or None for the whole file,
#          expected rows, expected source time unit)
SLICES = [
    ("BTCUSDT-1m-2025-01-01_07.zip", "slice", "binance-spot-klines/BTCUSDT-1m-2025-01.zip",
     (JAN1_2025_MS, JAN8_2025_MS), 10_080, "us"),
    ("BTCUSDT-1h-2025-01-01_07.zip", "slice", "binance-spot-klines-multi/BTCUSDT-1h-2025.zip",
     (JAN1_2025_MS, JAN8_2025_MS), 168, "ms"),
    ("BTCUSDT-1h-2024.zip", "copy", "binance-spot-klines-multi/BTCUSDT-1h-2024.zip",
     (JAN1_2024_MS, JAN1_2025_END), 8_784, "ms"),
    ("ETHUSDT-1h-2024.zip", "copy", "binance-spot-klines-multi/ETHUSDT-1h-2024.zip",
     (JAN1_2024_MS, JAN1_2025_END), 8_784, "ms"),
]
STREAM = ("btcusdt_20240808.gz", "binance-spot-streams/btcusdt_20240808.gz", 41_249)
BIG_LINE = 16 * 1024


def fail(message):
    print(f"make-fixtures.sh: {message}", file=sys.stderr)
    sys.exit(1)


def sha256(blob):
    return hashlib.sha256(blob).hexdigest()


def to_ms(value, unit):
    return value // 1000 if unit == "us" else value


def read_zip_csv(path):
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
        if len(names) != 1:
            fail(f"{path}: expected one .csv entry, found {names}")
        if archive.testzip() is not None:
            fail(f"{path}: CRC error")
        return names[0], archive.read(names[0])


def write_zip(path, entry, blob):
    info = zipfile.ZipInfo(entry, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(info, blob, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def make(work):
    for name, kind, source, window, _, unit in SLICES:
        src = os.path.join(data, source)
        if kind == "copy":
            shutil.copyfile(src, os.path.join(work, name))
            continue
        _, blob = read_zip_csv(src)
        keep = []
        for line in blob.split(b"\n"):
            if not line:
                continue
            open_ms = to_ms(int(line.split(b",", 1)[0]), unit)
            if window[0] <= open_ms < window[1]:
                keep.append(line)
        entry = name[:-len(".zip")] + ".csv"
        write_zip(os.path.join(work, name), entry, b"\n".join(keep) + b"\n")
    shutil.copyfile(os.path.join(data, STREAM[1]), os.path.join(work, STREAM[0]))


def check_klines(folder, name, window, expected, unit):
    entry, blob = read_zip_csv(os.path.join(folder, name))
    rows = [line.split(b",") for line in blob.split(b"\n") if line]
    if len(rows) != expected:
        fail(f"{name}: {len(rows)} rows, expected {expected}")
    previous = None
    for row in rows:
        if len(row) != 12:
            fail(f"{name}: a row has {len(row)} columns, expected 12")
        raw = int(row[0])
        if (unit == "us") != (raw >= 100_000_000_000_000):
            fail(f"{name}: open time {raw} is not in {unit}")
        open_ms = to_ms(raw, unit)
        if not window[0] <= open_ms < window[1]:
            fail(f"{name}: open time {raw} outside the range")
        if previous is not None and open_ms <= previous:
            fail(f"{name}: rows not in ascending time order at {raw}")
        previous = open_ms
    first, last = to_ms(int(rows[0][0]), unit), to_ms(int(rows[-1][6]), unit)
    return {"entry": entry, "rows": rows, "csv_sha": sha256(blob), "csv_bytes": len(blob),
            "first_open_ms": first, "last_close_ms": last}


def check_aggregation(minutes, hours):
    """1-minute bars grouped into hours must give Binance's own 1h bars exactly."""
    groups = {}
    for row in minutes:
        groups.setdefault(int(row[0]) // 1000 // HOUR_MS * HOUR_MS, []).append(row)
    if sorted(groups) != [int(row[0]) for row in hours]:
        fail("aggregation: the hours of the 1m fixture are not the hours of the 1h fixture")
    for hour in hours:
        bars = groups[int(hour[0])]
        d = lambda index: [Decimal(bar[index].decode()) for bar in bars]
        built = [Decimal(bars[0][1].decode()), max(d(2)), min(d(3)), Decimal(bars[-1][4].decode()), sum(d(5)),
                 int(bars[-1][6]) // 1000, sum(d(7)), sum(int(bar[8]) for bar in bars), sum(d(9)), sum(d(10))]
        binance = [Decimal(hour[i].decode()) for i in range(1, 6)] + [int(hour[6])] + \
                  [Decimal(hour[7].decode()), int(hour[8]), Decimal(hour[9].decode()), Decimal(hour[10].decode())]
        if built != binance:
            fail(f"aggregation: hour {int(hour[0])} differs: built {built}, Binance {binance}")


def check(folder):
    report = []
    facts = {}
    for name, _, source, window, expected, unit in SLICES:
        facts[name] = check_klines(folder, name, window, expected, unit)
    check_aggregation(facts["BTCUSDT-1m-2025-01-01_07.zip"]["rows"], facts["BTCUSDT-1h-2025-01-01_07.zip"]["rows"])
    for name, _, source, _, _, unit in SLICES:
        path = os.path.join(folder, name)
        with open(path, "rb") as handle:
            blob = handle.read()
        f = facts[name]
        report.append(f"{name}: {len(blob)} bytes, sha256 {sha256(blob)}; entry {f['entry']} "
                      f"({f['csv_bytes']} bytes, sha256 {f['csv_sha']}), {len(f['rows'])} rows, "
                      f"open {f['first_open_ms']} .. close {f['last_close_ms']} (ms), times in {unit}")
    path = os.path.join(folder, STREAM[0])
    with open(path, "rb") as handle:
        blob = handle.read()
    lines = gzip.decompress(blob).split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if len(lines) != STREAM[2]:
        fail(f"{STREAM[0]}: {len(lines)} lines, expected {STREAM[2]}")
    big = [(number, len(line)) for number, line in enumerate(lines, 1) if len(line) > BIG_LINE]
    report.append(f"{STREAM[0]}: {len(blob)} bytes, sha256 {sha256(blob)}; {len(lines)} lines, "
                  f"first receive time {lines[0].split(b' ', 1)[0].decode()} ns, last {lines[-1].split(b' ', 1)[0].decode()} ns")
    report.append(f"{STREAM[0]}: lines over {BIG_LINE} bytes (line number:bytes): "
                  + ", ".join(f"{n}:{size}" for n, size in big))
    report.append("aggregation: every 1h bar of 2025-01-01..07 equals its 60 one-minute bars")
    print("\n".join(report))


if mode == "check":
    check(out)
else:
    work = tempfile.mkdtemp(prefix="fixtures.", dir=out)
    try:
        make(work)
        check(work)
        for name in [s[0] for s in SLICES] + [STREAM[0]]:
            os.replace(os.path.join(work, name), os.path.join(out, name))
    finally:
        shutil.rmtree(work, ignore_errors=True)
PY
