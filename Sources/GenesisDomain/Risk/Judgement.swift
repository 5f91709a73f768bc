import Foundation

/// Which clock judged a signal, and when on the wall clock (DESIGN §1.4,
/// §10). Recorded with every decision, so gen-exec can tell an order judged
/// live from one judged on a replay's data clock.
public struct Judgement: Sendable, Equatable {
    public var clock: ClockMode
    /// The wall-clock (exchange-corrected on the live account) time of the decision.
    public var at: Timestamp

    public init(clock: ClockMode, at: Timestamp) {
        self.clock = clock
        self.at = at
    }

    /// What an exchange venue refuses of an approved order (DESIGN §10: the
    /// wall clock is the only clock for live orders): one judged on the data
    /// clock, judged more than `maxAgeSeconds` ago, or stamped further than
    /// that from `now` (a signal dated tomorrow would borrow tomorrow's
    /// daily loss limit and an expired cooldown).
    public func liveRefusal(of order: OrderIntent, now: Timestamp, maxAgeSeconds: Int) -> Rejection? {
        let limit = Int64(maxAgeSeconds) * 1000
        guard clock == .wall else {
            return Rejection(.liveClock, "Order \(order.clientOrderID) was judged on the data clock (a replay's time); an exchange trades only orders judged on the wall clock: run gen-risk without --clock data.")
        }
        if now.milliseconds - at.milliseconds > limit {
            return Rejection(.liveClock, "Order \(order.clientOrderID) was judged at \(at.iso8601), more than \(maxAgeSeconds) s before now (\(now.iso8601)); a stale approval is not sent.")
        }
        if abs(order.ts.milliseconds - now.milliseconds) > limit {
            return Rejection(.liveClock, "Order \(order.clientOrderID) is stamped \(order.ts.iso8601), more than \(maxAgeSeconds) s from the exchange's time \(now.iso8601); the live account lives on one clock, now.")
        }
        return nil
    }
}
