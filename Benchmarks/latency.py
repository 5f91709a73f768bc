#!/usr/bin/env python3
"""Latency from a market event entering gen-signal to the order request arriving at gen-sim.

Each trial starts `gen-signal | gen-risk --clock wall | gen-exec --venue <gen-sim>` on a database of its own (an
exchange venue trades a database's live account only, and one database per exchange account: each trial's database is
deleted before the next), feeds it a steady climb of candles stamped up to now (no signal), waits until they have
passed, then writes one breakout candle and times how long until gen-sim sees the order request for it (gen-sim
--trace-orders stamps the arrival). Prints median, p90, p99.

    swift build -c release && Benchmarks/latency.py [trials]
"""
import json, os, re, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bin_dir = os.path.join(root, ".build", "release")
trials = int(sys.argv[1]) if len(sys.argv) > 1 else 50
work = tempfile.mkdtemp(prefix="genesis-latency-")
env = dict(os.environ, GENESIS_HOME=os.path.join(work, "home"), GENESIS_SIM_API_KEY="bench", GENESIS_SIM_API_SECRET="bench-secret")

sim = subprocess.Popen([os.path.join(bin_dir, "gen-sim"), "--port", "0", "--tick-ms", "0", "--trace-orders", "--price", "BTCUSDT=120"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
base = sim.stdout.readline().strip().split("listening on ")[1]
def candle(i, close, high, low, volume, start):
    open_time = start + i * 60_000
    return json.dumps({"v": 1, "type": "candle", "ts": open_time + 60_000, "symbol": "BTCUSDT", "interval": "1m", "open_time": open_time,
                       "open": f"{close - 0.1:.2f}", "high": f"{high:.2f}", "low": f"{low:.2f}", "close": f"{close:.2f}", "volume": f"{volume}"}, separators=(",", ":"))

top = 100 + 39 * 0.5 + 0.3

latencies = []
for trial in range(trials):
    db = os.path.join(work, f"g-{trial}.db")
    trial_env = dict(env, GENESIS_DB=db)
    subprocess.run([os.path.join(bin_dir, "gen-risk"), "account", "init", "--balance", "500"], env=trial_env, check=True, capture_output=True)
    # The breakout candle closes now: the live account trades on the exchange's clock.
    start = (time.time_ns() // 1_000_000) - 41 * 60_000
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
    arrival = None
    while arrival is None:
        line = sim.stderr.readline()
        match = re.match(r"order (\S+) arrived (\d+)", line)
        if match:
            arrival = int(match.group(2))
    pipeline.stdin.close()
    pipeline.wait()
    latencies.append((arrival - start_ns) / 1e6)
    for suffix in ("", "-wal", "-shm", ".head"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)

sim.terminate()
latencies.sort()
def pct(p): return latencies[min(len(latencies) - 1, int(round(p / 100 * (len(latencies) - 1))))]
print(f"market event into gen-signal -> order request at gen-sim, {len(latencies)} trials (ms)")
print(f"median {pct(50):.2f}   p90 {pct(90):.2f}   p99 {pct(99):.2f}   min {latencies[0]:.2f}   max {latencies[-1]:.2f}")
print("budget (DESIGN §9): 50 ms for market orders")
