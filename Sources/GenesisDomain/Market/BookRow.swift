import Foundation

/// One recorded best bid/ask (a `book` line, PROTOCOL §8.2) as the store
/// keeps it: exact decimal text, as the live line printed it, so a replay
/// writes the same bytes the stream wrote.
///
/// `updateID` is what makes re-recording idempotent (the store's key is
/// symbol + ts + update id): Binance's order-book update id `u` for a
/// bookTicker, the local book's last applied update id for a depth top, and
/// for a `book` line imported from an NDJSON file (which carries no id) its
/// position among that file's lines of the same symbol and ts (0, 1, …), so
/// importing the same file twice stores it once.
public struct BookRow: Sendable, Equatable {
    /// Where the line came from: the bookTicker stream, or the local depth book.
    public enum Source: String, Sendable {
        case bookTicker
        case depth
    }

    public var symbol: String
    /// Epoch ms when the quote was observed (a bookTicker has no event time: the receive time).
    public var ts: Int64
    public var updateID: Int64
    public var source: Source
    public var bid: String
    public var bidQuantity: String?
    public var ask: String
    public var askQuantity: String?

    public init(symbol: String, ts: Int64, updateID: Int64, source: Source, bid: String, bidQuantity: String?, ask: String, askQuantity: String?) {
        self.symbol = symbol
        self.ts = ts
        self.updateID = updateID
        self.source = source
        self.bid = bid
        self.bidQuantity = bidQuantity
        self.ask = ask
        self.askQuantity = askQuantity
    }

    /// The row of a `book` line: exact prices (0 < bid ≤ ask, as gen-exec
    /// requires), written back in the plain form the live stream uses.
    public init(line: JSONLine, updateID: Int64) throws {
        let quote = try BookQuote(line: line)
        let source = try line.optionalString("source")
        self.init(symbol: quote.symbol, ts: quote.ts.milliseconds, updateID: updateID, source: source == "depth" ? .depth : .bookTicker,
                  bid: quote.bid.plainText, bidQuantity: quote.bidQuantity?.plainText, ask: quote.ask.plainText, askQuantity: quote.askQuantity?.plainText)
    }

    /// The `book` line, field for field as `gen-fetch stream` writes it.
    public var encoded: [UInt8] {
        var line = JSONLineBuilder(type: .book, ts: Timestamp(milliseconds: ts))
        line.field("symbol", symbol)
        line.field("bid", bid)
        line.field("bid_qty", bidQuantity)
        line.field("ask", ask)
        line.field("ask_qty", askQuantity)
        if source == .depth { line.field("source", "depth") }
        return line.finishBytes()
    }
}
