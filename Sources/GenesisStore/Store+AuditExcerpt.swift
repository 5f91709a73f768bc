import Foundation
import GRDB
import GenesisDomain

extension Store {
    /// The newest `limit` audit events of `session`, oldest first: those of
    /// its own aggregates (account, tier, tilt…), those whose payload names
    /// it (signals, positions, placed orders) and those of its orders (fills).
    /// The HTML report's audit excerpt.
    public func sessionAuditTail(session: String, limit: Int = 50) throws -> [AuditEntry] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT seq, occurred_at, type, aggregate_type, aggregate_id, payload FROM events
                WHERE aggregate_id = ?
                   OR CASE WHEN json_valid(payload) THEN json_extract(payload, '$.session') END = ?
                   OR (aggregate_type = 'order' AND aggregate_id IN (SELECT client_order_id FROM orders WHERE session = ?))
                ORDER BY seq DESC LIMIT ?
                """, arguments: [session, session, session, limit]).reversed().map { row in
                AuditEntry(seq: row["seq"], occurredAt: Timestamp(milliseconds: row["occurred_at"]), type: row["type"],
                           aggregate: "\(row["aggregate_type"] as String):\(row["aggregate_id"] as String)", payload: row["payload"])
            }
        }
    }
}
