import Foundation
import GenesisDomain
import GRDB

extension Store {
    public func auditTrail(_ filter: AuditFilter) throws -> [AuditEntry] {
        try writer.read { db in
            var conditions: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let prefix = filter.typePrefix {
                conditions.append("type LIKE ? ESCAPE '\\'")
                arguments.append(prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%")
            }
            if let id = filter.aggregateID { conditions.append("aggregate_id = ?"); arguments.append(id) }
            if let since = filter.since { conditions.append("occurred_at >= ?"); arguments.append(since.milliseconds) }
            if let until = filter.until { conditions.append("occurred_at < ?"); arguments.append(until.milliseconds) }
            arguments.append(filter.limit)
            let sql = "SELECT seq, occurred_at, type, aggregate_type, aggregate_id, payload FROM events"
                + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY seq LIMIT ?"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)!).map { row in
                AuditEntry(seq: row["seq"], occurredAt: Timestamp(milliseconds: row["occurred_at"]), type: row["type"],
                           aggregate: "\(row["aggregate_type"] as String):\(row["aggregate_id"] as String)", payload: row["payload"])
            }
        }
    }

    public func tiltHistory(session: String = Account.defaultSession) throws -> TiltHistoryReport {
        try writer.read { db in
            let changes = try levelChanges(db, session: session)
            let closed = try Row.fetchAll(db, sql: "SELECT closed_at, realized_pnl FROM positions WHERE session = ? AND status = 'CLOSED' ORDER BY closed_at",
                                          arguments: [session])
            var levels = Dictionary(uniqueKeysWithValues: TiltLevel.allCases.map { ($0, TiltHistoryReport.Level(level: $0, trades: 0, wins: 0, netPnL: 0)) })
            var pairs: [(Double, Double)] = []
            for row in closed {
                let time = Timestamp(milliseconds: row["closed_at"])
                let pnl = Decimal.parse(row["realized_pnl"] as String? ?? "") ?? 0
                let level = changes.last { $0.0 <= time }?.1 ?? .normal
                levels[level]!.trades += 1
                levels[level]!.netPnL += pnl
                if pnl > 0 { levels[level]!.wins += 1 }
                pairs.append((Double(TiltLevel.allCases.firstIndex(of: level)!), pnl.approximateDouble))
            }
            let lockouts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lockouts WHERE session = ?", arguments: [session]) ?? 0
            let accepted = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal_entries WHERE session = ? AND accepted = 1", arguments: [session]) ?? 0
            let rejected = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal_entries WHERE session = ? AND accepted = 0", arguments: [session]) ?? 0
            return TiltHistoryReport(levels: TiltLevel.allCases.map { levels[$0]! }, correlation: Correlation.pearson(pairs.map(\.0), pairs.map(\.1)), changes: changes,
                                     lockouts: lockouts, journals: (accepted, rejected))
        }
    }
}
