import Foundation
import GRDB
import GenesisDomain

extension Store {
    /// What `gen-report health` needs, read in one snapshot: the heartbeat,
    /// the newest fill, exchange pauses, the trading state and the newest
    /// audit event.
    public func healthInputs() throws -> HealthInputs {
        let beat = try heartbeat()
        return try writer.read { db in
            var inputs = HealthInputs(heartbeat: beat)
            inputs.newestFillAt = try Int64.fetchOne(db, sql: "SELECT MAX(executed_at) FROM fills").map(Timestamp.init(milliseconds:))
            inputs.pauses = try Row.fetchAll(db, sql: "SELECT venue, until, status, reason FROM exchange_pauses ORDER BY venue").map {
                HealthInputs.Pause(venue: $0["venue"], until: Timestamp(milliseconds: $0["until"]), status: $0["status"], reason: $0["reason"])
            }
            (inputs.tradingState, inputs.tradingReason) = try fetchTradingState(db)
            inputs.tradingChangedAt = try tradingStateChangedAt(db)
            inputs.haltCause = try fetchHaltCause(db)
            if let row = try Row.fetchOne(db, sql: "SELECT recorded_at, type FROM events ORDER BY seq DESC LIMIT 1") {
                inputs.lastEventAt = Timestamp(milliseconds: row["recorded_at"])
                inputs.lastEventType = row["type"]
            }
            return inputs
        }
    }
}
