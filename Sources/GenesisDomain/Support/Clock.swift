/// Where "now" comes from (DESIGN §1.4). Every rule that depends on time asks a
/// clock, never the system directly, so a backtest lives through its data's
/// days exactly as live trading lives through real ones.
public protocol Clock: Sendable {
    func now() -> Timestamp
}

/// The machine's clock, for live commands (to be corrected by the exchange
/// server-time offset once the gateway exists).
public struct WallClock: Clock {
    public init() {}
    public func now() -> Timestamp { Timestamp.now() }
}

/// Which clock a streaming stage runs on.
public enum ClockMode: String, Sendable, CaseIterable {
    /// The timestamps of the events themselves (replay, backtest).
    case data
    /// The wall clock (live trading).
    case wall
}
