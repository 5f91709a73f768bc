import Foundation
import GRDB
import GenesisDomain

extension Store {
    /// What `gen-report health` needs, read in one snapshot: the heartbeat,
    /// the newest fill, exchange pauses, the trading state and the newest
    /// audit event.
    public func healthInputs() throws -> HealthInputs {
        let beat = try heartbeat()
        return try read { db in
            var inputs = HealthInputs(heartbeat: beat)
            inputs.pipelines = try pipelineHeartbeats(db)
            inputs.newestFillAt = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(executed_at) FROM fills")).map(Timestamp.init(milliseconds:))
            inputs.pauses = try Row.fetchAll(db.cachedStatement(sql: "SELECT venue, until, status, reason FROM exchange_pauses ORDER BY venue")).map {
                HealthInputs.Pause(venue: $0["venue"], until: Timestamp(milliseconds: $0["until"]), status: $0["status"], reason: $0["reason"])
            }
            (inputs.tradingState, inputs.tradingReason) = try fetchTradingState(db)
            inputs.tradingChangedAt = try tradingStateChangedAt(db)
            inputs.haltCause = try fetchHaltCause(db)
            // The newest sell of each open position, when it was refused, or a
            // stop or target sell expired unfilled: the position is unprotected.
            inputs.failedExits = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT p.session, p.symbol, o.purpose, o.status, o.reject_reason, o.updated_at FROM positions p
                JOIN orders o ON o.id = (SELECT MAX(id) FROM orders WHERE session = p.session AND symbol = p.symbol AND side = 'SELL'
                                         AND parent_client_order_id IS NULL
                                         AND id > (SELECT id FROM orders WHERE client_order_id = p.entry_client_order_id))
                WHERE p.status = 'OPEN' AND (o.status = 'REJECTED' OR (o.status = 'EXPIRED' AND o.purpose IN ('STOP_LOSS', 'TAKE_PROFIT')))
                ORDER BY p.session, p.symbol
                """)).map {
                HealthInputs.FailedExit(session: $0["session"], symbol: $0["symbol"], purpose: $0["purpose"], status: $0["status"], rule: $0["reject_reason"],
                                        at: Timestamp(milliseconds: $0["updated_at"]))
            }
            if try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM live_account")) != nil {
                inputs.unprotectedOnExchange = try String.fetchAll(db.cachedStatement(sql: """
                    SELECT p.symbol FROM positions p WHERE p.status = 'OPEN' AND p.session = ? AND p.stop_price IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.protects = p.entry_client_order_id AND o.status = 'NEW')
                    ORDER BY p.symbol
                    """), arguments: [Account.defaultSession])
            }
            if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT recorded_at, type FROM events ORDER BY seq DESC LIMIT 1")) {
                inputs.lastEventAt = Timestamp(milliseconds: row["recorded_at"])
                inputs.lastEventType = row["type"]
            }
            return inputs
        }
    }
}
