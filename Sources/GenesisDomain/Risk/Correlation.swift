import Foundation

/// Correlation of recent returns (DESIGN §3.4): Pearson's ρ of the candle-to-
/// candle returns two symbols share. Statistics, not money: `Double`.
///
/// The window, the interval, the return type and the least number of shared
/// returns are configuration (`risk.correlation*`, `Settings`), because at
/// the edge they decide the outcome: the same candles can give ρ 0.7010 on
/// log returns and 0.6998 on simple returns, one refused and one not.
public enum Correlation {
    /// How a candle-to-candle return is measured.
    public enum Returns: String, Codable, Sendable, CaseIterable {
        /// ln(close₁ / close₀): symmetric, adds up over time (the default).
        case log
        /// close₁ / close₀ − 1: the percentage change a trader reads.
        case simple

        /// A value the configuration cannot hold is named with what it may be.
        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let value = Returns(rawValue: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not allowed; use \(AllowedRange.oneOf(Returns.allCases.map(\.rawValue)).text)")
            }
            self = value
        }

        /// The return from `previous` to `next` (both closes above 0).
        public func of(_ previous: Double, _ next: Double) -> Double {
            switch self {
            case .log: Foundation.log(next / previous)
            case .simple: next / previous - 1
            }
        }
    }

    /// The window ρ is measured over, from `risk.correlation*` (DESIGN §3.4).
    public struct Settings: Sendable, Equatable {
        /// Returns in the window: the `window + 1` latest closed candles of
        /// each symbol, at the times both have.
        public var window: Int
        /// The interval tried first, then `fallback` in order; the first
        /// that gives `minimumReturns` shared returns is used.
        public var interval: String
        public var fallback: [String]
        /// Fewer shared returns than this say nothing reliable: the pair is
        /// left out, and no rule acts on it.
        public var minimumReturns: Int
        public var returns: Returns

        public init(window: Int = 100, interval: String = "1h", fallback: [String] = ["15m", "5m", "1m", "4h", "1d"],
                    minimumReturns: Int = 20, returns: Returns = .log) {
            self.window = window
            self.interval = interval
            self.fallback = fallback
            self.minimumReturns = minimumReturns
            self.returns = returns
        }

        public init(_ risk: GenesisConfig.Risk) {
            self.init(window: risk.correlationWindow, interval: risk.correlationInterval, fallback: risk.correlationFallbackIntervals,
                      minimumReturns: risk.correlationMinimumReturns, returns: risk.correlationReturns)
        }

        /// The intervals in the order they are tried, each once.
        public var intervals: [String] {
            var seen = Set<String>()
            return ([interval] + fallback).filter { seen.insert($0).inserted }
        }
    }

    /// One ρ as measured, with what it was measured on: kept exact in
    /// `position_correlations` and shown to four places.
    public struct Measurement: Sendable, Equatable {
        public var rho: Double
        /// The interval of the candles used (the preferred one or a fallback).
        public var interval: String
        /// Shared returns ρ was computed over (at most the window).
        public var returns: Int
        public var settings: Settings

        public init(rho: Double, interval: String, returns: Int, settings: Settings) {
            self.rho = rho
            self.interval = interval
            self.returns = returns
            self.settings = settings
        }
    }

    /// ρ of the returns of two close series keyed by open time, over the
    /// times both have: each return runs from one shared time to the next,
    /// so a candle missing in either series makes both returns span the
    /// same gap. The last `window` such returns count; nil when fewer than
    /// `minimum`, or when either series is flat.
    public static func rho(_ a: [Int64: Double], _ b: [Int64: Double], returns kind: Returns = .log,
                           window: Int = Int.max, minimum: Int = Settings().minimumReturns) -> (rho: Double, returns: Int)? {
        let times = Set(a.keys).intersection(b.keys).sorted()
        var x: [Double] = [], y: [Double] = []
        for (previous, time) in zip(times, times.dropFirst()) {
            guard let a0 = a[previous], let a1 = a[time], let b0 = b[previous], let b1 = b[time], a0 > 0, a1 > 0, b0 > 0, b1 > 0 else { continue }
            x.append(kind.of(a0, a1))
            y.append(kind.of(b0, b1))
        }
        if x.count > window {
            x.removeFirst(x.count - window)
            y.removeFirst(y.count - window)
        }
        guard x.count >= max(minimum, 3), let rho = pearson(x, y) else { return nil }
        return (rho, x.count)
    }

    /// Pearson's ρ of two equally long series; nil when either is flat or too short.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 3 else { return nil }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (u, v) in zip(x, y) {
            sxy += (u - mx) * (v - my)
            sxx += (u - mx) * (u - mx)
            syy += (v - my) * (v - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    // MARK: The rule (DESIGN §3.4)

    /// What a ρ between two longs means for the risk rules.
    public enum Verdict: Sendable, Equatable {
        /// Below the alert level either way: nothing to say.
        case unrelated
        /// ρ ≤ −`correlationAlert`: one rises as the other falls. A hedge is
        /// not one bet held twice: never refused or cut, only noted.
        case hedge
        /// ρ ≥ `correlationAlert`: alert, and counted in the correlated
        /// exposure an entry is refused for.
        case together
        /// ρ ≥ `correlationForceReduce`: moving together, and the newer of
        /// two open positions is cut.
        case forceReduce

        public var movesTogether: Bool { self == .together || self == .forceReduce }
    }

    /// DESIGN §3.4's one threshold rule, read by the alert, the entry
    /// refusal and the force reduction alike: two longs move together when
    /// the SIGNED ρ is at or above the threshold. The sign matters because
    /// a long whose price falls when the other's rises (ρ near −1) offsets
    /// it; treating |ρ| as "together" would refuse or cut a hedge.
    public static func verdict(_ rho: Double, _ risk: GenesisConfig.Risk) -> Verdict {
        if rho >= threshold(risk.correlationForceReduce) { return .forceReduce }
        if rho >= threshold(risk.correlationAlert) { return .together }
        if rho <= -threshold(risk.correlationAlert) { return .hedge }
        return .unrelated
    }

    /// A configured level as the nearest double, so ρ exactly at `0.7`
    /// counts as at it (a decimal's own conversion can land a hair above).
    public static func threshold(_ level: ExactDecimal) -> Double {
        Double(level.value.plainText) ?? level.value.approximateDouble
    }

    /// What gen-risk says about a new long beside one held, by the rule
    /// (`verdict`): WARNING when they move together, CRITICAL at the
    /// force-reduction level, an INFO note for a hedge; nil otherwise.
    public static func alert(entry symbol: String, held other: String, _ measured: Measurement, _ risk: GenesisConfig.Risk) -> TierSupervision.Alert? {
        let seen = "ρ \(text(measured.rho)) over \(measured.returns) \(measured.settings.returns.rawValue) returns of \(measured.interval) candles"
        switch verdict(measured.rho, risk) {
        case .unrelated:
            return nil
        case .hedge:
            return TierSupervision.Alert(level: "INFO", code: "risk.correlation_hedge",
                                         message: "\(symbol) and \(other) have moved opposite ways lately (\(seen)): a hedge, not one bet held twice, so it is neither refused nor cut.",
                                         symbol: symbol)
        case .together:
            return TierSupervision.Alert(level: "WARNING", code: "risk.correlation",
                                         message: "\(symbol) and \(other) have moved together lately (\(seen)), at or above the alert level of \(risk.correlationAlert.value.plainText).",
                                         symbol: symbol)
        case .forceReduce:
            return TierSupervision.Alert(level: "CRITICAL", code: "risk.correlation",
                                         message: "\(symbol) and \(other) have moved together lately (\(seen)), at or above the force-reduction level of \(risk.correlationForceReduce.value.plainText): held together, part of the newer one is sold.",
                                         symbol: symbol)
        }
    }

    /// ρ to four places, as alerts and refusals show it ("0.7010",
    /// "-0.9876"); a value that rounds to zero is "0.0000", never "-0.0000".
    public static func text(_ rho: Double) -> String {
        let rounded = (rho * 10_000).rounded() / 10_000
        return String(format: "%.4f", rounded == 0 ? 0 : rounded)
    }
}


/// DESIGN §3.4: two open positions whose recent returns move together at
/// ρ ≥ `risk.correlationForceReduce` (0.95, signed: a hedge is never cut)
/// are one bet held twice. The newer one, which added the doubled exposure,
/// is cut by `risk.correlationReduceShare`, once per position.
public struct CorrelationReduction: Sendable, Equatable {
    /// The position to cut (the newer of the pair).
    public var symbol: String
    /// The older position it moves with.
    public var partner: String
    public var rho: Double

    public var alert: TierSupervision.Alert {
        TierSupervision.Alert(level: "CRITICAL", code: "risk.correlation_reduced",
                              message: "\(symbol) and \(partner) move together (ρ \(Correlation.text(rho))), one bet held twice: part of \(symbol) is sold.",
                              symbol: symbol)
    }

    public init(symbol: String, partner: String, rho: Double) {
        self.symbol = symbol
        self.partner = partner
        self.rho = rho
    }
}
