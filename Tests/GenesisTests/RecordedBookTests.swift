import Foundation
import GRDB
import Logging
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisExchange

/// Book data in backtests (DESIGN §1.2 "Data"): the fixture recording
/// imported as books and 1-minute candles, replayed merged in time order,
/// and run through the book strategies and the paper venue with the real
/// commands; `gen-fetch stream --record` storing what it prints.
@Suite struct RecordedBookTests {
    static let recording = TestSupport.fixture("btcusdt_20240808.gz")
    /// bookTicker messages in the recording (Tests/Fixtures/README.md).
    static let bookTickers = 28_040

    static func importer(_ store: Store) -> RecordingImporter {
        RecordingImporter(books: store, candles: store, logger: Logger(label: "tests"))
    }

    /// Every bookTicker becomes one book, stamped with its receive time in
    /// ms and keyed by its update id; the trades become the five whole
    /// minutes the recording covers; importing again adds nothing.
    @Test func importingTheRecordingStoresEveryBookTickerOnce() throws {
        let store = try TestSupport.makeStore()
        #expect(try RecordingImporter.detect(Self.recording) == .recording)
        let first = try Self.importer(store).importFile(Self.recording, kind: .recording)
        #expect([first.books, first.booksInserted, first.booksSkipped] as [Int] == [Self.bookTickers, Self.bookTickers, 0])
        #expect([first.candles, first.candlesInserted] as [Int] == [5, 5])
        // 23:54 (the recording starts at 23:54:13) and 00:00 (it ends at 23:59:59.999 local) are not whole.
        #expect(first.partialMinutes == 2)
        // 3,451 depth diffs and the REST snapshot.
        #expect([first.ignored, first.rejected] as [Int] == [3_452, 0])
        #expect(first.symbols == ["BTCUSDT"])
        #expect(try store.bookCount(symbol: "BTCUSDT") == Self.bookTickers)

        let again = try Self.importer(store).importFile(Self.recording, kind: .recording)
        #expect([again.booksInserted, again.booksSkipped, again.candlesInserted, again.candlesSkipped] as [Int] == [0, Self.bookTickers, 0, 5])
        #expect(try store.bookCount(symbol: "BTCUSDT") == Self.bookTickers)

        // The first bookTicker (line 3): received at 1723161254087885768 ns, u 50093239212, trailing zeros dropped as the live line drops them.
        let row = try store.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM books ORDER BY ts, update_id LIMIT 1")
        }
        let stored = try #require(row)
        let ts: Int64 = stored["ts"], updateID: Int64 = stored["update_id"]
        #expect(ts == 1_723_161_254_087)
        #expect(updateID == 50_093_239_212)
        let texts: [String?] = ["bid", "bid_qty", "ask", "ask_qty", "source"].map { stored[$0] }
        #expect(texts == ["61837.63", "3.78826", "61837.64", "1.54698", "bookTicker"])
    }

    /// The minute 23:55 from its 1,255 trades (ids 3735683259… are
    /// consecutive, so none is missing): the figures a kline would carry,
    /// checked against an independent sum of the recording in Python.
    @Test func tradesBecomeExactMinuteCandles() throws {
        let store = try TestSupport.makeStore()
        _ = try Self.importer(store).importFile(Self.recording, kind: .recording)
        let rows = try store.klines(symbol: "BTCUSDT", interval: .oneMinute, start: nil, end: nil, limit: 10)
        #expect(rows.map(\.openTime) == [1_723_161_300_000, 1_723_161_360_000, 1_723_161_420_000, 1_723_161_480_000, 1_723_161_540_000])
        let minute = try #require(rows.first)
        #expect(minute == KlineRow(openTime: 1_723_161_300_000, open: "61828", high: "61860.8", low: "61780", close: "61782.25", volume: "15.07702",
                                   quoteVolume: "932148.0644641", trades: 1255, takerBuyBase: "6.63029", takerBuyQuote: minute.takerBuyQuote))
        #expect(rows.last?.close == "61685.99")
        #expect(rows.last?.trades == 1312)
    }

    /// A hole in the trade ids drops the minutes on either side of it; a
    /// repeated trade is ignored.
    @Test func aMissingTradeIdLeavesItsMinutesOut() {
        var builder = TradeCandleBuilder()
        func trade(_ id: Int64, _ seconds: Int64) -> TradeCandleBuilder.Trade {
            TradeCandleBuilder.Trade(id: id, time: seconds * 1000, price: Decimal(100 + id), quantity: 1, buyerIsMaker: id % 2 == 0)
        }
        var closed: [KlineRow] = []
        for (id, second) in [(1, 30), (2, 61), (3, 62), (3, 62), (4, 121), (6, 181), (7, 241), (8, 301)] as [(Int64, Int64)] {
            if let row = builder.add(trade(id, second)) { closed.append(row) }
        }
        builder.finish()
        // Minute 0: the data began in it. 1: whole. 2 and 3: around the missing id 5. 4: whole. 5: the data ended in it.
        #expect(closed.map(\.openTime) == [60_000, 240_000])
        #expect(closed.first == KlineRow(openTime: 60_000, open: "102", high: "103", low: "102", close: "103", volume: "2", quoteVolume: "205", trades: 2,
                                         takerBuyBase: "1", takerBuyQuote: "103"))
        #expect([builder.partialBuckets, builder.repeatedTrades] as [Int] == [4, 1])
    }

    /// NDJSON as `gen-fetch stream --book` prints it: book lines (two in
    /// one millisecond) and candle lines are stored, once however often the
    /// file is imported; a book out of time order is rejected by line.
    @Test func streamLinesImportIdempotently() throws {
        let store = try TestSupport.makeStore()
        let file = TestSupport.temporaryDirectory().appendingPathComponent("live.ndjson").path
        let lines = [
            SignalStageHarness.book(1_000, "BTCUSDT", "100", "100.5"),
            SignalStageHarness.book(1_000, "BTCUSDT", "100.1", "100.5"),
            #"{"v":1,"type":"book","ts":1500,"symbol":"BTCUSDT","bid":"100.2","bid_qty":"1","ask":"100.3","ask_qty":"2","source":"depth"}"#,
            #"{"v":1,"type":"candle","ts":60000,"symbol":"BTCUSDT","interval":"1m","open_time":0,"open":"100","high":"101","low":"99","close":"100.5","volume":"3"}"#,
            #"{"v":1,"type":"alert","ts":2000,"message":"not for the store"}"#,
            SignalStageHarness.book(900, "BTCUSDT", "99", "100"),
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try RecordingImporter.detect(file) == .streamLines)
        let first = try Self.importer(store).importFile(file, kind: .streamLines)
        #expect([first.books, first.booksInserted, first.candlesInserted, first.ignored, first.rejected] as [Int] == [3, 3, 1, 1, 1])
        let again = try Self.importer(store).importFile(file, kind: .streamLines)
        #expect([again.booksInserted, again.booksSkipped, again.candlesSkipped] as [Int] == [0, 3, 1])
        // Replayed, the lines come back byte for byte, the candle at its close.
        let bench = Replayed(store: store)
        #expect(try bench.lines(book: true) == [lines[0], lines[1], lines[2], lines[3]])
    }

    /// The merge: books and candles by ts; a candle stamped T (its close)
    /// before a book observed at T; symbols in the order given, each
    /// symbol's books in update-id order; --from/--to on both.
    @Test func replayMergesBooksWithCandlesInTimeOrder() throws {
        let store = try TestSupport.makeStore()
        let minute: Int64 = 60_000
        _ = try store.insertCandles(symbol: "BTCUSDT", interval: .oneMinute, rows: [
            KlineRow(openTime: 0, open: "100", high: "101", low: "99", close: "100", volume: "1"),
            KlineRow(openTime: minute, open: "100", high: "102", low: "99", close: "101", volume: "1"),
        ])
        _ = try store.insertCandles(symbol: "ETHUSDT", interval: .oneMinute, rows: [KlineRow(openTime: 0, open: "10", high: "11", low: "9", close: "10", volume: "1")])
        func book(_ symbol: String, _ ts: Int64, _ id: Int64, _ bid: String) -> BookRow {
            BookRow(symbol: symbol, ts: ts, updateID: id, source: .bookTicker, bid: bid, bidQuantity: "1", ask: "200", askQuantity: "2")
        }
        let rows = [book("BTCUSDT", minute, 7, "100.2"), book("BTCUSDT", minute, 5, "100.1"), book("ETHUSDT", minute, 1, "10.1"),
                    book("BTCUSDT", 30_000, 1, "100"), book("BTCUSDT", 2 * minute, 9, "101.5")]
        let first = try store.insertBooks(rows), second = try store.insertBooks(rows)
        #expect([first.inserted, first.skipped, second.inserted, second.skipped] as [Int] == [5, 0, 0, 5])
        let bench = Replayed(store: store)
        let all = try bench.lines(book: true, symbols: ["ETHUSDT", "BTCUSDT"])
        let order = try all.map { line -> String in
            try scan(line) { json -> String in
                let head = "\(try json.string("type")) \(try json.string("symbol")) \(try json.int64("ts"))"
                guard let bid = try json.optionalString("bid") else { return head }
                return head + " " + bid
            }
        }
        #expect(order == [
            "book BTCUSDT 30000 100",
            "candle ETHUSDT 60000", "candle BTCUSDT 60000",           // the candles closing at 60000 first, in the order given
            "book ETHUSDT 60000 10.1", "book BTCUSDT 60000 100.1", "book BTCUSDT 60000 100.2", // then the books, by symbol given and update id
            "candle BTCUSDT 120000", "book BTCUSDT 120000 101.5",
        ])
        #expect(all[0] == String(decoding: rows[3].encoded.dropLast(), as: UTF8.self))
        // Books alone, and a window: books by ts, candles by open time, both in [from, to).
        #expect(try bench.lines(book: true, only: true, symbols: ["ETHUSDT", "BTCUSDT"]).count == 5)
        let window = try bench.lines(book: true, symbols: ["ETHUSDT", "BTCUSDT"], from: minute, to: 2 * minute)
        #expect(window.count == 4)
        #expect(window.last?.contains(#""type":"candle","ts":120000"#) == true)
    }

    /// `gen-fetch import` of the fixture, then `gen-fetch replay --book`
    /// into gen-signal, gen-risk and gen-exec on paper (no slippage, so a
    /// fill at the touch is the recorded price itself). Spread capture and
    /// market making each run in a session of their own, market making
    /// unlocked for SNIPER by the backtest's configuration. Every fill is
    /// checked against the book it came on: a market buy at its ask, a
    /// take-profit or stop at its bid, a post-only quote at its limit once
    /// the recorded touch went through it.
    @Test func theBookStrategiesTradeTheRecordingOnPaper() throws {
        let bench = try CLIBench.withAccount(balance: "1000")
        let imported = try bench.run("gen-fetch", ["import", Self.recording, "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains(#""books":28040,"books_inserted":28040"#), "\(imported.stdout)")
        let config = bench.directory.appendingPathComponent("backtest.yaml").path
        try """
            tiers:
              sniper:
                strategies: [spread_capture, market_making]
                orderTypes: [MARKET, LIMIT_MAKER]
            paper:
              slippageBps: 0
            """.write(toFile: config, atomically: true, encoding: .utf8)

        func backtest(_ strategy: String) throws -> (signals: [JSONValue], orders: [JSONValue], out: [String]) {
            let dir = bench.directory.appendingPathComponent(strategy).path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let run = try TestSupport.shell("""
                set -e
                gen-fetch replay BTCUSDT --book | gen-signal --strategies \(strategy) --config \(config) | tee \(dir)/signals.ndjson \
                  | gen-risk --config \(config) --session \(strategy) | tee \(dir)/orders.ndjson \
                  | gen-exec --venue paper --config \(config) --session \(strategy) > \(dir)/out.ndjson
                """, environment: bench.environment)
            #expect(run.status == 0, "\(run.stderr)")
            func read(_ name: String) throws -> [String] { try String(contentsOfFile: "\(dir)/\(name)", encoding: .utf8).split(separator: "\n").map(String.init) }
            let parse = { (line: String) in try JSONValue.parse(Data(line.utf8)) }
            return (try read("signals.ndjson").filter { $0.contains(#""type":"signal""#) }.map(parse),
                    try read("orders.ndjson").filter { $0.contains(#""type":"order""#) }.map(parse), try read("out.ndjson"))
        }

        /// The fills in `out`, each with the book line gen-exec wrote just before it.
        func fills(_ out: [String]) throws -> [(fill: JSONValue, bid: Decimal, ask: Decimal)] {
            var book: (Decimal, Decimal)?
            var found: [(JSONValue, Decimal, Decimal)] = []
            for line in out {
                let value = try JSONValue.parse(Data(line.utf8))
                switch value["type"]?.string {
                case "book": book = (value["bid"]!.decimal!, value["ask"]!.decimal!)
                case "candle": book = nil
                case "execution" where value["status"]?.string == "FILLED":
                    let (bid, ask) = try #require(book, "a fill on a candle: \(line)")
                    found.append((value, bid, ask))
                default: break
                }
            }
            return found
        }

        // Spread capture: one wide-spread moment in six minutes (10.04 bps at 23:58:34.063), bought at the next recorded ask.
        let spread = try backtest("spread_capture")
        #expect([spread.signals.count, spread.orders.count] as [Int] == [1, 1])
        #expect(spread.signals.first?["price"]?.string == "61645.07")
        let spreadFills = try fills(spread.out)
        #expect(spreadFills.count == 2)
        for (fill, bid, ask) in spreadFills {
            let price = try #require(fill["price"]?.decimal)
            #expect(price == (fill["side"]?.string == "BUY" ? ask : bid), "\(fill)")
        }
        #expect(spreadFills.map { $0.fill["purpose"]?.string } == ["ENTRY", "TAKE_PROFIT"])
        #expect(spreadFills.map { $0.fill["price"]?.string } == ["61612.02", "61708.48"])

        // Market making: quotes on both sides; its post-only bids and asks fill at their limit once the recorded touch trades through.
        let making = try backtest("market_making")
        #expect(making.signals.count == 90)
        #expect(making.orders.allSatisfy { $0["order_type"]?.string == "LIMIT_MAKER" })
        let limits = Dictionary(making.orders.map { ($0["client_order_id"]!.string!, $0["limit_price"]!.decimal!) }) { first, _ in first }
        let makingFills = try fills(making.out)
        #expect(makingFills.count == 4)
        for (fill, bid, ask) in makingFills {
            let limit = try #require(limits[fill["client_order_id"]!.string!], "\(fill)")
            #expect(fill["price"]?.decimal == limit)
            if fill["side"]?.string == "BUY" { #expect(ask < limit, "\(fill)") } else { #expect(bid > limit, "\(fill)") }
        }
        #expect(makingFills.map { $0.fill["side"]?.string } == ["BUY", "SELL", "BUY", "SELL"])
    }

    /// `gen-fetch stream --book --depth --record` through the whole recording
    /// served over loopback, stopped by SIGTERM: every book line it printed
    /// is in the store (a depth top at the same ms and update id as a
    /// ticker is the same quote, stored once), none lost.
    @Test func streamRecordStoresWhatItPrints() async throws {
        let recording = ReplayedRecording.shared
        let server = try await RecordingReplayServer(recording: recording)
        let directory = TestSupport.temporaryDirectory()
        let fetch = try StreamProcess(venue: server.base, arguments: ["--depth", "--book", "--record"], directory: directory)
        #expect(try await fetch.readTheWholeReplay(recording), "\(fetch.diagnostics)")
        #expect(fetch.terminate() == 0)
        let printed = fetch.output.split(separator: "\n").filter { $0.contains(#""type":"book""#) }
        let tickers = printed.count { !$0.contains(#""source":"depth""#) }
        #expect(tickers == 28_024)
        let store = try Store(path: directory.appendingPathComponent("genesis.db").path)
        #expect(try store.rowCount("books WHERE source = 'bookTicker'") == tickers)
        let stored = try store.rowCount("books")
        let line = try #require(fetch.diagnostics.split(separator: "\n").first { $0.contains("books recorded") }, "\(fetch.diagnostics)")
        #expect(line.hasSuffix("books recorded \(stored), already stored \(printed.count - stored), lost 0"), "\(line)")
    }
}

/// `replayWithBooks` into a file, read back as lines.
private struct Replayed {
    let store: Store

    func lines(book: Bool, only: Bool = false, symbols: [String] = ["BTCUSDT"], from: Int64? = nil, to: Int64? = nil) throws -> [String] {
        let path = TestSupport.temporaryDirectory().appendingPathComponent("replay.ndjson").path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        let writer = LineWriter(descriptor: handle.fileDescriptor)
        try store.replayWithBooks(symbols: symbols, interval: .oneMinute, from: from.map(Timestamp.init(milliseconds:)), to: to.map(Timestamp.init(milliseconds:)),
                                  candles: !only, writer: writer)
        writer.flush()
        try handle.close()
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }
}
