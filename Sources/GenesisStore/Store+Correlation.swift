import Foundation
import GenesisDomain
import GRDB

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
