import Foundation

/// Synthetic klines with realistic volatility regimes, for the README demo and
/// tests that must not depend on downloaded data.
///
/// Prices follow a geometric random walk whose volatility and drift switch
/// between regimes by a Markov chain (calm, trending up, trending down,
/// volatile, crash), with volatility clustering inside each regime and volume
/// that rises with the size of the move. The walk itself is a statistical
/// model in `Double`; every price it emits is rounded to the tick as an exact
/// decimal. The same seed gives the same candles (given the same C math
/// library, which every supported Linux shares).
public struct MarketGenerator {
    public struct Regime: Sendable {
        public var name: String
        /// Per-minute volatility and drift of log price.
        public var volatility: Double
        public var drift: Double
        /// Mean minutes spent in the regime before switching.
        public var meanMinutes: Double
        public var volumeFactor: Double
    }

    public static let regimes: [Regime] = [
        Regime(name: "calm", volatility: 0.0004, drift: 0, meanMinutes: 2880, volumeFactor: 0.6),
        Regime(name: "trend-up", volatility: 0.0008, drift: 0.00004, meanMinutes: 1440, volumeFactor: 1.0),
        Regime(name: "trend-down", volatility: 0.0009, drift: -0.00004, meanMinutes: 1440, volumeFactor: 1.1),
        Regime(name: "volatile", volatility: 0.0022, drift: 0, meanMinutes: 720, volumeFactor: 2.0),
        Regime(name: "crash", volatility: 0.0045, drift: -0.0004, meanMinutes: 120, volumeFactor: 4.0),
    ]

    public var symbol: String
    public var interval: Interval
    public var start: Timestamp
    public var startPrice: Double
    public var baseVolume: Double
    public var tick: Decimal
    private var random: SplitMix64
    // The walk's state carries over between calls, so batches join seamlessly.
    private var price: Double
    private var regime = 0
    private var clustering = 1.0
    private var generated = 0

    /// `tick` defaults to a price step about a millionth of the starting price
    /// (at most 0.01), so cheap coins keep meaningful prices.
    public init(symbol: String, interval: Interval, start: Timestamp, startPrice: Double, baseVolume: Double = 25, tick: Decimal? = nil, seed: UInt64) {
        self.symbol = symbol
        self.interval = interval
        self.start = start
        self.startPrice = startPrice
        self.baseVolume = baseVolume
        let exponent = max(-8, min(-2, Int(log10(startPrice).rounded(.down)) - 6))
        self.tick = tick ?? Decimal(sign: .plus, exponent: exponent, significand: 1)
        price = startPrice
        random = SplitMix64(seed: seed)
    }

    /// Generates the next `count` consecutive candles.
    public mutating func generate(count: Int) -> [KlineRow] {
        var rows: [KlineRow] = []
        rows.reserveCapacity(count)
        let minutesPerCandle = max(1, Double(interval.milliseconds) / 60_000)
        let steps = 4
        for index in 0..<count {
            let current = Self.regimes[regime]
            // Leave the regime with probability 1/meanMinutes per minute.
            if random.nextDouble() < minutesPerCandle / current.meanMinutes {
                regime = pickNext(after: regime)
            }
            let stepVolatility = current.volatility * clustering * (minutesPerCandle / Double(steps)).squareRoot()
            let open = price
            var high = open
            var low = open
            for _ in 0..<steps {
                price *= exp(current.drift * minutesPerCandle / Double(steps) + stepVolatility * random.nextGaussian())
                high = max(high, price)
                low = min(low, price)
            }
            let move = abs(log(price / open)) / max(current.volatility * minutesPerCandle.squareRoot(), 1e-9)
            clustering = min(3, max(0.5, 0.97 * clustering + 0.03 * (0.6 + 0.5 * move)))
            let volume = baseVolume * minutesPerCandle * current.volumeFactor * (0.5 + move) * exp(0.35 * random.nextGaussian())
            let openTime = start.milliseconds + Int64(generated + index) * interval.milliseconds
            let o = rounded(open), c = rounded(price)
            let h = max(rounded(high), o, c), l = min(rounded(low), o, c)
            rows.append(KlineRow(openTime: openTime, open: o.plainText, high: h.plainText, low: l.plainText, close: c.plainText,
                                 volume: Decimal(approximating: volume, scale: 5).plainText))
        }
        generated += count
        return rows
    }

    private func rounded(_ value: Double) -> Decimal {
        Decimal(approximating: value, scale: 8).rounded(toStep: tick, .plain)
    }

    private mutating func pickNext(after regime: Int) -> Int {
        // Crashes are rare and usually follow volatility; calm follows crashes.
        let weights: [Double] = switch regime {
        case 0: [0, 0.4, 0.35, 0.22, 0.03]
        case 1, 2: [0.45, 0.1, 0.1, 0.3, 0.05]
        case 3: [0.3, 0.25, 0.25, 0, 0.2]
        default: [0.2, 0.2, 0.1, 0.5, 0]
        }
        var roll = random.nextDouble() * weights.reduce(0, +)
        for (index, weight) in weights.enumerated() {
            roll -= weight
            if roll < 0 { return index }
        }
        return 0
    }
}

/// A small, fast, seedable generator (SplitMix64): identical sequences on
/// every platform, which the system generator does not promise.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func nextDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal (Box–Muller).
    public mutating func nextGaussian() -> Double {
        let u1 = max(nextDouble(), 1e-300)
        let u2 = nextDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
