import Foundation

/// STRATEGIST statistical pairs arbitrage (DESIGN §7) on two symbols' closes
/// (one instance per configured pair and interval).
///
/// A joint observation is made when both symbols have a candle with the same
/// close time: x = ln(first close), y = ln(second close). Over the last
/// `lookback` of them (`PairStatistics`, running sums over a ring):
/// - ρ: correlation of the log returns; the pair trades only at ρ ≥ `minimumCorrelation`;
/// - β, α: rolling OLS of y on x (the hedge ratio), spread e = y − α − β·x;
/// - z = e / σ(e) for the newest observation (the residuals' window mean is 0);
/// - cointegration, as a practical check rather than a formal test: the
///   spread's AR(1) coefficient φ must be below 1 with a half-life
///   ln ½ / ln φ of at most `maximumHalfLifeBars`. That is the quantity an
///   Engle–Granger/ADF test examines (φ − 1 < 0), read as a trading
///   requirement — the spread must come back well within the window — since
///   the test's critical values need tables and a standard error the
///   running sums do not give cheaply.
///
/// Spot cannot short, so each entry trades only its long leg:
/// - z ≥ `entryZScore` (second rich against first): BUY the first symbol;
///   z ≤ −`entryZScore`: BUY the second; only while |z| < `stopZScore`, with
///   the correlation and cointegration checks passing, and with no leg held.
///   The BUY carries a price stop `stopFraction` below the close (gen-risk
///   needs one) and no target: the exit is by z.
/// - While a leg is held: SELL it when |z| ≥ `stopZScore` (the stop: the
///   spread ran further away; no new entry until |z| has come back below the
///   entry level), or when |z| ≤ `exitZScore` or z has crossed zero (the exit).
///
/// What the strategy holds is what it asked for, not the account's fills.
public final class PairsArbitrage {
    public static let name = "pairs_arbitrage"

    public enum Kind: String, Sendable, Equatable {
        case entry, exit, stop
    }

    public struct Trigger: Sendable, Equatable {
        public var kind: Kind
        public var side: Side
        public var symbol: String
        public var close: Decimal
        public var openTime: Timestamp
        public var reading: PairStatistics.Reading
    }

    public let settings: GenesisConfig.PairsArbitrage
    public let pair: GenesisConfig.SymbolPair
    public let interval: String
    public let minimumCorrelation, maximumHalfLife, entry, exit, stop: Double
    public private(set) var statistics: PairStatistics
    /// The latest candle of each leg: close time, exact close, open time.
    private var latest: [(ts: Timestamp, close: Decimal, openTime: Timestamp)?] = [nil, nil]
    /// The leg held (0 first, 1 second) and the sign of z at entry.
    public private(set) var holding: (leg: Int, sign: Double)?
    private var armed = true

    public init(settings: GenesisConfig.PairsArbitrage, pair: GenesisConfig.SymbolPair, interval: String) {
        self.settings = settings
        self.pair = pair
        self.interval = interval
        minimumCorrelation = settings.minimumCorrelation.value.approximateDouble
        maximumHalfLife = settings.maximumHalfLifeBars.value.approximateDouble
        entry = settings.entryZScore.value.approximateDouble
        exit = settings.exitZScore.value.approximateDouble
        stop = settings.stopZScore.value.approximateDouble
        statistics = PairStatistics(capacity: max(settings.lookback, 3))
    }

    /// Feeds one candle of either leg; returns a trigger when the joint
    /// observation it completes opens or closes a trade.
    public func update(symbol: String, openTime: Timestamp, ts: Timestamp, close: Decimal) -> Trigger? {
        let side: Int? = symbol == pair.first ? 0 : symbol == pair.second ? 1 : nil
        guard let leg = side else { return nil }
        latest[leg] = (ts, close, openTime)
        guard let first = latest[0], let second = latest[1], first.ts == ts, second.ts == ts else { return nil }
        let a = first.close.approximateDouble, b = second.close.approximateDouble
        guard a > 0, b > 0 else { return nil }
        statistics.append(x: log(a), y: log(b))
        guard let reading = statistics.reading else { return nil }
        let z = reading.zScore
        let legs = [first, second]
        func trigger(_ kind: Kind, _ side: Side, _ leg: Int) -> Trigger {
            Trigger(kind: kind, side: side, symbol: leg == 0 ? pair.first : pair.second, close: legs[leg].close, openTime: legs[leg].openTime, reading: reading)
        }
        if let held = holding {
            if abs(z) >= stop {
                holding = nil
                armed = false
                return trigger(.stop, .sell, held.leg)
            }
            if abs(z) <= exit || z * held.sign < 0 {
                holding = nil
                return trigger(.exit, .sell, held.leg)
            }
            return nil
        }
        if abs(z) < entry { armed = true }
        guard armed, abs(z) >= entry, abs(z) < stop, let rho = reading.correlation, rho >= minimumCorrelation,
              reading.autoregression < 1, reading.halfLife <= maximumHalfLife else { return nil }
        let cheap = z > 0 ? 0 : 1
        holding = (cheap, z > 0 ? 1 : -1)
        return trigger(.entry, .buy, cheap)
    }

    public func signal(for trigger: Trigger, ts: Timestamp) -> Signal {
        let id = "\(Self.name):\(trigger.symbol):\(interval):\(trigger.openTime.milliseconds):\(trigger.side.rawValue)"
        let r = trigger.reading
        let f = { (value: Double, places: Int) in String(format: "%.\(places)f", value) }
        let statistics = "beta \(f(r.beta, 4)), rho \(r.correlation.map { f($0, 2) } ?? "n/a"), half-life \(f(r.halfLife, 1)) bars"
        let pairName = "\(pair.second)/\(pair.first)"
        let reason: String
        var stop: Decimal?
        switch trigger.kind {
        case .entry:
            let rich = trigger.symbol == pair.first ? pair.second : pair.first
            reason = "spread z-score \(f(r.zScore, 2)) beyond +/-\(f(entry, 2)) on \(pairName): \(trigger.symbol) cheap against \(rich); \(statistics)"
            stop = (trigger.close * (1 - settings.stopFraction.value)).rounded(scale: 8, .plain)
            if let value = stop, value <= 0 { stop = nil }
        case .exit:
            reason = "spread z-score \(f(r.zScore, 2)) back within +/-\(f(exit, 2)) (or across zero) on \(pairName); \(statistics)"
        case .stop:
            reason = "spread z-score \(f(r.zScore, 2)) reached the +/-\(f(self.stop, 2)) stop on \(pairName); \(statistics)"
        }
        return Signal(id: id, ts: ts, strategy: Self.name, symbol: trigger.symbol, side: trigger.side, price: trigger.close, stop: stop, target: nil, reason: reason, interval: interval)
    }
}
