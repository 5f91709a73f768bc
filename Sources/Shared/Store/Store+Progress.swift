import Foundation
import GRDB

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

    public func progress(session: String) throws -> Timestamp? {
        try writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT ts FROM stage_progress WHERE session = ?", arguments: [session]).map(Timestamp.init(milliseconds:))
        }
    }
}

/// gen-risk's side of the replay barrier.
public struct ReplayBarrier {
    let store: PipelineProgress
    let session: String
    let timeout: Duration
    /// Cleared after a timeout: with no gen-exec downstream there is nothing to wait for.
    public private(set) var enabled = true

    public init(store: PipelineProgress, session: String, timeoutSeconds: Int) {
        self.store = store
        self.session = session
        self.timeout = .seconds(timeoutSeconds)
    }

    /// Waits until gen-exec has handled everything up to `time`. Returns false
    /// (and disables itself) if nothing moved within the timeout.
    public mutating func wait(until time: Timestamp) throws -> Bool {
        guard enabled else { return false }
        let clock = ContinuousClock()
        var lastMark = try store.progress(session: session)
        var lastMove = clock.now
        var pause: Duration = .microseconds(50)
        while true {
            let mark = try store.progress(session: session)
            if let mark, mark >= time { return true }
            if mark != lastMark {
                lastMark = mark
                lastMove = clock.now
            } else if clock.now - lastMove > timeout {
                enabled = false
                return false
            }
            Thread.sleep(forTimeInterval: Double(pause.components.attoseconds) / 1e18)
            pause = min(pause * 2, .milliseconds(5))
        }
    }
}
