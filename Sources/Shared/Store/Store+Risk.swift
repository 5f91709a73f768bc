import Foundation
import GRDB

/// What the risk engine reads and writes.
extension Store {
    public func riskState(session: String) throws -> RiskState {
        let account = try requireAccount()
        let (state, reason) = try tradingState()
        let positions = try openPositions(session: session)
        let pending = try pendingOrders(session: session).filter { $0.purpose == .entry }.map(\.symbol)
        return RiskState(account: account, tradingState: state, tradingStateReason: reason, openPositions: positions, pendingEntries: pending)
    }

    /// Records the signal with the engine's decision, and the approval or
    /// rejection as an event, in one transaction. A signal already judged in
    /// this session (a replay of the same data) keeps its first decision.
    /// Returns false when the signal had been judged before.
    @discardableResult
    public func recordDecision(_ signal: Signal, session: String, result: Result<OrderIntent, Rejection>) throws -> Bool {
        try writer.write { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM signals WHERE session = ? AND id = ?", arguments: [session, signal.id]) ?? false
            if exists { return false }
            var rule: String?
            var message: String?
            var clientOrderID: String?
            switch result {
            case let .success(order): clientOrderID = order.clientOrderID
            case let .failure(rejection):
                rule = rejection.rule.rawValue
                message = rejection.message
            }
            try db.execute(sql: """
                INSERT INTO signals (id, session, strategy, symbol, side, price, stop_price, target_price, reason, created_at, decision, rule, message, client_order_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [signal.id, session, signal.strategy, signal.symbol, signal.side.rawValue, signal.price.plainText, signal.stop?.plainText,
                                 signal.target?.plainText, signal.reason, signal.ts.milliseconds, rule == nil ? "APPROVED" : "REJECTED", rule, message, clientOrderID])
            var payload = ["symbol": signal.symbol, "side": signal.side.rawValue, "strategy": signal.strategy, "price": signal.price.plainText, "session": session]
            switch result {
            case let .success(order):
                payload["client_order_id"] = order.clientOrderID
                payload["quantity"] = order.quantity.plainText
            case let .failure(rejection):
                payload["rule"] = rejection.rule.rawValue
                payload["message"] = rejection.message
            }
            try append(AuditEvent(type: rule == nil ? "risk.approved" : "risk.rejected", aggregateType: "signal", aggregateID: signal.id,
                                  occurredAt: signal.ts, payload: payload), in: db)
            return true
        }
    }
}
