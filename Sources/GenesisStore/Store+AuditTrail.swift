import Foundation
import GenesisDomain
import GRDB

extension Store {
    public func auditTrail(_ filter: AuditFilter) throws -> [AuditEntry] {
        try read { db in
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
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                AuditEntry(seq: row["seq"], occurredAt: Timestamp(milliseconds: row["occurred_at"]), type: row["type"],
                           aggregate: "\(row["aggregate_type"] as String):\(row["aggregate_id"] as String)", payload: row["payload"])
            }
        }
    }

    public func tiltHistory(session: String = Account.defaultSession) throws -> TiltHistoryReport {
        try read { db in
            let changes = try levelChanges(db, session: session)
            // Read by column index, P&L parsed from SQLite's text bytes and summed exactly per level (`DecimalSum`):
            // a GRDB `Row` per closed position was a visible share of `gen-report html` over 100,000 trades.
            let levelIndex = Dictionary(uniqueKeysWithValues: TiltLevel.allCases.enumerated().map { ($0.element, $0.offset) })
            var trades = [Int](repeating: 0, count: TiltLevel.allCases.count), wins = trades
            var sums = [DecimalSum](repeating: DecimalSum(), count: TiltLevel.allCases.count)
            var pairs: [(Double, Double)] = []
            // The level in force at a close is the last change at or before it; with the changes in time order
            // (the usual case) a cursor finds it as the closes go by, else a search per close as before.
            let changesInOrder = zip(changes, changes.dropFirst()).allSatisfy { $0.0 <= $1.0 }
            var cursor = 0
            try db.scan("SELECT closed_at, realized_pnl FROM positions WHERE session = ? AND status = 'CLOSED' ORDER BY closed_at", arguments: [session]) { row in
                let time = Timestamp(milliseconds: row.int64(0))
                let pnl = row.decimal(1) ?? 0
                let level: TiltLevel
                if changesInOrder {
                    while cursor < changes.count, changes[cursor].0 <= time { cursor += 1 }
                    level = cursor > 0 ? changes[cursor - 1].1 : .normal
                } else {
                    level = changes.last { $0.0 <= time }?.1 ?? .normal
                }
                let index = levelIndex[level]!
                trades[index] += 1
                sums[index].add(pnl)
                if pnl.isAboveZero { wins[index] += 1 }
                pairs.append((Double(index), pnl.fastApproximateDouble))
            }
            let levels = TiltLevel.allCases.enumerated().map { index, level in
                TiltHistoryReport.Level(level: level, trades: trades[index], wins: wins[index], netPnL: sums[index].total)
            }
            let lockouts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lockouts WHERE session = ?", arguments: [session]) ?? 0
            let accepted = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal_entries WHERE session = ? AND accepted = 1", arguments: [session]) ?? 0
            let rejected = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal_entries WHERE session = ? AND accepted = 0", arguments: [session]) ?? 0
            return TiltHistoryReport(levels: levels, correlation: Correlation.pearson(pairs.map(\.0), pairs.map(\.1)), changes: changes,
                                     lockouts: lockouts, journals: (accepted, rejected))
        }
    }
}
