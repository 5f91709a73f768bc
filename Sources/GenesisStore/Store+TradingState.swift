import Foundation
import GRDB
import GenesisDomain

extension Store {
    /// Sets ACTIVE, REDUCING or HALTED with its reason, as one event.
    public func setTradingState(_ state: TradingState, reason: String, by command: String, at time: Timestamp) throws {
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO trading_state (id, state, reason, changed_at, changed_by) VALUES (1, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET state = excluded.state, reason = excluded.reason, changed_at = excluded.changed_at, changed_by = excluded.changed_by
                """, arguments: [state.rawValue, reason, time.milliseconds, command])
            try append(AuditEvent(type: "trading.\(state.rawValue.lowercased())", aggregateType: "trading_state", aggregateID: "1", occurredAt: time,
                                  payload: ["state": state.rawValue, "reason": reason, "by": command]), in: db)
        }
    }

    /// When the current state was set.
    public func tradingStateChangedAt() throws -> Timestamp? {
        try writer.read { try Int64.fetchOne($0, sql: "SELECT changed_at FROM trading_state WHERE id = 1").map(Timestamp.init(milliseconds:)) }
    }

    /// Marks a session's unfilled orders canceled (after the venue canceled them).
    public func cancelOpenOrders(session: String, symbols: Set<String>? = nil, reason: String, at time: Timestamp) throws -> [String] {
        try writer.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT client_order_id, symbol FROM orders WHERE status = 'NEW' AND session = ?", arguments: [session])
            var canceled: [String] = []
            for row in rows {
                let id: String = row["client_order_id"]
                let symbol: String = row["symbol"]
                if let symbols, !symbols.contains(symbol) { continue }
                try db.execute(sql: "UPDATE orders SET status = 'CANCELED', reject_reason = ?, updated_at = ? WHERE client_order_id = ?",
                               arguments: [reason, time.milliseconds, id])
                try append(AuditEvent(type: "order.canceled", aggregateType: "order", aggregateID: id, occurredAt: time,
                                      payload: ["symbol": symbol, "reason": reason]), in: db)
                canceled.append(id)
            }
            return canceled
        }
    }

    /// The newest stored close of a symbol, on any interval (paper close-all's price).
    public func lastClose(symbol: String) throws -> (price: Decimal, at: Timestamp)? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT close, open_time FROM candles WHERE symbol = ? ORDER BY open_time DESC LIMIT 1", arguments: [symbol]).flatMap { row in
                Decimal.parse(row["close"] as String).map { ($0, Timestamp(milliseconds: row["open_time"])) }
            }
        }
    }
}
