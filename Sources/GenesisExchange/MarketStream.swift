import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import GenesisBinance
import GenesisDomain
import GenesisStore

/// `gen-fetch stream`: closed klines and best bid/ask from an exchange's
/// WebSocket market streams, as `candle` and `book` lines. A dropped
/// connection is retried with back-off, and the klines missed meanwhile are
/// fetched over REST before the stream resumes, so the candle sequence has
/// no holes the exchange did not have and no duplicates.
public actor MarketStream {
    public struct Request: Sendable {
        public var symbols: [String]
        public var interval: Interval
        public var bookTicker: Bool
        /// Keep a local order book from the diff-depth stream and write its
        /// best bid/ask as `book` lines whenever they change.
        public var depth: Bool
        public init(symbols: [String], interval: Interval, bookTicker: Bool, depth: Bool = false) {
            self.symbols = symbols
            self.interval = interval
            self.bookTicker = bookTicker
            self.depth = depth
        }
        var streamNames: [String] {
            symbols.flatMap { symbol -> [String] in
                let lower = symbol.lowercased()
                return ["\(lower)@kline_\(interval.name)"] + (bookTicker ? ["\(lower)@bookTicker"] : []) + (depth ? ["\(lower)@depth@100ms"] : [])
            }
        }
    }

    let wsBase: String
    let gateway: BinanceGateway
    let request: Request
    let logger: Logger
    let reconnectDelaysMs: [Int]
    let stopAfterCandles: Int?
    /// Stamps book lines and decides which klines have closed.
    let clock: any TimeSource
    /// `--record`: also stores each `book` line written (batched, off the
    /// stream's path), keyed by the bookTicker's or the depth book's update id.
    let recorder: BookRecorder?
    /// Stores each closed candle written (batched, off the stream's path).
    let candleRecorder: CandleRecorder?
    /// Internal (not private) so `emit(_:)` (MarketStream+Status.swift) writes through it, between whole candle lines.
    let writer = LineWriter()
    private var lastOpenTime: [String: Int64] = [:]
    public private(set) var candlesWritten = 0
    public private(set) var reconnects = 0
    public private(set) var gapFilled = 0
    private var messagesThisConnection = 0
    private var books: [String: OrderBookSync] = [:]
    private var lastTop: [String: (Decimal, Decimal)] = [:]
    /// Times a live depth book was thrown away and rebuilt from a new
    /// snapshot: a hole in the diff stream, or a reconnect (a new
    /// connection's diffs cannot continue the old book). Each one costs a
    /// 50-weight snapshot and leaves no book while it lasts, so it is reported
    /// (`book rebuilds`) whatever caused it.
    public private(set) var bookResyncs = 0

    public init(wsBase: String, gateway: BinanceGateway, request: Request, logger: Logger, reconnectDelaysMs: [Int], stopAfterCandles: Int?,
                clock: any TimeSource = WallClock(), recorder: BookRecorder? = nil, candleRecorder: CandleRecorder? = nil) {
        self.clock = clock
        self.recorder = recorder
        self.candleRecorder = candleRecorder
        self.wsBase = wsBase
        self.gateway = gateway
        self.request = request
        self.logger = logger
        self.reconnectDelaysMs = reconnectDelaysMs.isEmpty ? [1000] : reconnectDelaysMs
        self.stopAfterCandles = stopAfterCandles
    }

    var done: Bool { stopAfterCandles.map { candlesWritten >= $0 } ?? false }

    /// Streams until cancelled or, with `stopAfterCandles`, until enough candles were written.
    public func run() async throws {
        let url = "\(wsBase)/stream?streams=\(request.streamNames.joined(separator: "/"))"
        var failures = 0
        while !Task.isCancelled && !done {
            if reconnects > 0 || failures > 0 { try await gapFill() }
            messagesThisConnection = 0
            // A new connection means a new snapshot: every book that was live is rebuilt.
            bookResyncs += books.values.filter { $0.state == .live }.count
            books.removeAll()
            do {
                try await WebSocketClient.connect(url: url, configuration: .genesis(), logger: logger) { inbound, outbound, _ in
                    for try await message in inbound.messages(maxSize: WebSocketLimits.maxMessageBytes) {
                        guard case let .text(text) = message else { continue }
                        let finished = try await self.handle(text)
                        let synced = try await self.syncBooks()
                        if finished || synced {
                            try await outbound.close(.normalClosure, reason: "done")
                            return
                        }
                    }
                }
            } catch {
                // SIGTERM or SIGINT cancels the run mid-connection: a clean stop, not a failure.
                if !Task.isCancelled { logger.warning("stream connection failed: \(error)") }
            }
            if done || Task.isCancelled { break }
            // A connection that delivered data resets the back-off.
            failures = messagesThisConnection > 0 ? 1 : failures + 1
            reconnects += 1
            let delay = reconnectDelaysMs[min(failures, reconnectDelaysMs.count) - 1]
            logger.warning("stream dropped; reconnecting in \(delay) ms and filling the gap over REST")
            try await Task.sleep(for: .milliseconds(delay))
        }
        writer.flush()
    }

    /// Handles one stream message; returns true when the run is complete.
    func handle(_ text: String) throws -> Bool {
        messagesThisConnection += 1
        guard let message = try? JSONValue.parse(Data(text.utf8)) else { return false }
        let data = message["data"] ?? message
        if data["e"]?.string == "depthUpdate", let symbol = data["s"]?.string, let first = data["U"]?.integer, let final = data["u"]?.integer {
            var book = books[symbol] ?? OrderBookSync()
            let resyncsBefore = book.resyncs
            book.apply(.init(firstUpdateID: first, finalUpdateID: final, bids: OrderBookSync.levels(data["b"]), asks: OrderBookSync.levels(data["a"])))
            bookResyncs += book.resyncs - resyncsBefore
            books[symbol] = book
            writeTop(symbol)
        } else if let kline = data["k"], kline["x"] == .bool(true), let symbol = kline["s"]?.string,
           let openTime = kline["t"]?.integer, let row = Self.row(kline) {
            write(symbol: symbol, row: row, openTime: openTime)
        } else if data["e"] == nil, let symbol = data["s"]?.string, let bid = data["b"]?.string, let ask = data["a"]?.string {
            let now = clock.now()
            let row = BookRow(symbol: symbol, ts: now.milliseconds, updateID: data["u"]?.integer ?? 0, source: .bookTicker,
                              bid: Decimal.parse(bid)?.plainText ?? bid, bidQuantity: Decimal.parse(data["B"]?.string ?? "0")?.plainText ?? "0",
                              ask: Decimal.parse(ask)?.plainText ?? ask, askQuantity: Decimal.parse(data["A"]?.string ?? "0")?.plainText ?? "0")
            writer.write(row.encoded)
            writer.flush()
            record(row, hasUpdateID: data["u"]?.integer != nil)
        }
        return done
    }

    private var lastSnapshotRequest: [String: ContinuousClock.Instant] = [:]

    /// Fetches a REST snapshot for every book still waiting for one (the
    /// documented second step: after the first diffs were buffered), at most
    /// once a second per symbol (a 1000-level snapshot weighs 50).
    func syncBooks() async throws -> Bool {
        for (symbol, book) in books where book.needsSnapshot {
            if let last = lastSnapshotRequest[symbol], ContinuousClock.now - last < .seconds(1) { continue }
            lastSnapshotRequest[symbol] = ContinuousClock.now
            guard let snapshot = try? await gateway.call(.get, "/api/v3/depth", [("symbol", symbol), ("limit", "1000")]),
                  let id = snapshot["lastUpdateId"]?.integer else { continue }
            var updated = books[symbol]!
            if updated.applySnapshot(lastUpdateID: id, bids: OrderBookSync.levels(snapshot["bids"]), asks: OrderBookSync.levels(snapshot["asks"])) {
                books[symbol] = updated
                writeTop(symbol)
            }
        }
        return done
    }

    /// A `book` line from the local book's top, when it changed.
    private func writeTop(_ symbol: String) {
        guard let book = books[symbol], book.state == .live, let bid = book.bestBid, let ask = book.bestAsk else { return }
        if let last = lastTop[symbol], last == (bid.price, ask.price) { return }
        lastTop[symbol] = (bid.price, ask.price)
        let row = BookRow(symbol: symbol, ts: clock.now().milliseconds, updateID: book.lastUpdateID, source: .depth,
                          bid: bid.price.plainText, bidQuantity: bid.quantity.plainText, ask: ask.price.plainText, askQuantity: ask.quantity.plainText)
        writer.write(row.encoded)
        writer.flush()
        record(row, hasUpdateID: true)
    }

    /// The newest recorded ts per symbol and how many rows without an update id came at it.
    private var unnumbered: [String: (ts: Int64, count: Int64)] = [:]

    /// Hands a written book to the recorder, after stdout has it. A
    /// bookTicker without an update id (not Binance's) is numbered by its
    /// position among the symbol's books of the same millisecond.
    private func record(_ row: BookRow, hasUpdateID: Bool) {
        guard let recorder else { return }
        var row = row
        if !hasUpdateID {
            let previous = unnumbered[row.symbol]
            let ordinal = previous.map { $0.ts == row.ts ? $0.count : 0 } ?? 0
            unnumbered[row.symbol] = (row.ts, ordinal + 1)
            row.updateID = ordinal
        }
        recorder.record(row)
    }

    static func row(_ kline: JSONValue) -> KlineRow? {
        guard let openTime = kline["t"]?.integer else { return nil }
        func d(_ key: String) -> String? { kline[key]?.string.flatMap { Decimal.parse($0)?.plainText } }
        guard let open = d("o"), let high = d("h"), let low = d("l"), let close = d("c"), let volume = d("v") else { return nil }
        return KlineRow(openTime: openTime, open: open, high: high, low: low, close: close, volume: volume)
    }

    /// Writes a closed candle unless it is one already written (a gap-fill and
    /// the stream may both deliver it).
    private func write(symbol: String, row: KlineRow, openTime: Int64) {
        if let last = lastOpenTime[symbol], openTime <= last { return }
        guard !done else { return }
        lastOpenTime[symbol] = openTime
        var line = JSONLineBuilder(type: .candle, ts: Timestamp(milliseconds: openTime + request.interval.milliseconds))
        line.field("symbol", symbol)
        line.field("interval", request.interval.name)
        line.field("open_time", openTime)
        line.field("open", row.open)
        line.field("high", row.high)
        line.field("low", row.low)
        line.field("close", row.close)
        line.field("volume", row.volume)
        writer.write(line.finishBytes())
        writer.flush()
        candleRecorder?.record(symbol: symbol, interval: request.interval, row: row)
        candlesWritten += 1
    }

    /// After a drop: the closed candles since the last one written, over REST.
    private func gapFill() async throws {
        let now = clock.milliseconds
        for symbol in request.symbols {
            // Page through the whole gap, however long the outage was.
            while let last = lastOpenTime[symbol], last + 2 * request.interval.milliseconds <= now, !done {
                let answer: JSONValue
                do {
                    answer = try await gateway.klines(symbol: symbol, interval: request.interval.name, start: last + request.interval.milliseconds, end: now, limit: 1000)
                } catch {
                    logger.warning("gap-fill for \(symbol) failed: \(error); the stream resumes without it")
                    break
                }
                let rows = (answer.array ?? []).compactMap(KlineBackfill.row).filter { $0.openTime + request.interval.milliseconds <= now }
                if rows.isEmpty { break }
                for row in rows {
                    let before = candlesWritten
                    write(symbol: symbol, row: row, openTime: row.openTime)
                    gapFilled += candlesWritten - before
                }
                if rows.count < 1000 { break }
            }
        }
    }
}
