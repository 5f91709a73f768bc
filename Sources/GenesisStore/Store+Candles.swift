import Foundation
import GRDB
import GRDBSQLite
import GenesisDomain

/// Candle storage: idempotent inserts (UNIQUE symbol + interval + open time)
/// and a time-ordered replay that writes stream lines straight from the
/// stored text, without building a decimal per price.
extension Store: CandleHistory {
    /// Inserts rows, skipping any already stored. Returns (inserted, skipped).
    public func insertCandles(symbol: String, interval: Interval, rows: [KlineRow]) throws -> (inserted: Int, skipped: Int) {
        try write { db in
            let inserted = try db.insertOrIgnore(
                into: "candles",
                columns: ["symbol", "interval", "open_time", "open", "high", "low", "close", "volume", "quote_volume", "trades", "taker_buy_base", "taker_buy_quote"],
                rows: rows.map { [symbol, interval.name, $0.openTime, $0.open, $0.high, $0.low, $0.close, $0.volume, $0.quoteVolume, $0.trades, $0.takerBuyBase, $0.takerBuyQuote] })
            return (inserted, rows.count - inserted)
        }
    }

    public func klines(symbol: String, interval: Interval, start: Int64?, end: Int64?, limit: Int) throws -> [KlineRow] {
        try read { db in
            // Binance: with only an end, the newest candles up to it; otherwise from the start.
            let newestFirst = start == nil && end != nil
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM candles WHERE symbol = ? AND interval = ? AND open_time >= ? AND open_time <= ?
                ORDER BY open_time \(newestFirst ? "DESC" : "ASC") LIMIT ?
                """, arguments: [symbol, interval.name, start ?? Int64.min, end ?? Int64.max, limit])
            let klines = rows.map { row in
                KlineRow(openTime: row["open_time"], open: row["open"], high: row["high"], low: row["low"], close: row["close"], volume: row["volume"],
                         quoteVolume: row["quote_volume"], trades: row["trades"], takerBuyBase: row["taker_buy_base"], takerBuyQuote: row["taker_buy_quote"])
            }
            return newestFirst ? klines.reversed() : klines
        }
    }

    public func lastOpenTime(symbol: String, interval: Interval) throws -> Int64? {
        try read { try Int64.fetchOne($0, sql: "SELECT MAX(open_time) FROM candles WHERE symbol = ? AND interval = ?", arguments: [symbol, interval.name]) }
    }

    /// Number of stored candles for a symbol and interval.
    public func candleCount(symbol: String, interval: Interval) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM candles WHERE symbol = ? AND interval = ?", arguments: [symbol, interval.name]) ?? 0
        }
    }

    /// Symbols and intervals stored, with their time span (for `gen-fetch list`).
    public func candleInventory() throws -> [(symbol: String, interval: String, count: Int, first: Timestamp, last: Timestamp)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT symbol, interval, COUNT(*) AS n, MIN(open_time) AS first, MAX(open_time) AS last FROM candles GROUP BY symbol, interval ORDER BY symbol, interval")
                .map { ($0["symbol"], $0["interval"], $0["n"], Timestamp(milliseconds: $0["first"]), Timestamp(milliseconds: $0["last"])) }
        }
    }

    /// Where a replay of `symbol` at `interval` reads from: the candles
    /// stored at that interval, or else the finest stored interval that
    /// aggregates into it (`CandleAggregator`); nil when there is neither.
    public func replaySource(symbol: String, interval: Interval) throws -> Interval? {
        if try candleCount(symbol: symbol, interval: interval) > 0 { return interval }
        return try storedIntervals(symbol: symbol).filter { CandleAggregator.canAggregate($0, into: interval) }.min { $0.milliseconds < $1.milliseconds }
    }

    /// The intervals `symbol`'s candles are stored at.
    public func storedIntervals(symbol: String) throws -> [Interval] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT interval FROM candles WHERE symbol = ?", arguments: [symbol]).compactMap(Interval.init)
        }
    }

    /// Streams stored candles of `symbols` as `candle` lines in time order
    /// (ties in the order the symbols were given), from a k-way merge of one
    /// index-ordered cursor per symbol; a symbol stored only at a finer
    /// interval is aggregated on the way (`replaySource`). Returns the number
    /// of lines written.
    @discardableResult
    public func replayCandles(symbols: [String], interval: Interval, from: Timestamp?, to: Timestamp?, writer output: LineWriter) throws -> Int {
        let sources = try symbols.map { try replaySource(symbol: $0, interval: interval) ?? interval }
        return try read { db in
            var cursors: [CandleCursor] = []
            for (symbol, source) in zip(symbols, sources) {
                let cursor = try candleCursor(db, symbol: symbol, source: source, interval: interval,
                                              from: from?.milliseconds ?? Int64.min, to: to?.milliseconds ?? Int64.max)
                cursors.append(cursor)
            }
            var written = 0
            while true {
                var best = -1
                for index in cursors.indices where cursors[index].hasRow {
                    if best < 0 || cursors[index].openTime < cursors[best].openTime { best = index }
                }
                if best < 0 { break }
                output.append { cursors[best].appendLine(to: &$0, intervalMs: interval.milliseconds) }
                written += 1
                try cursors[best].advance()
            }
            return written
        }
    }
}

extension Store {
    /// A replay's cursor over one symbol's stored candles from `low` up to
    /// `high` (excluded), on its first row.
    func candleCursor(_ db: StoreDatabase, symbol: String, source: Interval, interval: Interval, from low: Int64, to high: Int64) throws -> CandleCursor {
        let sql = """
            SELECT open_time, open, high, low, close, volume FROM candles
            WHERE symbol = ? AND interval = ? AND open_time >= ? AND open_time < ? ORDER BY open_time
            """
        let arguments: StoreArguments = [symbol, source.name, low, high]
        let prefix = Array(",\"symbol\":\"\(symbol)\",\"interval\":\"\(interval.name)\",\"open_time\":".utf8)
        let aggregator = CandleAggregator(from: source, to: interval)
        var cursor: CandleCursor
        if let sqlite = db.sqlite {
            let statement = try sqlite.makeStatement(sql: sql)
            statement.arguments = StatementArguments(arguments)
            cursor = CandleCursor(statement: statement, prefix: prefix, aggregator: aggregator)
        } else {
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                KlineRow(openTime: row["open_time"], open: row["open"], high: row["high"], low: row["low"], close: row["close"], volume: row["volume"])
            }
            cursor = CandleCursor(rows: rows, prefix: prefix, aggregator: aggregator)
        }
        try cursor.advance()
        return cursor
    }
}

/// One symbol's position in a replay merge, reading SQLite's column text
/// directly into the output line (on PostgreSQL, the fetched rows' text).
struct CandleCursor {
    let statement: Statement?
    private var fetched: IndexingIterator<[KlineRow]>?
    let prefix: [UInt8]
    var hasRow = false
    var openTime: Int64 = 0
    /// Set when the stored rows are finer than the replayed interval.
    var aggregator: CandleAggregator?
    /// The aggregated candle to write next.
    private var built: KlineRow?
    private var exhausted = false

    init(statement: Statement, prefix: [UInt8], aggregator: CandleAggregator? = nil) {
        self.statement = statement
        self.prefix = prefix
        self.aggregator = aggregator
    }

    init(rows: [KlineRow], prefix: [UInt8], aggregator: CandleAggregator? = nil) {
        statement = nil
        fetched = rows.makeIterator()
        self.prefix = prefix
        self.aggregator = aggregator
    }

    mutating func advance() throws {
        guard aggregator != nil else {
            guard let statement else {
                built = fetched?.next()
                hasRow = built != nil
                if let built { openTime = built.openTime }
                return
            }
            hasRow = try step()
            if hasRow { openTime = sqlite3_column_int64(statement.sqliteStatement, 0) }
            return
        }
        built = nil
        while built == nil, !exhausted {
            guard let row = try nextFineRow() else {
                // SQLite would start the query over on another step.
                exhausted = true
                built = aggregator!.finish()
                break
            }
            built = try aggregator!.add(row)
        }
        hasRow = built != nil
        if let built { openTime = built.openTime }
    }

    private mutating func nextFineRow() throws -> KlineRow? {
        guard statement != nil else { return fetched?.next() }
        return try step() ? fineRow() : nil
    }

    private func step() throws -> Bool {
        let code = sqlite3_step(statement!.sqliteStatement)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw GenesisError.internalError("reading candles failed (SQLite code \(code))")
        }
    }

    private func fineRow() -> KlineRow {
        let raw = statement!.sqliteStatement
        func text(_ column: Int32) -> String { sqlite3_column_text(raw, column).map { String(cString: $0) } ?? "" }
        return KlineRow(openTime: sqlite3_column_int64(raw, 0), open: text(1), high: text(2), low: text(3), close: text(4), volume: text(5))
    }

    private static let head: StaticString = #"{"v":1,"type":"candle","ts":"#
    private static let names: [StaticString] = [#","open":""#, #"","high":""#, #"","low":""#, #"","close":""#, #"","volume":""#]
    private static let tail: StaticString = "\"}\n"

    func appendLine(to line: inout [UInt8], intervalMs: Int64) {
        appendStatic(Self.head, to: &line)
        appendInteger(openTime + intervalMs, to: &line)
        line.append(contentsOf: prefix)
        appendInteger(openTime, to: &line)
        if let built {
            for (index, value) in [built.open, built.high, built.low, built.close, built.volume].enumerated() {
                appendStatic(Self.names[index], to: &line)
                line.append(contentsOf: value.utf8)
            }
            appendStatic(Self.tail, to: &line)
            return
        }
        let raw = statement!.sqliteStatement
        for column in 1...5 {
            appendStatic(Self.names[column - 1], to: &line)
            if let text = sqlite3_column_text(raw, Int32(column)) {
                line.append(contentsOf: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(raw, Int32(column)))))
            }
        }
        appendStatic(Self.tail, to: &line)
    }
}

@inline(__always)
func appendStatic(_ text: StaticString, to line: inout [UInt8]) {
    line.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
}

@inline(__always)
func appendInteger(_ value: Int64, to line: inout [UInt8]) {
    if value < 0 {
        line.append(UInt8(ascii: "-"))
        appendInteger(-value, to: &line)
        return
    }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    var remaining = value
    withUnsafeMutableBytes(of: &digits) { buffer in
        repeat {
            buffer[19 - count] = UInt8(48 + remaining % 10)
            remaining /= 10
            count += 1
        } while remaining > 0
        line.append(contentsOf: buffer[(20 - count)...])
    }
}
