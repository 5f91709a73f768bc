import Foundation
import GenesisDomain
import GRDB

extension Store {
    /// The configuration in force for `session` at `time`: the file's, except
    /// for loosened limits still cooling off, which keep their old value.
    /// Newly loosened limits start their cooling-off (event
    /// `risk.limit_loosening`); those whose time has come are applied (event
    /// `risk.limit_loosened`); a loosening taken back is dropped.
    public func effectiveConfiguration(_ requested: GenesisConfig, previous: [String: String]?, session: String, at time: Timestamp) throws -> GenesisConfig {
        let current = ConfigChange.flatten(requested)
        let held: [String: String] = try writer.write { db in
            // The cooling-off in force, not the one asked for: shortening it is itself a loosening that waits.
            let key = "risk.loosenCoolingOffMinutes"
            let pendingOld = try String.fetchOne(db, sql: "SELECT old_value FROM limit_loosenings WHERE session = ? AND key = ?", arguments: [session, key])
            let minutes = [current[key], previous?[key], pendingOld].compactMap { $0.flatMap { Int($0) } }.max() ?? requested.risk.loosenCoolingOffMinutes
            let delay = Int64(minutes) * 60_000
            if let previous {
                for key in LimitCoolingOff.loosened(from: previous, to: current) {
                    // A limit loosened again while cooling off keeps its original old value and restarts the clock.
                    let original = try String.fetchOne(db, sql: "SELECT old_value FROM limit_loosenings WHERE session = ? AND key = ?", arguments: [session, key]) ?? previous[key]!
                    try db.execute(sql: """
                        INSERT INTO limit_loosenings (session, key, old_value, new_value, requested_at, effective_at) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT(session, key) DO UPDATE SET new_value = excluded.new_value, requested_at = excluded.requested_at, effective_at = excluded.effective_at
                        """, arguments: [session, key, original, current[key]!, time.milliseconds, time.milliseconds + delay])
                    try append(AuditEvent(type: "risk.limit_loosening", aggregateType: "risk", aggregateID: session, occurredAt: time,
                                          payload: ["key": key, "from": original, "to": current[key]!, "effective_at": time.adding(milliseconds: delay).iso8601]), in: db)
                }
            }
            var held: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, old_value, new_value, effective_at FROM limit_loosenings WHERE session = ?", arguments: [session]) {
                let key: String = row["key"], old: String = row["old_value"], new: String = row["new_value"]
                let stillLooser = !LimitCoolingOff.loosened(from: [key: old], to: [key: current[key] ?? old]).isEmpty
                if current[key] != new && !stillLooser || (row["effective_at"] as Int64) <= time.milliseconds {
                    // Taken back (tightened again), or cooled off: the file's value now holds.
                    try db.execute(sql: "DELETE FROM limit_loosenings WHERE session = ? AND key = ?", arguments: [session, key])
                    if stillLooser {
                        try append(AuditEvent(type: "risk.limit_loosened", aggregateType: "risk", aggregateID: session, occurredAt: time,
                                              payload: ["key": key, "from": old, "to": current[key] ?? old]), in: db)
                    }
                } else {
                    held[key] = old
                }
            }
            return held
        }
        return try ConfigChange.applying(held, to: requested)
    }

    /// Loosened limits still cooling off: key, the value in force, the one asked for, and when it applies.
    public func pendingLoosenings(session: String) throws -> [(key: String, old: String, new: String, effectiveAt: Timestamp)] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT key, old_value, new_value, effective_at FROM limit_loosenings WHERE session = ? ORDER BY key", arguments: [session]).map {
                ($0["key"], $0["old_value"], $0["new_value"], Timestamp(milliseconds: $0["effective_at"]))
            }
        }
    }
}
