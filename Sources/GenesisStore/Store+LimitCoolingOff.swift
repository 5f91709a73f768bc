import Foundation
import GenesisDomain
import GRDB

extension Store {
    /// The cooling-off part of `adoptConfiguration`, inside its transaction.
    /// For each protective key (`ConfigKeys.rules`) the value in force before
    /// this read is the one a waiting loosening keeps (`limit_loosenings`),
    /// else the last file's. A file value looser than that waits out the
    /// cooling-off, the stricter of the two staying in force meanwhile
    /// (`LimitCoolingOff.stricter`); one no looser applies at once and drops
    /// any loosening still waiting for the key. A loosening whose time has
    /// come puts its value in force; a further loosening starts its own wait.
    ///
    /// The wait is the cooling-off in force, not the one asked for: shortening
    /// it is itself a loosening that waits the full length.
    func coolOff(_ current: [String: String], previous: [String: String]?, session: String, at time: Timestamp,
                 in db: StoreDatabase) throws -> (held: [String: String], pending: [PendingLoosening], adopted: [String]) {
        struct Waiting { var old: String, new: String, effectiveAt: Int64 }
        var waiting: [String: Waiting] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT key, old_value, new_value, effective_at FROM limit_loosenings WHERE session = ?"), arguments: [session]) {
            waiting[row["key"]] = Waiting(old: row["old_value"], new: row["new_value"], effectiveAt: row["effective_at"])
        }
        // The first read of a session has nothing to cool off against.
        guard previous != nil || !waiting.isEmpty else { return ([:], [], []) }
        func inForceBefore(_ key: String) -> String? { waiting[key]?.old ?? previous?[key] }

        let coolingKey = "risk.loosenCoolingOffMinutes"
        let minutes = [inForceBefore(coolingKey), current[coolingKey]].compactMap { $0.flatMap { Int($0) } }.max() ?? GenesisConfig().risk.loosenCoolingOffMinutes
        let delay = Int64(minutes) * 60_000
        func event(_ type: String, _ session: String, _ payload: [String: String]) throws {
            try append(AuditEvent(type: type, aggregateType: "config", aggregateID: session, occurredAt: time, payload: payload), in: db)
        }
        func forget(_ key: String) throws {
            try db.cachedStatement(sql: "DELETE FROM limit_loosenings WHERE session = ? AND key = ?").execute(arguments: [session, key])
        }

        var held: [String: String] = [:], adopted: [String] = []
        for key in Set(waiting.keys).subtracting(current.keys).sorted() { try forget(key) } // a key this build no longer has
        for key in current.keys.sorted() {
            let requested = current[key]!
            guard let rule = ConfigKeys.rule(for: key), rule.loosening.isProtective else {
                if waiting[key] != nil { try forget(key) }
                continue
            }
            var row = waiting[key]
            guard var before = inForceBefore(key) else { continue } // a key the last read did not know
            if let due = row, due.effectiveAt <= time.milliseconds {
                // Cooled off: the value waited for is in force from now on.
                try forget(key)
                try event("config.loosening_adopted", session, ["key": key, "from": due.old, "to": due.new])
                adopted.append(key)
                before = due.new
                row = nil
            }
            let inForce = LimitCoolingOff.stricter(key, old: before, new: requested)
            if inForce == requested {
                // No looser than what is in force: applies now; a loosening still waiting is taken back.
                if let row {
                    try forget(key)
                    try event("config.loosening_withdrawn", session, ["key": key, "from": row.old, "to": requested, "withdrawn": row.new])
                }
                continue
            }
            held[key] = inForce
            if let row, LimitCoolingOff.stricter(key, old: row.new, new: requested) == requested {
                // No looser than the loosening already waiting: it keeps its time.
                try db.execute(sql: "UPDATE limit_loosenings SET old_value = ?, new_value = ? WHERE session = ? AND key = ?",
                               arguments: [inForce, requested, session, key])
            } else {
                // A new loosening, or one loosened further: the clock (re)starts.
                try db.cachedStatement(sql: """
                    INSERT INTO limit_loosenings (session, key, old_value, new_value, requested_at, effective_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(session, key) DO UPDATE SET old_value = excluded.old_value, new_value = excluded.new_value,
                        requested_at = excluded.requested_at, effective_at = excluded.effective_at
                    """).execute(arguments: [session, key, inForce, requested, time.milliseconds, time.milliseconds + delay])
                try event("config.loosening_pending", session, ["key": key, "from": inForce, "to": requested,
                                                                "effective_at": time.adding(milliseconds: delay).iso8601])
            }
        }
        return (held, try pendingLoosenings(session: session, in: db), adopted)
    }

    /// Loosenings still cooling off: key, the value in force, the one asked for, and when it applies.
    public func pendingLoosenings(session: String) throws -> [PendingLoosening] {
        try read { db in try pendingLoosenings(session: session, in: db) }
    }

    func pendingLoosenings(session: String, in db: StoreDatabase) throws -> [PendingLoosening] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT key, old_value, new_value, effective_at FROM limit_loosenings WHERE session = ? ORDER BY key"), arguments: [session]).map {
            PendingLoosening(key: $0["key"], old: $0["old_value"], new: $0["new_value"], effectiveAt: Timestamp(milliseconds: $0["effective_at"]))
        }
    }
}
