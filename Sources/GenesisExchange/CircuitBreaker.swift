import GenesisBinance
import GenesisDomain
import GenesisStore
/// DESIGN §5's circuit breaker: after `failures` failures within `window`
/// seconds it opens and refuses calls; after `halfOpenAfter` seconds one call
/// is let through, and its result closes or re-opens the breaker.
public struct CircuitBreaker: Sendable {
    public let failures: Int
    public let windowMs: Int64
    public let halfOpenAfterMs: Int64
    private var recent: [Int64] = []
    private var openedAt: Int64?

    public init(failures: Int, windowSeconds: Int, halfOpenAfterSeconds: Int) {
        self.failures = failures
        self.windowMs = Int64(windowSeconds) * 1000
        self.halfOpenAfterMs = Int64(halfOpenAfterSeconds) * 1000
    }

    /// Milliseconds until a call may be tried, or nil when one may go now.
    public func waitBeforeCall(at now: Int64) -> Int64? {
        guard let openedAt, now - openedAt < halfOpenAfterMs else { return nil }
        return halfOpenAfterMs - (now - openedAt)
    }

    /// `closed`, `open` (calls refused) or `half-open` (the next call is the trial).
    public func state(at now: Int64) -> String {
        guard let openedAt else { return "closed" }
        return now - openedAt < halfOpenAfterMs ? "open" : "half-open"
    }

    public mutating func recordSuccess() {
        recent.removeAll()
        openedAt = nil
    }

    public mutating func recordFailure(at now: Int64) {
        if openedAt != nil {
            openedAt = now // the half-open trial failed: open again
            return
        }
        recent.append(now)
        recent.removeAll { now - $0 > windowMs }
        if recent.count >= failures { openedAt = now }
    }
}

/// DESIGN §5's back-off: 1, 2, 4, 8 … seconds, capped at the last figure.
public struct RetryPolicy: Sendable {
    public let delaysSeconds: [Int]
    public init(delaysSeconds: [Int]) { self.delaysSeconds = delaysSeconds.isEmpty ? [1] : delaysSeconds }
    /// The delay before retry number `attempt` (1-based).
    public func delay(attempt: Int) -> Int { delaysSeconds[min(attempt, delaysSeconds.count) - 1] }
}
