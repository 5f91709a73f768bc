import Foundation

/// One `book` line (best bid and ask, PROTOCOL.md §8.2) as the book-driven
/// strategies read it: exact prices, optional touch quantities.
public struct BookQuote: Sendable, Equatable {
    public var ts: Timestamp
    public var symbol: String
    public var bid: Decimal
    public var ask: Decimal
    public var bidQuantity: Decimal?
    public var askQuantity: Decimal?

    public init(ts: Timestamp, symbol: String, bid: Decimal, ask: Decimal, bidQuantity: Decimal? = nil, askQuantity: Decimal? = nil) {
        self.ts = ts
        self.symbol = symbol
        self.bid = bid
        self.ask = ask
        self.bidQuantity = bidQuantity
        self.askQuantity = askQuantity
    }

    /// Refuses what gen-exec refuses: anything but 0 < bid ≤ ask.
    public init(line: JSONLine) throws {
        ts = try line.timestamp()
        symbol = try line.string("symbol")
        try Symbol.validate(symbol)
        bid = try line.decimal("bid")
        ask = try line.decimal("ask")
        guard bid > 0, ask >= bid else { throw LineError("book needs 0 < bid <= ask") }
        bidQuantity = try line.optionalDecimal("bid_qty")
        askQuantity = try line.optionalDecimal("ask_qty")
        if let quantity = bidQuantity, quantity < 0 { throw LineError("field 'bid_qty' must not be negative") }
        if let quantity = askQuantity, quantity < 0 { throw LineError("field 'ask_qty' must not be negative") }
    }

    /// (bid + ask) / 2, exact.
    public var mid: Decimal { (bid + ask) / 2 }
    public var spread: Decimal { ask - bid }
    /// The spread in basis points of the mid (a statistic).
    public var spreadBps: Double { (spread / mid).approximateDouble * 10_000 }
}
