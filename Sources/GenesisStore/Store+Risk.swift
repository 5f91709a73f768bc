import Foundation
import GRDB
import GenesisDomain

/// What the risk engine reads and writes.
extension Store {
    /// Everything the engine needs, read as one consistent snapshot at `now`
    /// (the data's clock in a replay): positions, waiting entries, the tier
    /// machine's state, the tilt standing and the recent record.
    public func riskState(session: String, config: GenesisConfig, now: Timestamp) throws -> RiskState {
        _ = try requireAccount(session: session, openingAt: now) // opens a backtest session's portfolio on first use
        return try read { db in
            guard let account = try fetchAccount(db, session: session) else { throw GenesisError.noAccount(database: path) }
            let (state, reason) = try fetchTradingState(db)
            let pending = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT symbol, quantity, COALESCE(limit_price, reference_price) AS price FROM orders
                WHERE status = 'NEW' AND purpose = 'ENTRY' AND session = ? AND parent_client_order_id IS NULL
                """), arguments: [session])
            var risk = RiskState(account: account, tradingState: state, tradingStateReason: reason,
                                 openPositions: try fetchOpenPositions(db, session: session), pendingEntries: pending.map { $0["symbol"] })
            risk.pendingNotional = pending.reduce(Decimal(0)) { total, row in
                total + (Decimal.parse(row["quantity"] as String) ?? 0) * (Decimal.parse(row["price"] as String? ?? "") ?? 0)
            }
            risk.tier = try fetchTierState(db, session: session)
            risk.tilt = try fetchTiltStanding(db, session: session, now: now)
            risk.record = try fetchTradingRecord(db, session: session, config: config, now: now)
            return risk
        }
    }

    /// The order line approved earlier for this signal, if any.
    public func approvedOrderLine(signalID: String, session: String) throws -> String? {
        try read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT order_line FROM signals WHERE session = ? AND id = ? AND decision = 'APPROVED'"), arguments: [session, signalID])
        }
    }

    /// True when gen-risk approved exactly this order (gen-exec's guard).
    public func approval(of order: OrderIntent) throws -> Judgement? {
        try read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT order_line, judged_on, judged_at, created_at FROM signals WHERE session = ? AND client_order_id = ? AND decision = 'APPROVED'
                """), arguments: [order.session, order.clientOrderID]),
                  row["order_line"] == String(decoding: order.encoded(), as: UTF8.self) else { return nil }
            // Decisions recorded before the clock was kept count as the data clock's.
            let clock = (row["judged_on"] as String?).flatMap(ClockMode.init(rawValue:)) ?? .data
            return Judgement(clock: clock, at: Timestamp(milliseconds: row["judged_at"] ?? row["created_at"]))
        }
    }

    /// Records the signal with the engine's decision, and the approval or
    /// rejection as an event, in one transaction. A signal already judged in
    /// this session (a replay of the same data) keeps its first decision.
    /// Returns false when the signal had been judged before.
    ///
    /// `sizedDownBy`: for an approved entry, the rules that made it smaller
    /// than the strategy's own size (`RiskEngine.sizingReductions`), kept in
    /// the approval's payload as `sized_down_by` (comma-separated, empty at
    /// full size) for `gen-report discipline`.
    @discardableResult
    public func recordDecision(_ signal: Signal, session: String, result: Result<OrderIntent, Rejection>, judgement: Judgement,
                               correlations: [String: Correlation.Measurement] = [:], sizedDownBy: [String]? = nil) throws -> Bool {
        try write { db in
            let exists = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM signals WHERE session = ? AND id = ?"), arguments: [session, signal.id]) ?? false
            if exists { return false }
            var rule: String?
            var message: String?
            var clientOrderID: String?
            var orderLine: String?
            switch result {
            case let .success(order):
                clientOrderID = order.clientOrderID
                orderLine = String(decoding: order.encoded(), as: UTF8.self)
            case let .failure(rejection):
                rule = rejection.rule.rawValue
                message = rejection.message
            }
            try db.cachedStatement(sql: """
                INSERT INTO signals (id, session, strategy, symbol, side, price, stop_price, target_price, reason, created_at, decision, rule, message,
                                     client_order_id, order_line, judged_on, judged_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [signal.id, session, signal.strategy, signal.symbol, signal.side.rawValue, signal.price.plainText, signal.stop?.plainText,
                                 signal.target?.plainText, signal.reason, signal.ts.milliseconds, rule == nil ? "APPROVED" : "REJECTED", rule, message,
                                 clientOrderID, orderLine, judgement.clock.rawValue, judgement.at.milliseconds])
            var payload = ["symbol": signal.symbol, "side": signal.side.rawValue, "strategy": signal.strategy, "price": signal.price.plainText, "session": session,
                           "clock": judgement.clock.rawValue]
            switch result {
            case let .success(order):
                payload["client_order_id"] = order.clientOrderID
                payload["quantity"] = order.quantity.plainText
                if let sizedDownBy, order.purpose == .entry { payload["sized_down_by"] = sizedDownBy.joined(separator: ",") }
                if order.purpose == .entry {
                    try recordEntryCorrelations(db, correlations, symbol: order.symbol, session: session, signalID: signal.id, at: signal.ts)
                }
            case let .failure(rejection):
                payload["rule"] = rejection.rule.rawValue
                payload["message"] = rejection.message
            }
            try append(AuditEvent(type: rule == nil ? "risk.approved" : "risk.rejected", aggregateType: "signal", aggregateID: signal.id,
                                  occurredAt: signal.ts, payload: payload), in: db)
            if signal.strategy == RiskEngine.manualStrategy {
                // A trade outside the strategies: the tilt detector watches these.
                try append(AuditEvent(type: "behaviour.manual_order", aggregateType: "behaviour", aggregateID: session, occurredAt: signal.ts,
                                      payload: ["detail": "\(signal.side.rawValue) \(signal.symbol): \(signal.reason)"]), in: db)
            }
            return true
        }
    }
}

extension Store {
    public func recordMarketStates(_ records: [MarketStateRecord]) throws {
        try write { db in
            _ = try db.insertOrIgnore(
                into: "market_states", columns: ["symbol", "observed_at", "state", "atr_percentile", "volume_zscore", "cross_correlation"],
                rows: records.map { [$0.symbol, $0.time.milliseconds, $0.state.rawValue, $0.atrPercentile, $0.volumeZScore, $0.crossCorrelation] })
        }
    }
}
