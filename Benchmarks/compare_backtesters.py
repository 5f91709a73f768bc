#!/usr/bin/env python3
"""One open-source backtester running GENESIS's momentum breakout (DESIGN §7)
over kline files, timed. Called by Benchmarks/compare.sh once per engine, each
in a fresh interpreter, so one engine's imports and JIT caches never help
another. Prints one JSON object on stdout; progress goes to stderr.

    compare_backtesters.py ENGINE FILE...     ENGINE: backtesting | vectorbt | backtrader
    compare_backtesters.py table RESULT.json...   (the table compare.sh prints; standard library only)

The strategy, as gen-signal's MomentumBreakout and gen-exec's paper venue do it
(Sources/GenesisDomain/Signal/MomentumBreakout.swift, DirectionalMovement.swift,
Sources/GenesisDomain/Execution/PaperVenue.swift), with the defaults of
Sources/GenesisDomain/Config/GenesisConfig.swift:

- a BUY on the bar where, for the first time in a row, the close is above the
  previous 20 bars' highest high by more than 2%, the volume is at least 1.5x
  the previous 20 bars' mean volume, Wilder's ADX(14) >= 25 and +DI > -DI;
- its stop is 2 ATR(14) (Wilder) below that close, its target 2x the stop
  distance above it (absolute levels, fixed at the signal);
- a SELL (the mirror breakdown: close below the previous 20-bar low by 2%,
  -DI > +DI) closes an open long; spot cannot short;
- orders fill at the next bar's open with 5 bps adverse slippage and a 0.1%
  fee; stop and target are checked from the fill bar on, the stop first when a
  bar crosses both; a gap through either fills at the open;
- one position at a time; a BUY while long is ignored.

GENESIS's risk layer (sizing, market state, daily loss, drawdown, tilt) has no
counterpart here: the engines take every signal. Position size does not change
which signals trade, so each engine sizes the way it is easiest for it.
"""
import json
import os
import sys
import time

T_START = time.perf_counter()

LOOKBACK = 20
# compare.sh --breakout passes another breakout fraction to every engine (GENESIS via its configuration)
BREAKOUT = float(os.environ.get("COMPARE_BREAKOUT", "0.02"))
VOLUME_MULTIPLE = 1.5
ADX_PERIOD = 14
ADX_THRESHOLD = 25.0
STOP_ATRS = 2.0
TARGET_MULTIPLE = 2.0
FEE = 0.001
SLIPPAGE = 0.0005


def log(message):
    print(f"[{sys.argv[1] if len(sys.argv) > 1 else '?'}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- data

def load(files):
    """Kline files (Binance .zip/.csv, 12 columns headerless, ms or µs times;
    or plain time,open,high,low,close,volume with an optional header) into one
    pandas frame indexed by open time, sorted, duplicates dropped."""
    import pandas as pd
    frames = []
    for path in files:
        head = pd.read_csv(path, header=None, nrows=1, dtype=str)
        first = str(head.iloc[0, 0])
        has_header = not first.lstrip("-").replace(".", "").isdigit() and not ("-" in first and ":" in first)
        frame = pd.read_csv(path, header=None, skiprows=1 if has_header else 0, usecols=range(6),
                            names=["time", "Open", "High", "Low", "Close", "Volume"])
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True)
    if pd.api.types.is_numeric_dtype(frame["time"]):
        t = frame["time"].astype("int64")
        # seconds, milliseconds, microseconds or nanoseconds, by size (as KlineCSV does)
        ms = t.where(t >= 100_000_000_000, t * 1000)
        ms = ms.where(ms < 100_000_000_000_000, ms // 1000)
        ms = ms.where(ms < 100_000_000_000_000_000, ms // 1000)
        frame.index = pd.to_datetime(ms, unit="ms")
    else:
        frame.index = pd.to_datetime(frame["time"], utc=True).dt.tz_localize(None)
    frame = frame.drop(columns="time")
    frame = frame[~frame.index.duplicated()].sort_index()
    frame.index.name = None
    return frame


# --------------------------------------------------------------------------- indicators (numpy/pandas)

def _rma(values, start, period):
    """Wilder's smoothing of values[start:], seeded at start+period-1 by the
    mean of the first `period` values; NaN before (as DirectionalMovement)."""
    import numpy as np
    import pandas as pd
    out = np.full(len(values), np.nan)
    seed_at = start + period - 1
    if seed_at >= len(values):
        return out
    series = values[seed_at:].copy()
    series[0] = values[start:seed_at + 1].mean()
    out[seed_at:] = pd.Series(series).ewm(alpha=1.0 / period, adjust=False).mean().to_numpy()
    return out


def momentum_signals(high, low, close, volume):
    """BUY and SELL signal arrays plus the BUY's stop and target, vectorised
    with numpy/pandas but bar for bar the arithmetic of MomentumBreakout."""
    import numpy as np
    import pandas as pd
    high = np.asarray(high, dtype=float)
    low = np.asarray(low, dtype=float)
    close = np.asarray(close, dtype=float)
    volume = np.asarray(volume, dtype=float)
    n = ADX_PERIOD
    size = len(close)
    tr = np.full(size, np.nan)
    plus_dm = np.zeros(size)
    minus_dm = np.zeros(size)
    tr[1:] = np.maximum(high[1:] - low[1:], np.maximum(np.abs(high[1:] - close[:-1]), np.abs(low[1:] - close[:-1])))
    up = high[1:] - high[:-1]
    down = low[:-1] - low[1:]
    plus_dm[1:] = np.where((up > down) & (up > 0), up, 0.0)
    minus_dm[1:] = np.where((down > up) & (down > 0), down, 0.0)
    atr = _rma(tr, 1, n)
    plus_s = _rma(plus_dm, 1, n)
    minus_s = _rma(minus_dm, 1, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        plus_di = np.where(atr > 0, 100 * plus_s / atr, 0.0)
        minus_di = np.where(atr > 0, 100 * minus_s / atr, 0.0)
        dx = np.where(plus_di + minus_di > 0, 100 * np.abs(plus_di - minus_di) / (plus_di + minus_di), 0.0)
    dx[np.isnan(atr)] = np.nan
    adx = _rma(dx, n, n)

    previous_high = pd.Series(high).rolling(LOOKBACK).max().shift(1).to_numpy()
    previous_low = pd.Series(low).rolling(LOOKBACK).min().shift(1).to_numpy()
    average_volume = pd.Series(volume).rolling(LOOKBACK).mean().shift(1).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        volume_ratio = np.where(average_volume > 0, volume / average_volume, 0.0)
    strong = (volume_ratio >= VOLUME_MULTIPLE) & (adx >= ADX_THRESHOLD) & ~np.isnan(previous_high)
    long = strong & (plus_di > minus_di) & (close > previous_high * (1 + BREAKOUT))
    short = strong & (minus_di > plus_di) & (close < previous_low * (1 - BREAKOUT))
    buy = long & ~np.concatenate(([False], long[:-1]))
    sell = short & ~np.concatenate(([False], short[:-1]))
    distance = atr * STOP_ATRS
    buy &= (distance > 0) & (distance < close)
    stop = np.where(buy, close - distance, np.nan)
    target = np.where(buy, close + distance * TARGET_MULTIPLE, np.nan)
    return buy, sell, stop, target


# --------------------------------------------------------------------------- engines

def run_backtesting(frame):
    """backtesting.py: an event loop in Python over precomputed indicators
    (its idiom: self.I wraps a vectorised function)."""
    import warnings
    import numpy as np
    from backtesting import Backtest, Strategy

    class MomentumBreakout(Strategy):
        def init(self):
            d = self.data
            # rows: buy, sell, stop, target; during next() each row ends at the current bar
            # (stop and target are 0, not NaN, off the BUY bars: backtesting.py starts
            # trading only where every indicator is defined)
            self.momentum = self.I(lambda *a: np.nan_to_num(np.array(momentum_signals(*a), dtype=float), nan=0.0),
                                   d.High, d.Low, d.Close, d.Volume, plot=False, name="momentum")

        def next(self):
            m = self.momentum
            if self.position:
                if m[1][-1]:
                    self.position.close()
            elif m[0][-1] and not self.orders:
                self.buy(size=0.5, sl=m[2][-1], tp=m[3][-1])

    # Whole units only in backtesting.py: a large cash keeps BTC sizes whole
    # without rescaling prices (which would move the 2% comparisons).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bt = Backtest(frame, MomentumBreakout, cash=100_000_000, commission=FEE, spread=SLIPPAGE,
                      finalize_trades=True)
        stats = bt.run()
    trades = stats["_trades"]
    momentum = np.asarray(stats._strategy.momentum)
    return {"trades": int(len(trades)), "signals_buy": int(np.nansum(momentum[0])),
            "signals_sell": int(np.nansum(momentum[1])),
            "exits": {"stop": int((trades["ExitPrice"] <= trades["SL"] * (1 + 1e-12)).sum()),
                      "target": int((trades["ExitPrice"] >= trades["TP"] * (1 - 1e-12)).sum())},
            "return_pct": float(stats["Return [%]"])}


def run_vectorbt(frame):
    """vectorbt: signal arrays into Portfolio.from_signals (numba). A signal
    row trades at the next row's open (price = open shifted back one row), so
    the stop check starts on the fill bar as on the paper venue."""
    import numpy as np
    import vectorbt as vbt
    buy, sell, stop, target = momentum_signals(frame.High.values, frame.Low.values, frame.Close.values, frame.Volume.values)
    next_open = np.append(frame.Open.values[1:], np.nan)
    buy[-1] = sell[-1] = False
    next_open[-1] = frame.Close.values[-1]
    fill = next_open * (1 + SLIPPAGE)
    with np.errstate(invalid="ignore"):
        sl_stop = np.where(buy, np.clip((fill - stop) / fill, 0.0, None), np.nan)
        tp_stop = np.where(buy, np.clip((target - fill) / fill, 0.0, None), np.nan)
    pf = vbt.Portfolio.from_signals(
        frame.Close, entries=buy, exits=sell, price=next_open,
        open=frame.Open, high=frame.High, low=frame.Low,
        sl_stop=sl_stop, tp_stop=tp_stop, stop_entry_price="fillprice", stop_exit_price="stopmarket",
        size=0.5, size_type="percent", fees=FEE, slippage=SLIPPAGE, init_cash=500.0, freq="1min")
    trades = pf.trades
    records = pf.orders.records
    return {"trades": int(trades.count()), "signals_buy": int(buy.sum()), "signals_sell": int(sell.sum()),
            "orders": int(len(records)), "return_pct": float(pf.total_return() * 100)}


def run_backtrader(frame):
    """backtrader: event-driven, its own Wilder ADX/DI/ATR indicators, a
    bracket (market entry, stop, limit target) per BUY, a market close per SELL."""
    import backtrader as bt

    class MomentumBreakout(bt.Strategy):
        def __init__(self):
            self.dmi = bt.indicators.DirectionalMovementIndex(self.data, period=ADX_PERIOD)
            self.atr = bt.indicators.AverageTrueRange(self.data, period=ADX_PERIOD)
            self.previous_high = bt.indicators.Highest(self.data.high(-1), period=LOOKBACK)
            self.previous_low = bt.indicators.Lowest(self.data.low(-1), period=LOOKBACK)
            self.average_volume = bt.indicators.SimpleMovingAverage(self.data.volume(-1), period=LOOKBACK)
            self.was_long = self.was_short = False
            self.bracket = []
            self.entries = self.signals_buy = self.signals_sell = 0
            self.exits = {"stop": 0, "target": 0, "signal": 0}

        def notify_order(self, order):
            if order.status != order.Completed:
                return
            if order.isbuy():
                self.entries += 1
            elif self.bracket and order.ref == self.bracket[1].ref:
                self.exits["stop"] += 1
            elif self.bracket and order.ref == self.bracket[2].ref:
                self.exits["target"] += 1
            else:
                self.exits["signal"] += 1

        def next(self):
            d = self.data
            close = d.close[0]
            average = self.average_volume[0]
            ratio = d.volume[0] / average if average > 0 else 0.0
            adx, plus, minus = self.dmi.adx[0], self.dmi.plusDI[0], self.dmi.minusDI[0]
            strong = ratio >= VOLUME_MULTIPLE and adx >= ADX_THRESHOLD
            long = strong and plus > minus and close > self.previous_high[0] * (1 + BREAKOUT)
            short = strong and minus > plus and close < self.previous_low[0] * (1 - BREAKOUT)
            buy, sell = long and not self.was_long, short and not self.was_short
            self.was_long, self.was_short = long, short
            self.signals_buy += buy
            self.signals_sell += sell
            if self.position:
                if sell:
                    for child in self.bracket[1:]:
                        self.cancel(child)
                    self.close()
            elif buy and not any(o.alive() for o in self.bracket):
                distance = self.atr[0] * STOP_ATRS
                if 0 < distance < close:
                    size = 0.5 * self.broker.getvalue() / close
                    self.bracket = self.buy_bracket(size=size, exectype=bt.Order.Market,
                                                    stopprice=close - distance, limitprice=close + distance * TARGET_MULTIPLE)

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.PandasData(dataname=frame, openinterest=None))
    cerebro.addstrategy(MomentumBreakout)
    cerebro.broker.setcash(100_000_000)
    cerebro.broker.setcommission(commission=FEE)
    cerebro.broker.set_slippage_perc(SLIPPAGE)
    strategy = cerebro.run()[0]
    return {"trades": strategy.entries, "signals_buy": strategy.signals_buy, "signals_sell": strategy.signals_sell,
            "exits": strategy.exits, "return_pct": (cerebro.broker.getvalue() / 100_000_000 - 1) * 100}


ENGINES = {"backtesting": ("backtesting", run_backtesting),
           "vectorbt": ("vectorbt", run_vectorbt),
           "backtrader": ("backtrader", run_backtrader)}


def table(paths):
    """The figures of compare.sh: one JSON file per engine, GENESIS first."""
    rows = [json.load(open(path)) for path in paths]
    genesis = next((r for r in rows if r["engine"] == "GENESIS"), None)

    def rate(row, key):
        return row["candles"] / row[key] if row[key] > 0 else float("inf")

    for row in list(rows):
        if "warm_run_s" in row:
            rows.append(dict(row, engine=row["engine"] + " (warm re-run)", warm=True,
                             run_s=row["warm_run_s"], trades=row["warm_trades"]))
    header = ("engine", "version", "candles", "setup s", "load s", "run s", "total s", "candles/s run", "candles/s total",
              "run vs GENESIS", "total vs GENESIS", "trades", "BUY sig", "SELL sig")
    lines = []
    for row in rows:
        ratio_run = f"{rate(row, 'run_s') / rate(genesis, 'run_s'):.3f}x" if genesis else "-"
        ratio_total = f"{rate(row, 'total_s') / rate(genesis, 'total_s'):.3f}x" if genesis else "-"
        warm = row.get("warm", False)  # a second run in the same process: no setup, load or total of its own
        lines.append((row["engine"], str(row.get("version", "")), str(row["candles"]),
                      "-" if warm else f"{row['setup_s']:.2f}", "-" if warm else f"{row['load_s']:.2f}", f"{row['run_s']:.2f}",
                      "-" if warm else f"{row['total_s']:.2f}", f"{rate(row, 'run_s'):,.0f}",
                      "-" if warm else f"{rate(row, 'total_s'):,.0f}", ratio_run, "-" if warm else ratio_total,
                      str(row["trades"]), str(row.get("signals_buy", "")), str(row.get("signals_sell", ""))))
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    for line in (header, *lines):
        print("  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths))))
    print()
    print("setup = interpreter start and imports; load = CSV/zip parse (GENESIS: gen-fetch import into SQLite);")
    print("run = strategy and fills to a result (GENESIS: replay | signal | risk | exec --venue paper);")
    print("total = wall clock of the whole process(es); 'vs GENESIS' = engine candles/s / GENESIS candles/s (>1 is faster).")
    print("trades = entries filled; BUY/SELL sig = momentum breakout signals (the same strategy gives the same counts).")
    if genesis:
        print(f"GENESIS refusals of BUY signals, by rule: {genesis.get('rejections') or 'none'}")
        print(f"GENESIS exits: {genesis.get('exit_reasons') or 'none'}")
    for row in rows:
        if "exits" in row:
            print(f"{row['engine']} exits: " + ", ".join(f"{k} {v}" for k, v in row["exits"].items()))


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "table":
        table(sys.argv[2:])
        return
    if len(sys.argv) < 3 or sys.argv[1] not in ENGINES:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    engine, files = sys.argv[1], sys.argv[2:]
    module, run = ENGINES[engine]
    t0 = time.perf_counter()
    imported = __import__(module)
    import pandas  # noqa: F401  (counted in import time)
    t1 = time.perf_counter()
    log(f"imported {module} {getattr(imported, '__version__', '?')} in {t1 - t0:.2f}s; loading {len(files)} file(s)")
    frame = load(files)
    t2 = time.perf_counter()
    log(f"loaded {len(frame)} candles in {t2 - t1:.2f}s; running")
    result = run(frame)
    t3 = time.perf_counter()
    log(f"ran in {t3 - t2:.2f}s: {result['trades']} trades")
    out = {"engine": engine, "version": getattr(imported, "__version__", "?"), "candles": len(frame),
           "startup_s": t0 - T_START, "import_s": t1 - t0, "load_s": t2 - t1, "run_s": t3 - t2}
    out.update(result)
    if os.environ.get("COMPARE_WARM_RERUN") == "1":
        # Second run in the same interpreter: JIT compiled, caches warm.
        result2 = run(frame)
        out["warm_run_s"] = time.perf_counter() - t3
        out["warm_trades"] = result2["trades"]
        log(f"warm re-run in {out['warm_run_s']:.2f}s")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
