import Foundation
import GenesisBinance
import GenesisDomain

/// gen-sim's rate limits: fixed windows like Binance's (a minute resets at :00),
/// with the 429 → 418 escalation for clients that keep going.
public struct SimLimits: Sendable {
    public var weightLimit: Int
    public var ordersPer10Seconds: Int
    /// 429s tolerated before a ban; Binance bans "repeated" offenders.
    public var strikesBeforeBan = 3
    public var banSeconds = 120

    private var minute: Int64 = -1
    public private(set) var usedWeight = 0
    private var tenSeconds: Int64 = -1
    public private(set) var orders10s = 0
    private var day: Int64 = -1
    public private(set) var ordersDay = 0
    private var strikes = 0
    public private(set) var bannedUntil: Int64 = 0

    public init(weightLimit: Int = 6000, ordersPer10Seconds: Int = 50) {
        self.weightLimit = weightLimit
        self.ordersPer10Seconds = ordersPer10Seconds
    }

    /// Counts a request; throws 429/418 as Binance would. An order request
    /// counts `orders` against the order limits (an OCO places two).
    public mutating func admit(weight: Int, isOrder: Bool, orders: Int = 1, now: Int64) throws(BinanceError) {
        if now < bannedUntil {
            throw .banned(until: bannedUntil, retryAfter: Int((bannedUntil - now + 999) / 1000))
        }
        if now / 60_000 != minute { minute = now / 60_000; usedWeight = 0 }
        if now / 10_000 != tenSeconds { tenSeconds = now / 10_000; orders10s = 0 }
        if now / 86_400_000 != day { day = now / 86_400_000; ordersDay = 0 }
        usedWeight += weight
        if usedWeight > weightLimit {
            strikes += 1
            if strikes > strikesBeforeBan {
                bannedUntil = now + Int64(banSeconds) * 1000
                strikes = 0
                throw .banned(until: bannedUntil, retryAfter: banSeconds)
            }
            throw .tooMuchWeight(limit: weightLimit, retryAfter: Int((minute + 1) * 60_000 - now + 999) / 1000)
        }
        if isOrder {
            orders10s += orders
            ordersDay += orders
            if orders10s > ordersPer10Seconds {
                throw BinanceError(status: 429, code: -1015, message: "Too many new orders; current limit is \(ordersPer10Seconds) orders per 10 SECOND.",
                                   retryAfter: Int((tenSeconds + 1) * 10_000 - now + 999) / 1000)
            }
        }
    }

    /// exchangeInfo's `rateLimits`: the limits this sim enforces (a sim started
    /// with `--weight-limit` advertises that limit, so a client budgeting by
    /// exchangeInfo, as Binance asks, budgets by what is enforced).
    public var advertisedJSON: JSONValue {
        .array([("REQUEST_WEIGHT", "MINUTE", 1, weightLimit), ("ORDERS", "SECOND", 10, ordersPer10Seconds), ("ORDERS", "DAY", 1, 160_000)].map { limit in
            .object([("rateLimitType", .string(limit.0)), ("interval", .string(limit.1)), ("intervalNum", .integer(Int64(limit.2))),
                     ("limit", .integer(Int64(limit.3)))])
        })
    }

    /// The WebSocket API's `rateLimits`: the request weight used in this
    /// minute against its limit, as the REST headers give it.
    public var rateLimits: JSONValue {
        .array([.object([("rateLimitType", .string("REQUEST_WEIGHT")), ("interval", .string("MINUTE")), ("intervalNum", .integer(1)),
                         ("limit", .integer(Int64(weightLimit))), ("count", .integer(Int64(usedWeight)))])])
    }

    /// The headers every response carries.
    public func headers(isOrder: Bool) -> [(String, String)] {
        var headers = [("X-MBX-USED-WEIGHT-1M", String(usedWeight)), ("X-MBX-USED-WEIGHT", String(usedWeight))]
        if isOrder {
            headers.append(("X-MBX-ORDER-COUNT-10S", String(orders10s)))
            headers.append(("X-MBX-ORDER-COUNT-1D", String(ordersDay)))
        }
        return headers
    }
}
