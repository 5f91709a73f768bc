import Foundation
import GRDB
import GenesisDomain

/// The replay barrier. In a replay every stage runs as fast as its pipe allows,
/// so gen-risk could judge a signal before gen-exec has booked the fills that
/// came before it, and the same backtest would give different results from
/// run to run. gen-exec records how far it has read whenever it is about to
/// wait for input; gen-risk, before judging a signal at time T, waits until
/// that mark reaches T. Live trading does not wait: there the store is current.
extension Store {
    /// Marks the start of a pipeline run (both ends call it, so a mark left by
    /// an earlier run never satisfies a wait).
    public func resetProgress(session: String) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO stage_progress (session, ts, pid, updated_at) VALUES (?, 0, ?, ?)",
                           arguments: [session, Int(getpid()), Timestamp.now().milliseconds])
        }
    }

    public func recordProgress(session: String, ts: Timestamp) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO stage_progress (session, ts, pid, updated_at) VALUES (?, ?, ?, ?)",
                           arguments: [session, ts.milliseconds, Int(getpid()), Timestamp.now().milliseconds])
        }
    }

    public func progress(session: String) throws -> (ts: Timestamp, pid: Int32)? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT ts, pid FROM stage_progress WHERE session = ?", arguments: [session]).map {
                (Timestamp(milliseconds: $0["ts"]), Int32($0["pid"] as Int64))
            }
        }
    }
}
