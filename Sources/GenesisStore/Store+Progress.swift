import Foundation
import GRDB
import GenesisDomain

/// The replay barrier's marks (see `ReplayBarrier`): gen-exec records how
/// far it has read whenever it is about to wait for input.
extension Store {
    /// Marks the start of a pipeline run (both ends call it, so a mark left by
    /// an earlier run never satisfies a wait).
    public func resetProgress(session: String) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO stage_progress (session, ts, consumed, pid, updated_at) VALUES (?, 0, 0, ?, ?)",
                           arguments: [session, Int(getpid()), Timestamp.now().milliseconds])
        }
    }

    public func recordProgress(session: String, ts: Timestamp, consumed: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO stage_progress (session, ts, consumed, pid, updated_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [session, ts.milliseconds, consumed, Int(getpid()), Timestamp.now().milliseconds])
        }
    }

    public func progress(session: String) throws -> ProgressMark? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT ts, consumed, pid FROM stage_progress WHERE session = ?", arguments: [session]).map {
                ProgressMark(ts: Timestamp(milliseconds: $0["ts"]), consumed: $0["consumed"], pid: Int32($0["pid"] as Int64))
            }
        }
    }
}
