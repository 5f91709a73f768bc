import Foundation

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

/// A clock moved by a measured offset: the wall clock corrected by the
/// exchange's server time (DESIGN §1.4), so the live account's days,
/// cooldowns and order stamps agree with the exchange's, whatever the
/// machine's clock says.
public struct CorrectedClock: TimeSource {
    public let base: any TimeSource
    /// Server time minus the base clock's, in milliseconds.
    public let offsetMs: Int64

    public init(_ base: any TimeSource = WallClock(), offsetMs: Int64) {
        self.base = base
        self.offsetMs = offsetMs
    }

    public func now() -> Timestamp { base.now().adding(milliseconds: offsetMs) }
}

/// The exchange's time carried forward by the machine's monotonic clock
/// (time since boot, which no one can set): `anchor` is the server time at
/// a measurement taken `anchorUptimeMs` after boot. Setting the machine's
/// date forward moves neither, so the live account's days, cooldowns and
/// gates cannot be reached early that way (DESIGN §10.1).
public struct AnchoredClock: TimeSource {
    public let anchor: Timestamp
    public let anchorUptimeMs: Int64

    public init(anchor: Timestamp, anchorUptimeMs: Int64) {
        self.anchor = anchor
        self.anchorUptimeMs = anchorUptimeMs
    }

    public func now() -> Timestamp { anchor.adding(milliseconds: Uptime.milliseconds - anchorUptimeMs) }
}

/// The machine's monotonic clock and which boot it counts from.
public enum Uptime {
    /// Milliseconds since boot (not settable, shared by every process).
    public static var milliseconds: Int64 { Int64((ProcessInfo.processInfo.systemUptime * 1000).rounded()) }

    /// This boot's identity (Linux), so an anchor from an earlier boot is not used.
    public static let bootID: String? = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Which clock a streaming stage runs on.
public enum ClockMode: String, Sendable, CaseIterable {
    /// The timestamps of the events themselves (replay, backtest).
    case data
    /// The wall clock (live trading).
    case wall
}
