import Foundation
import GRDB

extension Store {
    public func openPositionCount() throws -> Int {
        try writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM positions WHERE status = 'OPEN'") ?? 0 }
    }

    /// Walks the audit trail's hash chain (`gen-report verify`).
    public func verifyEvents() throws -> EventLog.Verification {
        try writer.read { try EventLog.verify($0) }
    }
}
