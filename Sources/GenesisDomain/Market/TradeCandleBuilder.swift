import Foundation

/// Builds exact candles from one symbol's public trades (Binance's `@trade`
/// stream, in the order sent), the way Binance builds its klines: UTC buckets
/// of the interval by trade time `T`, open of the first trade, highest and
/// lowest price, close of the last, volume Σq, quote volume Σp·q, the number
/// of trades, and the taker-buy volumes (trades whose buyer was not the
/// maker), all exact decimals.
///
/// A candle is only emitted when it is certainly whole. Trade ids are
/// consecutive on Binance, so a bucket is known complete when the data ran
/// through it without a missing id and it is neither the first bucket seen
/// (the recording began inside it) nor the last (it may end inside it, so
/// `finish` emits nothing). A bucket around a hole in the ids is dropped and
/// counted, never passed off as a candle.
public struct TradeCandleBuilder: Sendable {
    public struct Trade: Sendable, Equatable {
        public var id: Int64
        /// Trade time, epoch ms (Binance `T`).
        public var time: Int64
        public var price: Decimal
        public var quantity: Decimal
        /// Binance `m`: the buyer was the maker, so the taker sold.
        public var buyerIsMaker: Bool

        public init(id: Int64, time: Int64, price: Decimal, quantity: Decimal, buyerIsMaker: Bool) {
            self.id = id
            self.time = time
            self.price = price
            self.quantity = quantity
            self.buyerIsMaker = buyerIsMaker
        }
    }

    public let interval: Interval
    /// Buckets left out: the first and last (cut by the edges of the data) and any around missing trade ids.
    public private(set) var partialBuckets = 0
    /// Trades already seen (an id not after the previous one), ignored.
    public private(set) var repeatedTrades = 0

    private var bucket: Int64?
    private var isFirstBucket = true
    private var broken = false
    private var lastID: Int64?
    private var open: Decimal = 0, high: Decimal = 0, low: Decimal = 0, close: Decimal = 0
    private var volume: Decimal = 0, quoteVolume: Decimal = 0, takerBase: Decimal = 0, takerQuote: Decimal = 0
    private var trades: Int64 = 0

    public init(interval: Interval = .oneMinute) {
        self.interval = interval
    }

    /// Adds the next trade; returns the candle it closed, when that one is whole.
    public mutating func add(_ trade: Trade) -> KlineRow? {
        if let lastID, trade.id <= lastID {
            repeatedTrades += 1
            return nil
        }
        let gap = lastID.map { trade.id != $0 + 1 } ?? false
        lastID = trade.id
        let start = trade.time - trade.time.modulo(interval.milliseconds)
        var closed: KlineRow?
        if let bucket, start > bucket {
            // A missing id between the two buckets' trades could belong to either.
            if gap { broken = true }
            closed = wholeCandle(bucket)
            begin(start, trade)
            broken = gap
            return closed
        }
        if bucket == nil {
            begin(start, trade)
            return nil
        }
        if gap { broken = true }
        // A trade stamped before its bucket (clock disorder) joins the bucket it arrived in, as on the exchange.
        high = max(high, trade.price)
        low = min(low, trade.price)
        close = trade.price
        accumulate(trade)
        return nil
    }

    /// The data ended: the bucket in progress may be cut short, so it is left out.
    public mutating func finish() {
        if bucket != nil { partialBuckets += 1 }
        bucket = nil
    }

    private mutating func begin(_ start: Int64, _ trade: Trade) {
        bucket = start
        open = trade.price
        high = trade.price
        low = trade.price
        close = trade.price
        volume = 0
        quoteVolume = 0
        takerBase = 0
        takerQuote = 0
        trades = 0
        accumulate(trade)
    }

    private mutating func accumulate(_ trade: Trade) {
        volume += trade.quantity
        let quote = trade.price * trade.quantity
        quoteVolume += quote
        trades += 1
        if !trade.buyerIsMaker {
            takerBase += trade.quantity
            takerQuote += quote
        }
    }

    private mutating func wholeCandle(_ start: Int64) -> KlineRow? {
        defer { isFirstBucket = false }
        guard !isFirstBucket, !broken else {
            partialBuckets += 1
            return nil
        }
        return KlineRow(openTime: start, open: open.plainText, high: high.plainText, low: low.plainText, close: close.plainText, volume: volume.plainText,
                        quoteVolume: quoteVolume.plainText, trades: trades, takerBuyBase: takerBase.plainText, takerBuyQuote: takerQuote.plainText)
    }
}
