import Foundation
import GenesisDomain

/// What may be sent and when (`alert.dedupeMinutes`, `alert.maxPerHour`,
/// `alert.retries`, `alert.retryMaxSeconds`): a value with no clock of its
/// own, so every decision takes `now` from the caller's time source and a
/// test moves time by hand. Each run of `gen-alert` rebuilds it from the
/// recorded deliveries (`remember`), so the limits hold across the cron
/// runs and the stream stage alike.
public struct AlertPolicy: Sendable, Equatable {
    public enum Verdict: Sendable, Equatable {
        case send
        /// The same code and symbol was sent within the window.
        case deduplicated
        /// `maxPerHour` were sent in the last hour; counted for the summary.
        case rateLimited
    }

    public var dedupeMilliseconds: Int64
    public var maxPerHour: Int
    public var retries: Int
    public var retryMaxSeconds: Int
    /// When each key was last sent.
    private(set) var lastSent: [String: Timestamp] = [:]
    /// When alerts were sent, within the last hour (the rate window).
    private(set) var sentTimes: [Timestamp] = []
    /// Alerts held back by the rate limit since the last summary, and when the first was.
    public private(set) var suppressed = 0
    public private(set) var suppressedSince: Timestamp?

    public static let summaryCode = "alert.suppressed"
    static let hour: Int64 = 3_600_000

    public init(dedupeMinutes: Int, maxPerHour: Int, retries: Int, retryMaxSeconds: Int) {
        dedupeMilliseconds = Int64(dedupeMinutes) * 60_000
        self.maxPerHour = maxPerHour
        self.retries = retries
        self.retryMaxSeconds = retryMaxSeconds
    }

    public init(_ settings: GenesisConfig.Alert) {
        self.init(dedupeMinutes: settings.dedupeMinutes, maxPerHour: settings.maxPerHour, retries: settings.retries, retryMaxSeconds: settings.retryMaxSeconds)
    }

    /// How far back `remember` reads the record: the rate window and the
    /// dedupe window need an hour or so, the count of alerts held back for
    /// the summary goes back to the last summary (a week at most).
    public var memory: Int64 { max(7 * 24 * Self.hour, dedupeMilliseconds) }

    /// Judges `message` at `now` and, when it may go, counts it as sent.
    /// The summary of suppressed alerts (`summary(at:)`) goes first.
    public mutating func admit(_ message: AlertMessage, at now: Timestamp) -> Verdict {
        forget(before: now)
        if dedupeMilliseconds > 0, let last = lastSent[message.key], now.milliseconds - last.milliseconds < dedupeMilliseconds {
            return .deduplicated
        }
        guard sentTimes.count < maxPerHour else {
            if suppressed == 0 { suppressedSince = now }
            suppressed += 1
            return .rateLimited
        }
        sent(message.key, at: now)
        return .send
    }

    /// The one "N alerts suppressed" alert, due once the limit has lifted
    /// after holding some back; counted as sent. Nil when none is due.
    public mutating func summary(at now: Timestamp) -> AlertMessage? {
        forget(before: now)
        guard suppressed > 0, sentTimes.count < maxPerHour else { return nil }
        let since = suppressedSince ?? now
        let count = suppressed
        suppressed = 0
        suppressedSince = nil
        sent(Self.summaryCode + "|", at: now)
        return AlertMessage(level: .warning, code: Self.summaryCode,
                            message: "\(count) alert\(count == 1 ? " was" : "s were") suppressed since \(since.iso8601) by alert.maxPerHour (\(maxPerHour) an hour); `gen-alert history` lists them.",
                            ts: now, source: "policy")
    }

    /// The wait before attempt `attempt + 1` after attempt `attempt`
    /// failed: 1, 2, 4 … seconds, at most `retryMaxSeconds`.
    public func backoff(afterAttempt attempt: Int) -> Int {
        let doubled = attempt >= 31 ? Int.max : 1 << (attempt - 1)
        return min(doubled, retryMaxSeconds)
    }

    /// Replays a recorded decision (oldest first), so a new run keeps the
    /// limits of the ones before it.
    public mutating func remember(code: String, symbol: String?, status: String, at time: Timestamp) {
        let key = code + "|" + (symbol ?? "")
        switch status {
        case "delivered", "failed":
            if code == Self.summaryCode {
                suppressed = 0
                suppressedSince = nil
            }
            sent(key, at: time)
        case "rate_limited":
            if suppressed == 0 { suppressedSince = time }
            suppressed += 1
        default:
            break
        }
    }

    private mutating func sent(_ key: String, at time: Timestamp) {
        lastSent[key] = time
        sentTimes.append(time)
    }

    private mutating func forget(before now: Timestamp) {
        sentTimes.removeAll { now.milliseconds - $0.milliseconds >= Self.hour }
    }
}
