import Foundation
import Logging
import GenesisDomain

/// `gen-fetch import` of market-stream recordings (DESIGN §1.2 "Data"):
///
/// - a **recording**: text lines `<receive time in ns> <message>`, gzipped
///   or not, the message a combined-stream envelope `{"stream":…,"data":…}`
///   as Binance sent it or a REST depth snapshot (the format of
///   Tests/Fixtures/btcusdt_20240808.gz). Each `@bookTicker` message becomes
///   a recorded book stamped with its receive time in ms (a bookTicker
///   carries no event time) and keyed by its update id `u`; the `@trade`
///   messages become exact 1-minute candles (`TradeCandleBuilder`: only
///   minutes the recording covers whole). Depth diffs and snapshots are
///   counted and left out.
/// - **stream lines**: NDJSON as `gen-fetch stream --book` prints it (say
///   `> file`): `book` lines become recorded books (keyed by their position
///   among the file's lines of the same symbol and ts), `candle` lines
///   candles of their interval; other types are counted and left out.
///
/// Everything is stored idempotently, so importing a file again adds nothing.
public struct RecordingImporter {
    public enum Kind: String, Sendable {
        case recording
        case streamLines = "stream lines"
    }

    public struct Report: Sendable, Equatable {
        public var file: String
        public var kind: Kind
        public var symbols: Set<String> = []
        public var books = 0
        public var booksInserted = 0
        public var booksSkipped = 0
        public var candles = 0
        public var candlesInserted = 0
        public var candlesSkipped = 0
        /// Minutes of trades left out: cut by the recording's start or end, or around a missing trade id.
        public var partialMinutes = 0
        /// Messages or lines read but not imported (depth diffs, snapshots, other streams or line types).
        public var ignored = 0
        public var rejected = 0
    }

    let books: BookRepository
    let candles: CandleRepository
    let logger: Logger
    /// Rows per transaction.
    let batchSize = 10_000
    /// A recording's REST depth snapshot is one long line (64 KB for 1,000 levels a side).
    static let maxLineBytes = 8 << 20
    /// Rejected lines named one by one per file; the rest are counted.
    static let linesNamed = 20

    public init(books: BookRepository, candles: CandleRepository, logger: Logger) {
        self.books = books
        self.candles = candles
        self.logger = logger
    }

    private struct StopReading: Error {}

    /// What the file holds, from its first non-empty line: nil when it is
    /// neither a recording nor stream lines (a kline file, say).
    public static func detect(_ path: String) throws -> Kind? {
        // A zip is a kline archive; a file that cannot be read is the kline importer's to report.
        if path.lowercased().hasSuffix(".zip") || !FileManager.default.isReadableFile(atPath: path) { return nil }
        var splitter = LineSplitter(maxLineBytes: maxLineBytes)
        var found: Kind??
        do {
            try GzipReader(path: path).forEachChunk { data in
                try splitter.feed(data) { bytes, _ in
                    guard found == nil else { throw StopReading() }
                    guard let bytes else { return }
                    found = classify(bytes)
                    if found != nil { throw StopReading() }
                }
            }
            splitter.finish { bytes, _ in
                if found == nil, let bytes { found = classify(bytes) }
            }
        } catch is StopReading {}
        return found ?? nil
    }

    /// nil: a blank line, decide on the next; .some(nil): neither kind.
    private static func classify(_ bytes: UnsafeBufferPointer<UInt8>) -> Kind?? {
        let text = bytes.prefix { $0 != 13 }
        guard !text.isEmpty else { return nil }
        let digits = text.prefix { $0 >= 48 && $0 <= 57 }.count
        if digits > 0, digits + 1 < text.count, text[digits] == 32, text[digits + 1] == UInt8(ascii: "{") { return .recording }
        if text.first == UInt8(ascii: "{"), String(decoding: text, as: UTF8.self).contains("\"type\":") { return .streamLines }
        return .some(nil)
    }

    /// Imports one file of `kind`; `symbol`, when given, limits it to that symbol.
    public func importFile(_ path: String, kind: Kind, symbol only: String? = nil) throws -> Report {
        guard FileManager.default.isReadableFile(atPath: path) else { throw GenesisError.badInput(source: path, message: "no such readable file") }
        var state = State(report: Report(file: path, kind: kind), only: only)
        let source = URL(fileURLWithPath: path).lastPathComponent
        var splitter = LineSplitter(maxLineBytes: Self.maxLineBytes)
        let handle: (UnsafeBufferPointer<UInt8>?, Int) throws -> Void = { bytes, number in
            do {
                guard let bytes else { throw LineError("longer than \(Self.maxLineBytes) bytes") }
                if bytes.isEmpty || (bytes.count == 1 && bytes[0] == 13) { return }
                switch kind {
                case .recording: try state.recordingLine(bytes)
                case .streamLines: try state.streamLine(bytes)
                }
            } catch let error as LineError {
                state.report.rejected += 1
                if state.report.rejected <= Self.linesNamed { logger.error("\(source) line \(number): \(error.reason)") }
            }
            if state.bookBatch.count >= batchSize { try flushBooks(&state) }
            if state.candleBatch.count >= batchSize { try flushCandles(&state) }
        }
        try GzipReader(path: path).forEachChunk { data in try splitter.feed(data, handle) }
        try splitter.finish(handle)
        for symbol in state.builders.keys.sorted() {
            state.builders[symbol]!.finish()
            state.report.partialMinutes += state.builders[symbol]!.partialBuckets
        }
        try flushBooks(&state)
        try flushCandles(&state)
        if state.report.rejected > Self.linesNamed {
            logger.error("\(source): \(state.report.rejected - Self.linesNamed) more lines rejected (the first \(Self.linesNamed) are named above)")
        }
        return state.report
    }

    private func flushBooks(_ state: inout State) throws {
        let (inserted, skipped) = try books.insertBooks(state.bookBatch)
        state.report.booksInserted += inserted
        state.report.booksSkipped += skipped
        state.bookBatch.removeAll(keepingCapacity: true)
    }

    private func flushCandles(_ state: inout State) throws {
        // Grouped by symbol and interval, in the order they came.
        var groups: [(String, Interval, [KlineRow])] = []
        for (symbol, interval, row) in state.candleBatch {
            if let last = groups.indices.last, groups[last].0 == symbol, groups[last].1 == interval {
                groups[last].2.append(row)
            } else {
                groups.append((symbol, interval, [row]))
            }
        }
        for (symbol, interval, rows) in groups {
            let (inserted, skipped) = try candles.insertCandles(symbol: symbol, interval: interval, rows: rows)
            state.report.candlesInserted += inserted
            state.report.candlesSkipped += skipped
        }
        state.candleBatch.removeAll(keepingCapacity: true)
    }

    /// What one import has read so far.
    struct State {
        var report: Report
        let only: String?
        var bookBatch: [BookRow] = []
        var candleBatch: [(String, Interval, KlineRow)] = []
        var builders: [String: TradeCandleBuilder] = [:]
        /// Stream lines: the newest book ts per symbol and how many books came at it.
        var lastBook: [String: (ts: Int64, count: Int64)] = [:]
        var outer = JSONLineScanner()
        var inner = JSONLineScanner()

        init(report: Report, only: String?) {
            self.report = report
            self.only = only
        }

        func wanted(_ symbol: String) -> Bool { only.map { $0 == symbol } ?? true }

        mutating func add(_ row: BookRow) {
            bookBatch.append(row)
            report.books += 1
            report.symbols.insert(row.symbol)
        }

        mutating func add(_ row: KlineRow, symbol: String, interval: Interval) {
            candleBatch.append((symbol, interval, row))
            report.candles += 1
            report.symbols.insert(symbol)
        }

        /// `<receive time in ns> <message>`.
        mutating func recordingLine(_ bytes: UnsafeBufferPointer<UInt8>) throws {
            guard let space = bytes.firstIndex(of: 32), space > 0, space <= 19, bytes[..<space].allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let nanoseconds = Int64(String(decoding: bytes[..<space], as: UTF8.self)) else {
                throw LineError("not `<receive time in ns> <message>`")
            }
            let receivedMs = nanoseconds / 1_000_000
            let message = try outer.scan(UnsafeBufferPointer(rebasing: bytes[(space + 1)...]))
            guard let stream = try message.optionalString("stream"), let data = message.field("data"), data.kind == .object else {
                // A REST depth snapshot, or anything else that is not a stream message.
                report.ignored += 1
                return
            }
            if stream.hasSuffix("@bookTicker") {
                let ticker = try inner.scan(message.raw(data))
                let symbol = try ticker.string("s")
                guard wanted(symbol) else { return report.ignored += 1 }
                try Symbol.validate(symbol)
                let bid = try ticker.decimal("b"), ask = try ticker.decimal("a")
                guard bid > 0, ask >= bid else { throw LineError("bookTicker needs 0 < bid <= ask, got bid \(bid.plainText) and ask \(ask.plainText)") }
                add(BookRow(symbol: symbol, ts: receivedMs, updateID: try ticker.int64("u"), source: .bookTicker, bid: bid.plainText,
                            bidQuantity: try ticker.optionalDecimal("B")?.plainText, ask: ask.plainText, askQuantity: try ticker.optionalDecimal("A")?.plainText))
            } else if stream.hasSuffix("@trade") {
                let trade = try inner.scan(message.raw(data))
                let symbol = try trade.string("s")
                guard wanted(symbol) else { return report.ignored += 1 }
                try Symbol.validate(symbol)
                let price = try trade.decimal("p"), quantity = try trade.decimal("q")
                guard price > 0, quantity > 0 else { throw LineError("a trade needs a price and a quantity above 0") }
                let parsed = TradeCandleBuilder.Trade(id: try trade.int64("t"), time: try trade.timestamp("T").milliseconds, price: price, quantity: quantity,
                                                      buyerIsMaker: try trade.bool("m"))
                if let row = builders[symbol, default: TradeCandleBuilder(interval: .oneMinute)].add(parsed) {
                    add(row, symbol: symbol, interval: .oneMinute)
                }
            } else {
                report.ignored += 1
            }
        }

        /// One NDJSON stream line: `book` and `candle` are kept.
        mutating func streamLine(_ bytes: UnsafeBufferPointer<UInt8>) throws {
            let line = try outer.scan(bytes)
            switch try line.string("type") {
            case EventType.book.rawValue:
                let symbol = try line.string("symbol")
                guard wanted(symbol) else { return report.ignored += 1 }
                let ts = try line.timestamp().milliseconds
                let previous = lastBook[symbol]
                if let previous, ts < previous.ts {
                    throw LineError("book ts \(Timestamp(milliseconds: ts).iso8601) is before the previous \(symbol) book's; book lines must be in time order")
                }
                let ordinal = previous.map { $0.ts == ts ? $0.count : 0 } ?? 0
                add(try BookRow(line: line, updateID: ordinal))
                lastBook[symbol] = (ts, ordinal + 1)
            case EventType.candle.rawValue:
                let symbol = try line.string("symbol")
                guard wanted(symbol) else { return report.ignored += 1 }
                try Symbol.validate(symbol)
                let name = try line.string("interval")
                guard let interval = Interval(name) else { throw LineError("interval '\(name.prefix(10))' is not one of \(Interval.allowedNames)") }
                let openTime = try line.timestamp("open_time").milliseconds
                guard try line.timestamp().milliseconds == openTime + interval.milliseconds else { throw LineError("ts is not open_time + interval") }
                let prices = try [line.decimal("open"), line.decimal("high"), line.decimal("low"), line.decimal("close"), line.decimal("volume")]
                add(KlineRow(openTime: openTime, open: prices[0].plainText, high: prices[1].plainText, low: prices[2].plainText,
                             close: prices[3].plainText, volume: prices[4].plainText), symbol: symbol, interval: interval)
            default:
                report.ignored += 1
            }
        }
    }
}
