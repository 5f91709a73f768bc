/// Where "now" comes from (DESIGN §1.4): the one clock abstraction. Every
/// rule, timeout and heartbeat that depends on time asks a time source, never
/// the system directly, so a backtest lives through its data's days exactly
/// as live trading lives through real ones, and a test moves time by hand.
/// (Named apart from the standard library's `Clock`, which measures
/// durations, not dates.)
public protocol TimeSource: Sendable {
    func now() -> Timestamp
}

extension TimeSource {
    /// Now, in epoch milliseconds.
    public var milliseconds: Int64 { now().milliseconds }
}

/// The machine's clock, for live commands.
public struct WallClock: TimeSource {
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
