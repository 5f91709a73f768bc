import Foundation
import GRDB
import GenesisDomain

extension Store: PipelineHeartbeatRepository {
    /// Writes one pipeline's heartbeat row (insert or replace: the row of a
    /// session and venue is the latest run's).
    public func writePipelineHeartbeat(_ beat: PipelineHeartbeat) throws {
        try write { db in
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO pipeline_heartbeat (session, venue, pid, host, started_at, heartbeat_at, stopped_at, last_candle_at,
                    last_signal_at, last_order_at, last_fill_at, lines_read, candles, orders, executions)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [beat.session, beat.venue, beat.pid, beat.host, beat.startedAt.milliseconds, beat.heartbeatAt.milliseconds,
                                 beat.stoppedAt?.milliseconds, beat.lastCandleAt?.milliseconds, beat.lastSignalAt?.milliseconds,
                                 beat.lastOrderAt?.milliseconds, beat.lastFillAt?.milliseconds, beat.linesRead, beat.candles, beat.orders, beat.executions])
        }
    }

    /// Every pipeline's heartbeat, the most recently started first. The
    /// last signal and fill are completed from what the store recorded for
    /// the session (gen-risk consumes `signal` lines before gen-exec, and the
    /// watcher books fills too), whichever is newer.
    public func pipelineHeartbeats() throws -> [PipelineHeartbeat] {
        try read { db in try pipelineHeartbeats(db) }
    }

    func pipelineHeartbeats(_ db: StoreDatabase) throws -> [PipelineHeartbeat] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT p.*,
                (SELECT MAX(created_at) FROM signals s WHERE s.session = p.session) AS stored_signal_at,
                (SELECT f.executed_at FROM fills f JOIN orders o ON o.client_order_id = f.client_order_id WHERE o.session = p.session
                 ORDER BY f.executed_at DESC LIMIT 1) AS stored_fill_at
            FROM pipeline_heartbeat p ORDER BY p.started_at DESC, p.session, p.venue
            """)).map { row in
            func time(_ column: String) -> Timestamp? { (row[column] as Int64?).map(Timestamp.init(milliseconds:)) }
            var beat = PipelineHeartbeat(session: row["session"], venue: row["venue"], pid: row["pid"], host: row["host"],
                                         startedAt: Timestamp(milliseconds: row["started_at"]), heartbeatAt: Timestamp(milliseconds: row["heartbeat_at"]))
            beat.stoppedAt = time("stopped_at")
            beat.lastCandleAt = time("last_candle_at")
            beat.lastSignalAt = [time("last_signal_at"), time("stored_signal_at")].compactMap { $0 }.max()
            beat.lastOrderAt = time("last_order_at")
            beat.lastFillAt = [time("last_fill_at"), time("stored_fill_at")].compactMap { $0 }.max()
            beat.linesRead = row["lines_read"]
            beat.candles = row["candles"]
            beat.orders = row["orders"]
            beat.executions = row["executions"]
            return beat
        }
    }
}
