import Foundation

/// Correlation of recent returns (DESIGN §3.4): Pearson's ρ of the candle-to-
/// candle log returns two symbols share. Statistics, not money: `Double`.
public enum Correlation {
    /// Candles of returns used: about four days of hours.
    public static let window = 100
    /// Fewer shared returns than this say nothing reliable.
    public static let minimumSamples = 20

    /// ρ of the returns of two close series keyed by open time, over the
    /// times both have (and consecutive in each); nil when too few.
    public static func rho(_ a: [Int64: Double], _ b: [Int64: Double]) -> Double? {
        let times = Set(a.keys).intersection(b.keys).sorted()
        var x: [Double] = [], y: [Double] = []
        for (previous, time) in zip(times, times.dropFirst()) {
            guard let a0 = a[previous], let a1 = a[time], let b0 = b[previous], let b1 = b[time], a0 > 0, a1 > 0, b0 > 0, b1 > 0 else { continue }
            x.append(log(a1 / a0))
            y.append(log(b1 / b0))
        }
        guard x.count >= minimumSamples else { return nil }
        return pearson(x, y)
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
}


/// DESIGN §3.4: two open positions whose recent returns move together at
/// |ρ| ≥ `risk.correlationForceReduce` (0.95) are one bet held twice. The
/// newer one, which added the doubled exposure, is cut by
/// `risk.correlationReduceShare`, once per position.
public struct CorrelationReduction: Sendable, Equatable {
    /// The position to cut (the newer of the pair).
    public var symbol: String
    /// The older position it moves with.
    public var partner: String
    public var rho: Double

    public var alert: TierSupervision.Alert {
        TierSupervision.Alert(level: "CRITICAL", code: "risk.correlation_reduced",
                              message: String(format: "%@ and %@ move together (ρ %.2f), one bet held twice: part of %@ is sold.", symbol, partner, rho, symbol),
                              symbol: symbol)
    }

    public init(symbol: String, partner: String, rho: Double) {
        self.symbol = symbol
        self.partner = partner
        self.rho = rho
    }
}
