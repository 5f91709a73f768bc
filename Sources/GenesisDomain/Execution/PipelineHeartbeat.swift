import Foundation

/// What the live pipeline (`gen-fetch stream | … | gen-exec`) last said about
/// itself (DESIGN §6): written by gen-exec's `PipelineMonitor`, one row per
/// session and venue, read by `gen-report health`. Without it nothing could
/// tell a pipeline that trades from one that died an hour ago.
public struct PipelineHeartbeat: Sendable, Equatable {
    public var session: String
    public var venue: String
    public var pid: Int
    public var host: String
    public var startedAt: Timestamp
    public var heartbeatAt: Timestamp
    /// Set on a clean end (end of input, SIGTERM, SIGINT); a stale heartbeat
    /// without it means the pipeline died.
    public var stoppedAt: Timestamp?
    /// The newest candle's own (close) time: how fresh the market data is.
    public var lastCandleAt: Timestamp?
    /// The newest signal of the session gen-risk judged (gen-risk consumes
    /// `signal` lines, so the store's `signals` table is the witness).
    public var lastSignalAt: Timestamp?
    public var lastOrderAt: Timestamp?
    public var lastFillAt: Timestamp?
    public var linesRead: Int
    public var candles: Int
    public var orders: Int
    public var executions: Int

    public init(session: String, venue: String, pid: Int, host: String, startedAt: Timestamp, heartbeatAt: Timestamp) {
        self.session = session
        self.venue = venue
        self.pid = pid
        self.host = host
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
        linesRead = 0
        candles = 0
        orders = 0
        executions = 0
    }

    /// RUNNING, STOPPED or DEAD at `now`: STOPPED once a clean stop was
    /// recorded, DEAD when the heartbeat is older than `deadAfterMs`,
    /// RUNNING otherwise. Pure, so health and its tests agree.
    public func status(now: Timestamp, deadAfterMs: Int64) -> PipelineStatus {
        if stoppedAt != nil { return .stopped }
        return now.milliseconds - heartbeatAt.milliseconds > deadAfterMs ? .dead : .running
    }

    /// `now − last_candle_at` in milliseconds; nil before the first candle.
    public func candleAgeMs(now: Timestamp) -> Int64? {
        lastCandleAt.map { now.milliseconds - $0.milliseconds }
    }

    /// `now − heartbeat_at` in milliseconds.
    public func heartbeatAgeMs(now: Timestamp) -> Int64 {
        now.milliseconds - heartbeatAt.milliseconds
    }
}

/// The state of one pipeline, judged from its heartbeat row.
public enum PipelineStatus: String, Sendable, CaseIterable {
    /// The heartbeat is at most `pipeline.deadAfterSeconds` old.
    case running = "RUNNING"
    /// gen-exec ended cleanly (`stopped_at` is set).
    case stopped = "STOPPED"
    /// Stale heartbeat and no clean stop: killed, crashed, machine down, or hung.
    case dead = "DEAD"
}

/// Where the pipeline heartbeat is kept (the store).
public protocol PipelineHeartbeatRepository: AnyObject, Sendable {
    /// Inserts or replaces the row of `beat.session` and `beat.venue`.
    func writePipelineHeartbeat(_ beat: PipelineHeartbeat) throws
}
