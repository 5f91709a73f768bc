/// Where "now" comes from (SPEC §1.4). Every rule that depends on time asks a
/// clock, never the system directly, so a backtest lives through its data's
/// days exactly as live trading lives through real ones.
public protocol Clock: Sendable {
    func now() -> Timestamp
}

/// The machine's clock, for live commands (issue: corrected by the exchange
/// server-time offset once the gateway exists).
public struct WallClock: Clock {
    public init() {}
    public func now() -> Timestamp { Timestamp.now() }
}

/// A clock that stands still until told to move; tests and replays set it.
public final class ManualClock: Clock, @unchecked Sendable {
    // Only mutated by the single thread that owns the stage loop.
    private var current: Timestamp
    public init(_ start: Timestamp) { current = start }
    public func now() -> Timestamp { current }
    /// Moves forward only: events older than the clock do not rewind time.
    public func advance(to time: Timestamp) { if time > current { current = time } }
}

/// Which clock a streaming stage runs on.
public enum ClockMode: String, Sendable, CaseIterable {
    /// The timestamps of the events themselves (replay, backtest).
    case data
    /// The wall clock (live trading).
    case wall
}
