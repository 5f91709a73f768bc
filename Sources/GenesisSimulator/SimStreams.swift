import Foundation
import GenesisBinance
import GenesisDomain

/// gen-sim's market streams: who listens to which stream, and the events the
/// market produces, in Binance's payloads (DESIGN §5, after Binance's API documentation): `kline`,
/// `bookTicker`, `trade`, and diff `depth` updates.
public actor SimStreams {
    struct Subscriber {
        var streams: Set<String>
        /// `/stream` connections wrap each event as `{"stream":…,"data":…}`.
        var combined: Bool
        var continuation: AsyncStream<String>.Continuation
    }

    private var subscribers: [Int: Subscriber] = [:]
    private var nextID = 0
    public init() {}

    /// Registers a connection; events arrive on the returned stream.
    public func subscribe(streams: Set<String>, combined: Bool) -> (Int, AsyncStream<String>) {
        nextID += 1
        let id = nextID
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        subscribers[id] = Subscriber(streams: streams, combined: combined, continuation: continuation)
        return (id, stream)
    }

    public func update(_ id: Int, add: [String] = [], remove: [String] = []) -> [String] {
        guard var subscriber = subscribers[id] else { return [] }
        subscriber.streams.formUnion(add)
        subscriber.streams.subtract(remove)
        subscribers[id] = subscriber
        return subscriber.streams.sorted()
    }

    public func unsubscribe(_ id: Int) {
        subscribers.removeValue(forKey: id)?.continuation.finish()
    }

    /// Ends every connection (the `--drop-streams-ms` fault).
    public func dropAll() {
        for (_, subscriber) in subscribers { subscriber.continuation.finish() }
        subscribers.removeAll()
    }

    public func publish(stream: String, payload: JSONValue) {
        var raw: String?
        var wrapped: String?
        for (_, subscriber) in subscribers where subscriber.streams.contains(stream) {
            if subscriber.combined {
                if wrapped == nil { wrapped = JSONValue.object([("stream", .string(stream)), ("data", payload)]).text }
                subscriber.continuation.yield(wrapped!)
            } else {
                if raw == nil { raw = payload.text }
                subscriber.continuation.yield(raw!)
            }
        }
    }
}

/// The candles gen-sim's own market makes, per symbol and interval, so the
/// kline stream and `/api/v3/klines` agree (and a client can gap-fill).
struct SimCandleMaker: Sendable {
    static let intervals = [Interval("1s")!, Interval.oneMinute]
    var current: [String: KlineRow] = [:]
    var closed: [String: [KlineRow]] = [:]
    var tradeCount: [String: Int64] = [:]

    static func key(_ symbol: String, _ interval: Interval) -> String { "\(symbol)|\(interval.name)" }

    /// Adds a trade at `price`; returns candles that closed and the open ones, for streaming.
    mutating func record(symbol: String, price: Decimal, quantity: Decimal, at time: Int64) -> [(interval: Interval, row: KlineRow, closed: Bool)] {
        var events: [(Interval, KlineRow, Bool)] = []
        for interval in Self.intervals {
            let key = Self.key(symbol, interval)
            let openTime = time - time % interval.milliseconds
            if var row = current[key], row.openTime != openTime {
                row.trades = tradeCount[key]
                closed[key, default: []].append(row)
                if closed[key]!.count > 5000 { closed[key]!.removeFirst(1000) }
                events.append((interval, row, true))
                current[key] = nil
            }
            let text = price.plainText
            var row = current[key] ?? KlineRow(openTime: openTime, open: text, high: text, low: text, close: text, volume: "0")
            if price > Decimal.parse(row.high)! { row.high = text }
            if price < Decimal.parse(row.low)! { row.low = text }
            row.close = text
            row.volume = (Decimal.parse(row.volume)! + quantity).plainText
            tradeCount[key, default: 0] += 1
            current[key] = row
            events.append((interval, row, false))
        }
        return events
    }

    func history(symbol: String, interval: Interval) -> [KlineRow] { closed[Self.key(symbol, interval)] ?? [] }
}
