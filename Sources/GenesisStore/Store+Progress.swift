import Foundation
import GRDB
import GenesisDomain

/// The replay barrier's marks (see `ReplayBarrier`): gen-exec records how
/// far it has read whenever it is about to wait for input.
extension Store {
    /// Marks the start of a pipeline run (both ends call it, so a mark left by
    /// an earlier run never satisfies a wait).
    public func resetProgress(session: String) throws {
        postProgress(session: session, ts: Timestamp(milliseconds: 0), consumed: 0)
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO stage_progress (session, ts, consumed, pid, updated_at) VALUES (?, 0, 0, ?, ?)",
                           arguments: [session, Int(getpid()), Timestamp.now().milliseconds])
        }
    }

    public func recordProgress(session: String, ts: Timestamp, consumed: Int64, replayedFrom: Timestamp? = nil) throws {
        postProgress(session: session, ts: ts, consumed: consumed)
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO stage_progress (session, ts, consumed, pid, updated_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [session, ts.milliseconds, consumed, Int(getpid()), Timestamp.now().milliseconds])
            // The replayed period only widens: a second run over other data
            // of the same session adds to it, a rerun of the same data keeps it.
            if let replayedFrom {
                try db.cachedStatement(sql: """
                    UPDATE trading_sessions SET data_from = MIN(COALESCE(data_from, ?1), ?1), data_to = MAX(COALESCE(data_to, ?2), ?2) WHERE id = ?3
                    """).execute(arguments: [min(replayedFrom, ts).milliseconds, ts.milliseconds, session])
            }
        }
    }

    /// The period `session` replayed on the data's clock (first and newest
    /// event time gen-exec saw, over all its runs), or nil when it has none:
    /// a live session, or one gen-exec never ran.
    public func replayedPeriod(session: String) throws -> (from: Timestamp, to: Timestamp)? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT data_from, data_to FROM trading_sessions WHERE id = ? AND data_from IS NOT NULL AND data_to IS NOT NULL"),
                             arguments: [session]).map {
                (Timestamp(milliseconds: $0["data_from"]), Timestamp(milliseconds: $0["data_to"]))
            }
        }
    }

    /// The mark as gen-exec posted it last: its board (`ProgressBoard`),
    /// which it posts each time its input runs dry, when the board was
    /// written by the process the table names and is ahead of the table.
    public func progress(session: String) throws -> ProgressMark? {
        let recorded = try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT ts, consumed, pid FROM stage_progress WHERE session = ?"), arguments: [session]).map {
                ProgressMark(ts: Timestamp(milliseconds: $0["ts"]), consumed: $0["consumed"], pid: Int32($0["pid"] as Int64))
            }
        }
        guard let recorded, let board = ProgressBoard(database: filePrefix, session: session) else { return recorded }
        defer { board.close() }
        guard let posted = board.read(), posted.pid == recorded.pid, posted.consumed > recorded.consumed else { return recorded }
        return posted
    }

    /// Posts gen-exec's mark on its board only: cheap enough for every
    /// time its input runs dry (`recordProgress` also writes the table).
    public func postProgress(session: String, ts: Timestamp, consumed: Int64) {
        guard let board = ProgressBoard(database: filePrefix, session: session) else { return }
        board.post(ProgressMark(ts: ts, consumed: consumed, pid: getpid()))
        board.close()
    }
}
