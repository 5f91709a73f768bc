"""The most a BTCUSDT-ETHBTC-ETHUSDT triangle ever stood out of line, from
Binance's kline archives (hourly BTCUSDT and ETHUSDT, 15-minute ETHBTC).

Triangular arbitrage acts on three books at once, which no kline archive
holds; the closes of the three at the same instant (every hour on the hour,
exact decimals) bound what the strategy could have seen there:
|ETHUSDT / (BTCUSDT x ETHBTC) - 1|. Prints one JSON object.

    python3 scripts/lib/triangle.py DATA/binance-spot-klines-multi
"""
import io
import json
import os
import sys
import zipfile
from decimal import Decimal


def closes(folder, symbol, interval):
    """Close price by close instant (seconds), over every archive of the symbol."""
    out = {}
    for name in sorted(os.listdir(folder)):
        if not (name.startswith(f"{symbol}-{interval}-") and name.endswith(".zip")):
            continue
        with zipfile.ZipFile(os.path.join(folder, name)) as archive:
            for line in io.TextIOWrapper(archive.open(archive.namelist()[0])):
                fields = line.split(",")
                close_time = int(fields[6])
                if close_time > 10**14:  # microseconds (Binance's files from 2025)
                    close_time //= 1000
                out[(close_time + 1) // 1000] = Decimal(fields[4])
    return out


def main():
    folder = sys.argv[1]
    bridge, direct, cross = closes(folder, "BTCUSDT", "1h"), closes(folder, "ETHUSDT", "1h"), closes(folder, "ETHBTC", "15m")
    gaps = sorted(abs(direct[t] / (bridge[t] * cross[t]) - 1) for t in bridge if t in direct and t in cross)
    if not gaps:
        sys.exit("triangle.py: no instant where all three closes exist")
    # Edge after three taker fees (0.1% each) must exceed 0.3% (strategies.simpleArbitrage).
    needed = Decimal("0.006")
    bps = lambda gap: float(round(gap * 10_000, 2))
    print(json.dumps({
        "instants": len(gaps),
        "median_bps": bps(gaps[len(gaps) // 2]),
        "p99_bps": bps(gaps[int(len(gaps) * 0.99)]),
        "max_bps": bps(gaps[-1]),
        "needed_bps": bps(needed),
        "opportunities": sum(1 for gap in gaps if gap > needed),
    }))


if __name__ == "__main__":
    main()
