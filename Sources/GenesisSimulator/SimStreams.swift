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

    /// Publishes a payload built only when someone listens to `stream`: the
    /// market's trade and kline events, most of which nobody reads.
    public func publish(stream: String, make: @Sendable () -> JSONValue) {
        guard subscribers.values.contains(where: { $0.streams.contains(stream) }) else { return }
        publish(stream: stream, payload: make())
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

/// One trade on gen-sim's market: the market's own step or an account's
/// fill. Numbered once, it feeds the klines, `/api/v3/trades`,
/// `/api/v3/aggTrades`, the tickers and the trade streams alike.
public struct SimMarketTrade: Sendable, Equatable {
    public var id: Int64
    public var symbol: String
    public var price: Decimal
    public var quantity: Decimal
    public var time: Int64
    /// Binance's `m`: the buyer was the resting (maker) side, so the taker sold.
    public var buyerIsMaker: Bool
    public var quoteQuantity: Decimal { price * quantity }
}

/// One kline of gen-sim's own market, summed from its trades as Binance sums
/// them: trade count, quote volume and taker-buy volumes of this kline only,
/// with the ids of its first and last trade.
struct SimCandle: Sendable, Equatable {
    var openTime: Int64
    var open: Decimal
    var high: Decimal
    var low: Decimal
    var close: Decimal
    var volume: Decimal = 0
    var quoteVolume: Decimal = 0
    var takerBuyBase: Decimal = 0
    var takerBuyQuote: Decimal = 0
    var trades: Int64 = 0
    var firstTradeId: Int64
    var lastTradeId: Int64

    init(openTime: Int64, first trade: SimMarketTrade) {
        self.openTime = openTime
        open = trade.price
        high = trade.price
        low = trade.price
        close = trade.price
        firstTradeId = trade.id
        lastTradeId = trade.id
    }

    mutating func add(_ trade: SimMarketTrade) {
        high = max(high, trade.price)
        low = min(low, trade.price)
        close = trade.price
        volume += trade.quantity
        quoteVolume += trade.quoteQuantity
        if !trade.buyerIsMaker {
            takerBuyBase += trade.quantity
            takerBuyQuote += trade.quoteQuantity
        }
        trades += 1
        lastTradeId = trade.id
    }

    var row: KlineRow {
        KlineRow(openTime: openTime, open: open.plainText, high: high.plainText, low: low.plainText, close: close.plainText, volume: volume.plainText,
                 quoteVolume: quoteVolume.plainText, trades: trades, takerBuyBase: takerBuyBase.plainText, takerBuyQuote: takerBuyQuote.plainText)
    }
}

/// The candles gen-sim's own market makes, per symbol and interval, so the
/// kline streams and `/api/v3/klines` agree (and a client can gap-fill).
/// Every interval that divides a UTC day is kept (3d and 1w start on other
/// boundaries, as CandleAggregator explains); 1m candles are kept for a week,
/// the longest window `/api/v3/ticker` asks about.
struct SimCandleMaker: Sendable {
    static let intervals = Interval.known.map { Interval($0.0)! }.filter { Interval("1d")!.milliseconds % $0.milliseconds == 0 }
    var current: [String: SimCandle] = [:]
    var closed: [String: [SimCandle]] = [:]

    static func key(_ symbol: String, _ interval: Interval) -> String { "\(symbol)|\(interval.name)" }

    /// Closed candles kept per interval: a week of minutes, 5000 of any other.
    static func kept(_ interval: Interval) -> Int {
        interval == .oneMinute ? Int(7 * Timestamp.millisecondsPerDay / interval.milliseconds) + 120 : 5000
    }

    /// Adds a trade; returns the candles it closed and the open ones, for streaming.
    mutating func record(_ trade: SimMarketTrade) -> [(interval: Interval, candle: SimCandle, closed: Bool)] {
        var events: [(Interval, SimCandle, Bool)] = []
        for interval in Self.intervals {
            let key = Self.key(trade.symbol, interval)
            let openTime = trade.time - trade.time.modulo(interval.milliseconds)
            if let candle = current[key], candle.openTime != openTime {
                closed[key, default: []].append(candle)
                let keep = Self.kept(interval)
                if closed[key]!.count > keep + keep / 5 { closed[key]!.removeFirst(closed[key]!.count - keep) }
                events.append((interval, candle, true))
                current[key] = nil
            }
            var candle = current[key] ?? SimCandle(openTime: openTime, first: trade)
            candle.add(trade)
            current[key] = candle
            events.append((interval, candle, false))
        }
        return events
    }

    /// The symbol's candles of `interval`, oldest first, the open one last
    /// (as Binance's klines end with the kline still forming).
    func candles(symbol: String, interval: Interval) -> [SimCandle] {
        let key = Self.key(symbol, interval)
        return (closed[key] ?? []) + (current[key].map { [$0] } ?? [])
    }
}
