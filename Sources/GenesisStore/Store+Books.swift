import Foundation
import GRDB
import GRDBSQLite
import GenesisDomain

/// Recorded best bid/ask (`books`, migration v17): idempotent batched
/// inserts, and the replay that merges them with the candles in time order.
extension Store: BookRepository {
    /// Inserts `rows` in one transaction, skipping any already stored (same
    /// symbol, ts and update id). Returns (inserted, skipped).
    public func insertBooks(_ rows: [BookRow]) throws -> (inserted: Int, skipped: Int) {
        guard !rows.isEmpty else { return (0, 0) }
        return try write { db in
            let inserted = try db.insertOrIgnore(
                into: "books", columns: ["symbol", "ts", "update_id", "source", "bid", "bid_qty", "ask", "ask_qty"],
                rows: rows.map { [$0.symbol, $0.ts, $0.updateID, $0.source.rawValue, $0.bid, $0.bidQuantity, $0.ask, $0.askQuantity] })
            return (inserted, rows.count - inserted)
        }
    }

    /// Number of recorded books of `symbol`.
    public func bookCount(symbol: String) throws -> Int {
        try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM books WHERE symbol = ?", arguments: [symbol]) ?? 0 }
    }

    /// Symbols with recorded books, with their count and time span (for `gen-fetch list`).
    public func bookInventory() throws -> [(symbol: String, count: Int, first: Timestamp, last: Timestamp)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT symbol, COUNT(*) AS n, MIN(ts) AS first, MAX(ts) AS last FROM books GROUP BY symbol ORDER BY symbol")
                .map { ($0["symbol"], $0["n"], Timestamp(milliseconds: $0["first"]), Timestamp(milliseconds: $0["last"])) }
        }
    }

    /// Streams the recorded books of `symbols` (ts in [from, to)) as `book`
    /// lines, merged in time order with their candles (open time in [from,
    /// to), stamped at their close as `replayCandles` stamps them) unless
    /// `candles` is false. The order is (ts, candles before books, symbols
    /// in the order given, update id): a candle stamped T covers trades
    /// before T, so it comes before a quote observed at T. Returns how many
    /// candle and book lines were written.
    @discardableResult
    public func replayWithBooks(symbols: [String], interval: Interval, from: Timestamp?, to: Timestamp?, candles includeCandles: Bool,
                                writer output: LineWriter) throws -> (candles: Int, books: Int) {
        let sources = try includeCandles ? symbols.map { try replaySource(symbol: $0, interval: interval) } : symbols.map { _ in nil }
        let low = from?.milliseconds ?? Int64.min, high = to?.milliseconds ?? Int64.max
        return try read { db in
            var candleCursors: [CandleCursor] = []
            for (symbol, source) in zip(symbols, sources) {
                guard let source else { continue }
                candleCursors.append(try candleCursor(db, symbol: symbol, source: source, interval: interval, from: low, to: high))
            }
            var bookCursors: [BookCursor] = []
            for symbol in symbols {
                let sql = "SELECT ts, source, bid, bid_qty, ask, ask_qty FROM books WHERE symbol = ? AND ts >= ? AND ts < ? ORDER BY ts, update_id"
                var cursor: BookCursor
                if let sqlite = db.sqlite {
                    let statement = try sqlite.makeStatement(sql: sql)
                    statement.arguments = [symbol, low, high]
                    cursor = BookCursor(statement: statement, symbol: symbol)
                } else {
                    cursor = BookCursor(rows: try Row.fetchAll(db, sql: sql, arguments: [symbol, low, high]), symbol: symbol)
                }
                try cursor.advance()
                bookCursors.append(cursor)
            }
            let intervalMs = interval.milliseconds
            var line: [UInt8] = []
            line.reserveCapacity(256)
            var written = (candles: 0, books: 0)
            while true {
                var candle = -1
                for index in candleCursors.indices where candleCursors[index].hasRow {
                    if candle < 0 || candleCursors[index].openTime < candleCursors[candle].openTime { candle = index }
                }
                var book = -1
                for index in bookCursors.indices where bookCursors[index].hasRow {
                    if book < 0 || bookCursors[index].ts < bookCursors[book].ts { book = index }
                }
                if candle < 0 && book < 0 { break }
                // Ties go to the candle: it closed at that very millisecond.
                if candle >= 0 && (book < 0 || candleCursors[candle].openTime + intervalMs <= bookCursors[book].ts) {
                    candleCursors[candle].appendLine(to: &line, intervalMs: intervalMs)
                    written.candles += 1
                    try candleCursors[candle].advance()
                } else {
                    bookCursors[book].appendLine(to: &line)
                    written.books += 1
                    try bookCursors[book].advance()
                }
                line.withUnsafeBufferPointer { output.write($0, newline: false) }
                line.removeAll(keepingCapacity: true)
            }
            return written
        }
    }
}

/// One symbol's recorded books in a replay merge, written straight from
/// SQLite's column text in the shape `gen-fetch stream` prints
/// (`BookRow.encoded`).
struct BookCursor {
    let statement: Statement?
    /// PostgreSQL: the fetched rows, and the one the cursor is on.
    private var fetched: IndexingIterator<[Row]>?
    private var row: Row?
    let symbolField: [UInt8]
    var hasRow = false
    var ts: Int64 = 0

    init(statement: Statement, symbol: String) {
        self.statement = statement
        symbolField = Array(",\"symbol\":\"\(symbol)\"".utf8)
    }

    init(rows: [Row], symbol: String) {
        statement = nil
        fetched = rows.makeIterator()
        symbolField = Array(",\"symbol\":\"\(symbol)\"".utf8)
    }

    mutating func advance() throws {
        guard let statement else {
            row = fetched?.next()
            hasRow = row != nil
            if let row { ts = row["ts"] }
            return
        }
        let code = sqlite3_step(statement.sqliteStatement)
        switch code {
        case SQLITE_ROW:
            hasRow = true
            ts = sqlite3_column_int64(statement.sqliteStatement, 0)
        case SQLITE_DONE:
            hasRow = false
        default:
            throw GenesisError.internalError("reading recorded books failed (SQLite code \(code))")
        }
    }

    private static let head = Array("{\"v\":1,\"type\":\"book\",\"ts\":".utf8)
    /// Column, and the field it is written as (nil text: the field is left out).
    private static let fields: [(Int32, [UInt8])] = [(2, ",\"bid\":\""), (3, ",\"bid_qty\":\""), (4, ",\"ask\":\""), (5, ",\"ask_qty\":\"")].map { ($0.0, Array($0.1.utf8)) }
    private static let depth = Array(",\"source\":\"depth\"".utf8)
    private static let tail = Array("}\n".utf8)

    func appendLine(to line: inout [UInt8]) {
        line.append(contentsOf: Self.head)
        appendInteger(ts, to: &line)
        line.append(contentsOf: symbolField)
        guard let statement else {
            for ((_, name), column) in zip(Self.fields, ["bid", "bid_qty", "ask", "ask_qty"]) {
                guard let text = row?[column] as String? else { continue }
                line.append(contentsOf: name)
                line.append(contentsOf: text.utf8)
                line.append(UInt8(ascii: "\""))
            }
            if row?["source"] == BookRow.Source.depth.rawValue { line.append(contentsOf: Self.depth) }
            line.append(contentsOf: Self.tail)
            return
        }
        let raw = statement.sqliteStatement
        for (column, name) in Self.fields {
            guard let text = sqlite3_column_text(raw, column) else { continue }
            line.append(contentsOf: name)
            line.append(contentsOf: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(raw, column))))
            line.append(UInt8(ascii: "\""))
        }
        if let source = sqlite3_column_text(raw, 1), String(cString: source) == BookRow.Source.depth.rawValue { line.append(contentsOf: Self.depth) }
        line.append(contentsOf: Self.tail)
    }
}
