import Foundation
import GRDB

/// Correlation of recent returns (SPEC §3.4): Pearson's ρ of the candle-to-
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

extension Store {
    /// The last closes of `symbol` before `now` in the first interval stored
    /// for it (hours preferred), keyed by open time.
    func recentCloses(_ db: Database, symbol: String, now: Timestamp, interval: String) throws -> [Int64: Double] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT open_time, close FROM candles WHERE symbol = ? AND interval = ? AND open_time < ? ORDER BY open_time DESC LIMIT ?
            """, arguments: [symbol, interval, now.milliseconds, Correlation.window + 1])
        var closes: [Int64: Double] = [:]
        for row in rows { if let close = Decimal.parse(row["close"] as String) { closes[row["open_time"]] = close.approximateDouble } }
        return closes
    }

    /// ρ between `symbol` and each symbol held, from the stored candles
    /// (the interval both have, hours first); pairs without enough shared
    /// history are left out, and the rule does not act on them.
    public func correlations(of symbol: String, with held: [String], now: Timestamp) throws -> [String: Double] {
        guard !held.isEmpty else { return [:] }
        return try writer.read { db in
            var result: [String: Double] = [:]
            for other in held where other != symbol {
                for interval in ["1h", "15m", "5m", "1m", "4h", "1d"] {
                    if let rho = Correlation.rho(try recentCloses(db, symbol: symbol, now: now, interval: interval),
                                                 try recentCloses(db, symbol: other, now: now, interval: interval)) {
                        result[other] = rho
                        break
                    }
                }
            }
            return result
        }
    }
}

/// SPEC §3.4: two open positions whose recent returns move together at
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
}

extension Store {
    /// The force-reductions due now, each recorded (`risk.correlation_reduced`)
    /// in the same transaction that decides it, so a position is cut once
    /// however often, and by however many processes, this is asked.
    public func correlationReductions(session: String, config: GenesisConfig, now: Timestamp) throws -> [CorrelationReduction] {
        let positions = try openPositions(session: session).sorted { ($0.openedAt, $0.symbol) < ($1.openedAt, $1.symbol) }
        // While trading is halted nothing would be sold: the cut waits, unmarked, for trading to resume.
        guard positions.count >= 2, try tradingState().0 != .halted else { return [] }
        let threshold = config.risk.correlationForceReduce.value.approximateDouble
        var found: [CorrelationReduction] = []
        for (index, newer) in positions.enumerated().dropFirst() {
            let rhos = try correlations(of: newer.symbol, with: positions[..<index].map(\.symbol), now: now)
            guard let (partner, rho) = rhos.filter({ abs($0.value) >= threshold }).max(by: { abs($0.value) < abs($1.value) }) else { continue }
            found.append(CorrelationReduction(symbol: newer.symbol, partner: partner, rho: rho))
        }
        guard !found.isEmpty else { return [] }
        let entries = Dictionary(positions.map { ($0.symbol, $0.entryClientOrderID) }, uniquingKeysWith: { first, _ in first })
        return try writer.write { db in
            try found.filter { reduction in
                let id = "\(session)|\(entries[reduction.symbol] ?? reduction.symbol)"
                let done = try Bool.fetchOne(db, sql: "SELECT 1 FROM events WHERE aggregate_type = 'risk' AND aggregate_id = ? AND type = 'risk.correlation_reduced'",
                                             arguments: [id]) ?? false
                guard !done else { return false }
                try append(AuditEvent(type: "risk.correlation_reduced", aggregateType: "risk", aggregateID: id, occurredAt: now,
                                      payload: ["symbol": reduction.symbol, "partner": reduction.partner, "rho": String(format: "%.4f", reduction.rho),
                                                "share": config.risk.correlationReduceShare.value.plainText]), in: db)
                return true
            }
        }
    }
}
