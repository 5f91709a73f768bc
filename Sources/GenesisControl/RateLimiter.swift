import Foundation
import GenesisBinance
import GenesisDomain
import GenesisStore

/// Token buckets, one per name (an endpoint and a key): each holds up to
/// `perMinute` requests and refills continuously at `perMinute` a minute.
/// Time comes from the injected clock, so tests need no sleeps.
public final class RateLimiter: @unchecked Sendable {
    public enum Decision: Sendable, Equatable {
        case allowed(remaining: Int)
        /// Refused; a request may succeed after this many seconds (at least 1).
        case limited(retryAfterSeconds: Int)
    }

    /// One request costs this much credit; a bucket of `perMinute` refills `perMinute` credit a millisecond.
    private static let cost: Int64 = 60_000

    private struct Bucket {
        var credit: Int64
        var updated: Int64
    }

    private let clock: any TimeSource
    private let lock = NSLock()
    private var buckets: [String: Bucket] = [:]

    public init(clock: any TimeSource) { self.clock = clock }

    public func take(_ name: String, perMinute: Int) -> Decision {
        let rate = Int64(max(1, perMinute))
        let capacity = rate * Self.cost
        let now = clock.now().milliseconds
        return lock.withLock {
            var bucket = buckets[name] ?? Bucket(credit: capacity, updated: now)
            let elapsed = max(0, now - bucket.updated)
            // Saturating refill (elapsed * rate could overflow after a long idle spell).
            let refill = elapsed > capacity / rate ? capacity : elapsed * rate
            bucket.credit = min(capacity, bucket.credit + refill)
            bucket.updated = max(bucket.updated, now)
            defer { buckets[name] = bucket }
            guard bucket.credit >= Self.cost else {
                let waitMs = (Self.cost - bucket.credit + rate - 1) / rate
                return .limited(retryAfterSeconds: Int(max(1, (waitMs + 999) / 1000)))
            }
            bucket.credit -= Self.cost
            return .allowed(remaining: Int(bucket.credit / Self.cost))
        }
    }
}
