import Foundation

/// What the watcher last said about itself (DESIGN §6): read by
/// `gen-report health` and the control API's health endpoint.
public struct WatcherHeartbeat: Sendable, Equatable {
    public var pid: Int
    public var host: String
    public var venue: String
    public var session: String
    public var startedAt: Timestamp
    public var heartbeatAt: Timestamp
    /// Set by a clean shutdown; a stale heartbeat without it means the
    /// watcher died.
    public var stoppedAt: Timestamp?
    public var streamConnected: Bool
    /// Event time of the newest user-data or market event received.
    public var lastStreamEventAt: Timestamp?
    /// Receive time minus event time of that event.
    public var streamLagMs: Int?
    public var reconnects: Int
    public var gapFills: Int
    public var lastFillAt: Timestamp?
    /// `closed`, `open` or `half-open`.
    public var circuitState: String
    public var usedWeight: Int?
    public var weightLimit: Int?

    public init(pid: Int, host: String, venue: String, session: String, startedAt: Timestamp, heartbeatAt: Timestamp) {
        self.pid = pid
        self.host = host
        self.venue = venue
        self.session = session
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
        stoppedAt = nil
        streamConnected = false
        reconnects = 0
        gapFills = 0
        circuitState = "closed"
    }
}
