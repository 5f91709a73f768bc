import Foundation
import GenesisDomain
import GRDB

extension Store {
    /// The closes of the latest `count` candles of `symbol` in `interval`
    /// that had closed by `now` (a candle still forming is not history yet:
    /// in a replay it would be the future), keyed by open time. An interval
    /// not stored is read from the finest stored one that builds it, as a
    /// replay builds it (`CandleAggregator`): a bucket's close is the close
    /// of its last finer candle, so a store of minutes still gives hours.
    func recentCloses(_ db: StoreDatabase, symbol: String, now: Timestamp, interval: Interval, count: Int) throws -> [Int64: Double] {
        guard let source = try storedSource(db, symbol: symbol, for: interval) else { return [:] }
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT open_time, close FROM candles WHERE symbol = ? AND interval = ? AND (open_time + ?) % ? = 0 AND open_time <= ?
            ORDER BY open_time DESC LIMIT ?
            """), arguments: [symbol, source.name, source.milliseconds, interval.milliseconds, now.milliseconds - source.milliseconds, count])
        var closes: [Int64: Double] = [:]
        // Parsed from the stored text, so ρ is the same whoever computes it from the same candles.
        for row in rows {
            if let close = Double(row["close"] as String) { closes[row["open_time"] + source.milliseconds - interval.milliseconds] = close }
        }
        return closes
    }

    /// `interval` itself when `symbol` has candles of it, else the finest
    /// stored interval that aggregates into it (`Store.replaySource`'s rule).
    private func storedSource(_ db: StoreDatabase, symbol: String, for interval: Interval) throws -> Interval? {
        func stored(_ candidate: Interval) throws -> Bool {
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM candles WHERE symbol = ? AND interval = ? LIMIT 1"), arguments: [symbol, candidate.name]) ?? false
        }
        if try stored(interval) { return interval }
        for (name, _) in Interval.known.sorted(by: { $0.1 < $1.1 }) {
            if let finer = Interval(name), CandleAggregator.canAggregate(finer, into: interval), try stored(finer) { return finer }
        }
        return nil
    }

    /// DESIGN §3.4: ρ between `a` and `b` at `now` from the stored candles,
    /// measured as `settings` says: the last `window` returns of the first
    /// interval (preferred, then the fallbacks in order) in which the two
    /// share at least `minimumReturns`; nil when none does, and then no rule
    /// acts on the pair.
    func correlation(_ db: StoreDatabase, _ a: String, _ b: String, now: Timestamp, settings: Correlation.Settings) throws -> Correlation.Measurement? {
        for name in settings.intervals {
            guard let interval = Interval(name) else { continue }
            let closesA = try recentCloses(db, symbol: a, now: now, interval: interval, count: settings.window + 1)
            guard closesA.count > settings.minimumReturns else { continue }
            let closesB = try recentCloses(db, symbol: b, now: now, interval: interval, count: settings.window + 1)
            if let (rho, returns) = Correlation.rho(closesA, closesB, returns: settings.returns, window: settings.window, minimum: settings.minimumReturns) {
                return Correlation.Measurement(rho: rho, interval: name, returns: returns, settings: settings)
            }
        }
        return nil
    }

    /// ρ between `symbol` and each symbol held (`correlation`); pairs
    /// without enough shared history are left out.
    public func correlations(of symbol: String, with held: [String], now: Timestamp, settings: Correlation.Settings) throws -> [String: Correlation.Measurement] {
        guard !held.isEmpty else { return [:] }
        return try read { db in
            var result: [String: Correlation.Measurement] = [:]
            for other in held where other != symbol {
                result[other] = try correlation(db, symbol, other, now: now, settings: settings)
            }
            return result
        }
    }

    /// Keeps each ρ an approved entry was judged with (`cause` 'entry',
    /// `reference` its signal): exact, with the settings it was measured on.
    func recordEntryCorrelations(_ db: StoreDatabase, _ measured: [String: Correlation.Measurement], symbol: String, session: String, signalID: String,
                                 at time: Timestamp) throws {
        for other in measured.keys.sorted() {
            try insertCorrelation(db, measured[other]!, symbol: symbol, partner: other, session: session, at: time, cause: "entry", reference: signalID)
        }
    }

    private func insertCorrelation(_ db: StoreDatabase, _ measured: Correlation.Measurement, symbol: String, partner: String, session: String,
                                   at time: Timestamp, cause: String, reference: String) throws {
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO position_correlations (session, symbol_a, symbol_b, computed_at, correlation, window_size, minimum_returns,
                                                         return_type, interval, returns_used, cause, reference)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [session, symbol, partner, time.milliseconds, measured.rho, measured.settings.window, measured.settings.minimumReturns,
                             measured.settings.returns.rawValue, measured.interval, measured.returns, cause, reference])
    }
}

extension Store {
    /// The force-reductions due now, each recorded (`risk.correlation_reduced`
    /// and its ρ in `position_correlations`) in the same transaction that
    /// decides it, so a position is cut once however often, and by however
    /// many processes, this is asked. A pair is cut only when it moves
    /// together by DESIGN §3.4's rule (`Correlation.verdict`): a hedge, ρ
    /// near −1, is never cut.
    public func correlationReductions(session: String, config: GenesisConfig, now: Timestamp) throws -> [CorrelationReduction] {
        let positions = try openPositions(session: session).sorted { ($0.openedAt, $0.symbol) < ($1.openedAt, $1.symbol) }
        // While trading is halted nothing would be sold: the cut waits, unmarked, for trading to resume.
        guard positions.count >= 2, try tradingState().0 != .halted else { return [] }
        let settings = Correlation.Settings(config.risk)
        var found: [(reduction: CorrelationReduction, measured: Correlation.Measurement)] = []
        for (index, newer) in positions.enumerated().dropFirst() {
            let measured = try correlations(of: newer.symbol, with: positions[..<index].map(\.symbol), now: now, settings: settings)
            let due = measured.filter { Correlation.verdict($0.value.rho, config.risk) == .forceReduce }
            guard let (partner, closest) = due.max(by: { ($0.value.rho, $1.key) < ($1.value.rho, $0.key) }) else { continue }
            found.append((CorrelationReduction(symbol: newer.symbol, partner: partner, rho: closest.rho), closest))
        }
        guard !found.isEmpty else { return [] }
        let entries = Dictionary(positions.map { ($0.symbol, $0.entryClientOrderID) }, uniquingKeysWith: { first, _ in first })
        return try write { db in
            try found.filter { reduction, measured in
                let entry = entries[reduction.symbol] ?? reduction.symbol
                let id = "\(session)|\(entry)"
                let done = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM events WHERE aggregate_type = 'risk' AND aggregate_id = ? AND type = 'risk.correlation_reduced'"),
                                             arguments: [id]) ?? false
                guard !done else { return false }
                try append(AuditEvent(type: "risk.correlation_reduced", aggregateType: "risk", aggregateID: id, occurredAt: now,
                                      payload: ["symbol": reduction.symbol, "partner": reduction.partner, "rho": "\(reduction.rho)",
                                                "interval": measured.interval, "returns": "\(measured.returns)",
                                                "share": config.risk.correlationReduceShare.value.plainText]), in: db)
                try insertCorrelation(db, measured, symbol: reduction.symbol, partner: reduction.partner, session: session, at: now,
                                      cause: "force_reduction", reference: entry)
                return true
            }.map(\.reduction)
        }
    }
}
