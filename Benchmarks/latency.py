#!/usr/bin/env python3
"""Order latency of the live pipeline against gen-sim, in three figures (DESIGN §9's budget: 50 ms market, 100 ms limit).

- market: a market event entering gen-signal -> the order request arriving at gen-sim. Each trial starts
  `gen-signal | gen-risk --clock wall | gen-exec --venue <gen-sim>`, feeds it a steady climb of candles stamped up to
  now (no signal), waits until they have passed, then writes one breakout candle and times how long until gen-sim sees
  the order request for it (gen-sim --trace-orders stamps each arrival);
- protection: the market entry's request arriving -> its protective OCO (stop and target) arriving at gen-sim: the
  fill's answer, booking it, and placing the OCO;
- limit: a LIMIT signal entering gen-risk -> the limit order request arriving at gen-sim (`gen-risk --clock wall |
  gen-exec`, limit orders unlocked for the trial's SNIPER account by its configuration).

Each trial has a database of its own (an exchange venue trades a database's live account only, and one database per
exchange account: each trial's database is deleted before the next). Prints median, p90, p99 of each.

    swift build -c release && Benchmarks/latency.py [trials]
"""
import json, os, re, select, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bin_dir = os.path.join(root, ".build", "release")
trials = int(sys.argv[1]) if len(sys.argv) > 1 else 50
work = tempfile.mkdtemp(prefix="genesis-latency-")
env = dict(os.environ, GENESIS_HOME=os.path.join(work, "home"), GENESIS_SIM_API_KEY="bench", GENESIS_SIM_API_SECRET="bench-secret")
config = os.path.join(work, "genesis.yaml")
with open(config, "w") as f:
    f.write("tiers:\n  sniper:\n    orderTypes: [MARKET, LIMIT]\n")

sim = subprocess.Popen([os.path.join(bin_dir, "gen-sim"), "--port", "0", "--tick-ms", "0", "--trace-orders", "--price", "BTCUSDT=120"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
base = sim.stdout.readline().strip().split("listening on ")[1]

def candle(i, close, high, low, volume, start):
    open_time = start + i * 60_000
    return json.dumps({"v": 1, "type": "candle", "ts": open_time + 60_000, "symbol": "BTCUSDT", "interval": "1m", "open_time": open_time,
                       "open": f"{close - 0.1:.2f}", "high": f"{high:.2f}", "low": f"{low:.2f}", "close": f"{close:.2f}", "volume": f"{volume}"}, separators=(",", ":"))

pending = b""

def arrival(what, seconds=30):
    """The next order request gen-sim saw: (client id, epoch ns); a pipeline that sends none within `seconds` ends the run.
    Read from the raw descriptor with a buffer of our own, so a line already read is never waited for again."""
    global pending
    deadline = time.time() + seconds
    while True:
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            match = re.match(rb"order (\S+) arrived (\d+)", line)
            if match:
                return match.group(1).decode(), int(match.group(2))
        if time.time() >= deadline or not select.select([sim.stderr], [], [], max(0, deadline - time.time()))[0]:
            break
        chunk = os.read(sim.stderr.fileno(), 65536)
        if not chunk:
            break
        pending += chunk
    sim.terminate()
    sys.exit(f"no {what} reached gen-sim within {seconds} s (work directory {work})")

def fresh(trial, kind):
    db = os.path.join(work, f"{kind}-{trial}.db")
    trial_env = dict(env, GENESIS_DB=db)
    subprocess.run([os.path.join(bin_dir, "gen-risk"), "account", "init", "--balance", "500"], env=trial_env, check=True, capture_output=True)
    return db, trial_env

def forget(db):
    for suffix in ("", "-wal", "-shm", ".head", ".migrate.lock"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)

top = 100 + 39 * 0.5 + 0.3
market, protection, limit = [], [], []
for trial in range(trials):
    # Market: a breakout candle through gen-signal; the entry, then its OCO.
    db, trial_env = fresh(trial, "market")
    start = (time.time_ns() // 1_000_000) - 41 * 60_000  # the breakout candle closes now: the live account trades on the exchange's clock
    climb = [candle(i, 100 + i * 0.5, 100 + i * 0.5 + 0.3, 100 + i * 0.5 - 0.3, 10, start) for i in range(40)]
    breakout = candle(40, top * 1.05, top * 1.05 + 0.1, 119.4, 20, start)
    pipeline = subprocess.Popen(
        f"'{bin_dir}/gen-signal' | '{bin_dir}/gen-risk' --clock wall | '{bin_dir}/gen-exec' --venue {base}",
        shell=True, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=trial_env, text=True)
    pipeline.stdin.write("\n".join(climb) + "\n")
    pipeline.stdin.flush()
    time.sleep(0.3)  # let the climb pass every stage and gen-exec load exchangeInfo
    start_ns = time.time_ns()
    pipeline.stdin.write(breakout + "\n")
    pipeline.stdin.flush()
    _, entry = arrival("market entry")
    _, oco = arrival("protective OCO")
    pipeline.stdin.close()
    pipeline.wait()
    market.append((entry - start_ns) / 1e6)
    protection.append((oco - entry) / 1e6)
    forget(db)

    # Limit: a LIMIT signal into gen-risk, resting below the market.
    db, trial_env = fresh(trial, "limit")
    pipeline = subprocess.Popen(
        f"'{bin_dir}/gen-risk' --clock wall --config '{config}' | '{bin_dir}/gen-exec' --venue {base} --config '{config}'",
        shell=True, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=trial_env, text=True)
    warm = {"v": 1, "type": "candle", "ts": time.time_ns() // 1_000_000, "symbol": "BTCUSDT", "interval": "1m",
            "open_time": time.time_ns() // 1_000_000 - 60_000, "open": "120", "high": "120.1", "low": "119.9", "close": "120", "volume": "10"}
    pipeline.stdin.write(json.dumps(warm, separators=(",", ":")) + "\n")
    pipeline.stdin.flush()
    time.sleep(0.3)
    signal = {"v": 1, "type": "signal", "ts": time.time_ns() // 1_000_000, "id": f"limit-{trial}", "strategy": "manual", "symbol": "BTCUSDT",
              "side": "BUY", "price": "120", "stop": "114", "target": "126", "reason": "latency benchmark", "order_type": "LIMIT", "limit_price": "119"}
    start_ns = time.time_ns()
    pipeline.stdin.write(json.dumps(signal, separators=(",", ":")) + "\n")
    pipeline.stdin.flush()
    _, resting = arrival("limit order")
    pipeline.stdin.close()
    pipeline.wait()
    limit.append((resting - start_ns) / 1e6)
    forget(db)

sim.terminate()

def report(title, values, budget):
    values = sorted(values)
    def pct(p): return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]
    print(f"{title}, {len(values)} trials (ms)")
    print(f"  median {pct(50):.2f}   p90 {pct(90):.2f}   p99 {pct(99):.2f}   min {values[0]:.2f}   max {values[-1]:.2f}   budget {budget}")

report("market: market event into gen-signal -> order request at gen-sim", market, "50 ms")
report("protection: entry request at gen-sim -> its OCO request at gen-sim", protection, "none set; shown for the record")
report("limit: LIMIT signal into gen-risk -> order request at gen-sim", limit, "100 ms")
