import Foundation
import GRDB

extension Store {
    public func openPositionCount(session: String) throws -> Int {
        try writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM positions WHERE status = 'OPEN' AND session = ?", arguments: [session]) ?? 0 }
    }

    public func registerSession(_ id: String, kind: String, venue: String, at time: Timestamp) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO trading_sessions (id, type, venue, started_at) VALUES (?, ?, ?, ?)",
                           arguments: [id, kind, venue, time.milliseconds])
        }
    }

    /// Walks the audit trail's hash chain (`gen-report verify`).
    public func verifyEvents() throws -> EventLog.Verification {
        try writer.read { try EventLog.verify($0) }
    }
}
