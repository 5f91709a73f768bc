import Foundation

/// Pearson's ρ of the last `capacity` pairs (a, b), with running sums over a
/// ring rebuilt once per lap (constant amortised work per pair).
public struct RollingCorrelation: Sendable {
    public let capacity: Int
    private var values: [(a: Double, b: Double)]
    private var head = 0
    public private(set) var count = 0
    private var sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0, sab = 0.0

    public init(capacity: Int) {
        precondition(capacity >= 2)
        self.capacity = capacity
        values = Array(repeating: (0, 0), count: capacity)
    }

    public var isFull: Bool { count == capacity }

    public mutating func append(_ a: Double, _ b: Double) {
        if count == capacity {
            let old = values[head]
            sa -= old.a; sb -= old.b; saa -= old.a * old.a; sbb -= old.b * old.b; sab -= old.a * old.b
        }
        values[head] = (a, b)
        sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b
        head = (head + 1) % capacity
        count = min(count + 1, capacity)
        if head == 0 {
            sa = 0; sb = 0; saa = 0; sbb = 0; sab = 0
            for (a, b) in values[0..<count] { sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b }
        }
    }

    /// ρ over the window; nil until full or when either side is flat.
    public var rho: Double? {
        guard isFull else { return nil }
        let n = Double(count)
        let va = saa - sa * sa / n, vb = sbb - sb * sb / n, c = sab - sa * sb / n
        guard va > 0, vb > 0 else { return nil }
        return max(-1, min(1, c / (va * vb).squareRoot()))
    }
}

/// The cross-pair check of DESIGN §7's PANIC ("with a correlation spike across
/// pairs"), for the symbols of one interval (at most `maxSymbols`).
///
/// - Each symbol's log return close/previous close is paired with every
///   other symbol's return of the same close time, as soon as both are in;
///   each pair keeps ρ over its last `window` shared returns
///   (`RollingCorrelation`).
/// - The average pairwise correlation is the mean ρ of the pairs with a full
///   window (a running sum over pairs: O(symbols) per candle).
/// - Baseline: the average as it stood when each bar time began (sampled on
///   the first candle of a new close time), over the last `baseline` bar times.
/// - A spike: average ≥ `spikeLevel`, or, with a full baseline, average −
///   baseline mean ≥ `spikeRise`. In a crash everything falls together and
///   correlations jump towards 1; a market already moving as one (ρ near the
///   level every day) needs the level alone.
public final class CrossCorrelation {
    struct Follow {
        var close: Double
        var time: Timestamp
        var lastReturn: Double?
        var returnTime: Timestamp?
    }

    public let settings: GenesisConfig.CrossCorrelation
    public let level: Double
    public let rise: Double
    private var symbols: [String] = []
    private var followed: [String: Follow] = [:]
    private var pairs: [String: RollingCorrelation] = [:]
    private var rhos: [String: Double] = [:]
    private var rhoSum = 0.0
    private var baseline: RollingWindow
    private var sampledAt: Timestamp?

    public init(settings: GenesisConfig.CrossCorrelation) {
        self.settings = settings
        level = settings.spikeLevel.value.approximateDouble
        rise = settings.spikeRise.value.approximateDouble
        baseline = RollingWindow(capacity: max(settings.baseline, 1))
    }

    /// The mean ρ over the pairs with a full window; nil when none has one.
    public var average: Double? { rhos.isEmpty ? nil : rhoSum / Double(rhos.count) }

    /// The baseline's mean, once it is full.
    public var baselineMean: Double? { baseline.isFull ? baseline.mean : nil }

    /// Whether the average correlation is spiking now; nil when there is no average.
    public var spike: Bool? {
        guard let average else { return nil }
        if average >= level { return true }
        if let baselineMean { return average - baselineMean >= rise }
        return false
    }

    public func update(symbol: String, ts: Timestamp, close: Double) {
        if sampledAt.map({ ts > $0 }) ?? true {
            if let average { baseline.append(average) }
            sampledAt = ts
        }
        guard close > 0 else { return }
        guard var follow = followed[symbol] else {
            guard symbols.count < settings.maxSymbols else { return }
            symbols.append(symbol)
            followed[symbol] = Follow(close: close, time: ts)
            return
        }
        guard ts > follow.time else { return }
        let value = log(close / follow.close)
        follow.close = close
        follow.time = ts
        follow.lastReturn = value
        follow.returnTime = ts
        followed[symbol] = follow
        for other in symbols where other != symbol {
            guard let partner = followed[other], partner.returnTime == ts, let theirs = partner.lastReturn else { continue }
            let (key, a, b) = symbol < other ? (symbol + "|" + other, value, theirs) : (other + "|" + symbol, theirs, value)
            var window = pairs[key] ?? RollingCorrelation(capacity: max(settings.window, 2))
            window.append(a, b)
            pairs[key] = window
            if let old = rhos[key] { rhoSum -= old }
            rhos[key] = window.rho
            if let new = window.rho { rhoSum += new }
        }
    }
}
