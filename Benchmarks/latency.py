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
import json, os, queue, re, subprocess, sys, tempfile, threading, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bin_dir = os.path.join(root, ".build", "release")
trials = int(sys.argv[1]) if len(sys.argv) > 1 else 50
work = tempfile.mkdtemp(prefix="genesis-latency-")
env = dict(os.environ, GENESIS_HOME=os.path.join(work, "home"), GENESIS_SIM_API_KEY="bench", GENESIS_SIM_API_SECRET="bench-secret")
config = os.path.join(work, "genesis.yaml")
with open(config, "w") as f:
    # The breakout is decided on the 1-minute candles fed (the strategy's default timeframe is 1h).
    f.write("tiers:\n  sniper:\n    orderTypes: [MARKET, LIMIT]\nstrategies:\n  momentumBreakout:\n    timeframe: null\n")

# Every trial starts several exchange commands on the one sim account (each reads exchangeInfo, the account and all open
# orders), far more than a minute's request weight allows: the limit is raised so the gateway's budget never pauses
# a trial, which would be a wait for the next minute, not latency.
sim = subprocess.Popen([os.path.join(bin_dir, "gen-sim"), "--port", "0", "--tick-ms", "0", "--trace-orders", "--price", "BTCUSDT=126",
                        "--weight-limit", "1000000", "--orders-per10s", "10000"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
base = sim.stdout.readline().strip().split("listening on ")[1]

def candle(i, close, high, low, volume, start):
    open_time = start + i * 60_000
    return json.dumps({"v": 1, "type": "candle", "ts": open_time + 60_000, "symbol": "BTCUSDT", "interval": "1m", "open_time": open_time,
                       "open": f"{close - 0.1:.2f}", "high": f"{high:.2f}", "low": f"{low:.2f}", "close": f"{close:.2f}", "volume": f"{volume}"}, separators=(",", ":"))

# gen-sim's stderr is read all the time on a thread of its own: a pipe left unread fills up and stops the sim.
arrivals = queue.Queue()

def read_arrivals():
    for line in sim.stderr:
        match = re.match(r"order (\S+) arrived (\d+)", line)
        if match:
            arrivals.put((match.group(1), int(match.group(2))))

threading.Thread(target=read_arrivals, daemon=True).start()

def arrival(what, seconds=30):
    """The next order request gen-sim saw: (client id, epoch ns); a pipeline that sends none within `seconds` ends the run."""
    try:
        return arrivals.get(timeout=seconds)
    except queue.Empty:
        import urllib.request
        try:
            alive = urllib.request.urlopen(base + "/api/v3/time", timeout=2).read().decode()
        except Exception as error:
            alive = f"no answer ({error})"
        if os.environ.get("LATENCY_DEBUG"):
            print(subprocess.run(["ps", "-ef"], capture_output=True, text=True).stdout, file=sys.stderr)
            time.sleep(600)
        sim.terminate()
        sys.exit(f"no {what} reached gen-sim within {seconds} s (work directory {work}); gen-sim /api/v3/time: {alive}")

def drain(seconds=0.3):
    """Forgets the arrivals so far (the tidying between trials sends orders of its own)."""
    time.sleep(seconds)
    while not arrivals.empty():
        arrivals.get_nowait()

def fresh(trial, kind):
    db = os.path.join(work, f"{kind}-{trial}.db")
    trial_env = dict(env, GENESIS_DB=db)
    subprocess.run([os.path.join(bin_dir, "gen-risk"), "account", "init", "--balance", "500"], env=trial_env, check=True, capture_output=True)
    return db, trial_env

def forget(db):
    for suffix in ("", "-wal", "-shm", ".head", ".head.lock", ".migrate.lock", ".log"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)

top = 100 + 39 * 0.5 + 0.3  # the climb's highest high; the breakout closes 5% above it, near the sim's price (126)
market, protection, limit = [], [], []
for trial in range(trials):
    # Market: a breakout candle through gen-signal; the entry, then its OCO.
    db, trial_env = fresh(trial, "market")
    start = (time.time_ns() // 1_000_000) - 41 * 60_000  # the breakout candle closes now: the live account trades on the exchange's clock
    climb = [candle(i, 100 + i * 0.5, 100 + i * 0.5 + 0.3, 100 + i * 0.5 - 0.3, 10, start) for i in range(40)]
    breakout = candle(40, top * 1.05, top * 1.05 + 0.1, 119.4, 20, start)
    pipeline = subprocess.Popen(
        f"'{bin_dir}/gen-signal' --config '{config}' | '{bin_dir}/gen-risk' --clock wall --config '{config}' | '{bin_dir}/gen-exec' --venue {base} --config '{config}'",
        shell=True, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=open(db + ".log", "w"), env=trial_env, text=True)
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
    # The sim's account is shared by the trials: leave nothing open for the next database to find unexplained.
    tidy = subprocess.run([os.path.join(bin_dir, "gen-exec"), "close-all", "--venue", base, "--confirm", "CLOSE ALL POSITIONS"], env=trial_env, capture_output=True, text=True)
    if tidy.returncode != 0:
        sys.exit(f"close-all after the market trial: {tidy.stderr}")
    drain()
    forget(db)

    # Limit: a LIMIT signal into gen-risk, resting below the market.
    db, trial_env = fresh(trial, "limit")
    pipeline = subprocess.Popen(
        f"'{bin_dir}/gen-risk' --clock wall --config '{config}' | '{bin_dir}/gen-exec' --venue {base} --config '{config}'",
        shell=True, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=open(db + ".log", "w"), env=trial_env, text=True)
    warm = {"v": 1, "type": "candle", "ts": time.time_ns() // 1_000_000, "symbol": "BTCUSDT", "interval": "1m",
            "open_time": time.time_ns() // 1_000_000 - 60_000, "open": "126", "high": "126.1", "low": "125.9", "close": "126", "volume": "10"}
    pipeline.stdin.write(json.dumps(warm, separators=(",", ":")) + "\n")
    pipeline.stdin.flush()
    time.sleep(0.3)
    signal = {"v": 1, "type": "signal", "ts": time.time_ns() // 1_000_000, "id": f"limit-{trial}", "strategy": "manual", "symbol": "BTCUSDT",
              "side": "BUY", "price": "126", "stop": "120", "target": "132", "reason": "latency benchmark", "order_type": "LIMIT", "limit_price": "125"}
    start_ns = time.time_ns()
    pipeline.stdin.write(json.dumps(signal, separators=(",", ":")) + "\n")
    pipeline.stdin.flush()
    _, resting = arrival("limit order")
    pipeline.stdin.close()
    pipeline.wait()
    limit.append((resting - start_ns) / 1e6)
    tidy = subprocess.run([os.path.join(bin_dir, "gen-exec"), "cancel-all", "--venue", base], env=trial_env, capture_output=True, text=True)
    if tidy.returncode != 0:
        sys.exit(f"cancel-all after the limit trial: {tidy.stderr}")
    drain()
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
