import Foundation
import GRDB
import GenesisDomain


extension Store {
    /// Writes the watcher's heartbeat row (insert or replace: one watcher per
    /// database, so there is one row).
    public func writeHeartbeat(_ beat: WatcherHeartbeat) throws {
        try write { db in
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO watcher_heartbeat (id, pid, host, venue, session, started_at, heartbeat_at, stopped_at, stream_connected,
                    last_stream_event_at, stream_lag_ms, reconnects, gap_fills, last_fill_at, circuit_state, used_weight, weight_limit)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [beat.pid, beat.host, beat.venue, beat.session, beat.startedAt.milliseconds, beat.heartbeatAt.milliseconds,
                                 beat.stoppedAt?.milliseconds, beat.streamConnected, beat.lastStreamEventAt?.milliseconds, beat.streamLagMs,
                                 beat.reconnects, beat.gapFills, beat.lastFillAt?.milliseconds, beat.circuitState, beat.usedWeight, beat.weightLimit])
        }
    }

    /// The last heartbeat, or nil when no watcher ever ran on this database.
    public func heartbeat() throws -> WatcherHeartbeat? {
        try read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM watcher_heartbeat WHERE id = 1")) else { return nil }
            var beat = WatcherHeartbeat(pid: row["pid"], host: row["host"], venue: row["venue"], session: row["session"],
                                        startedAt: Timestamp(milliseconds: row["started_at"]), heartbeatAt: Timestamp(milliseconds: row["heartbeat_at"]))
            beat.stoppedAt = (row["stopped_at"] as Int64?).map(Timestamp.init(milliseconds:))
            beat.streamConnected = row["stream_connected"]
            beat.lastStreamEventAt = (row["last_stream_event_at"] as Int64?).map(Timestamp.init(milliseconds:))
            beat.streamLagMs = row["stream_lag_ms"]
            beat.reconnects = row["reconnects"]
            beat.gapFills = row["gap_fills"]
            beat.lastFillAt = (row["last_fill_at"] as Int64?).map(Timestamp.init(milliseconds:))
            beat.circuitState = row["circuit_state"]
            beat.usedWeight = row["used_weight"]
            beat.weightLimit = row["weight_limit"]
            return beat
        }
    }
}
