import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisPipeline
import GenesisCommandLine
import GenesisBinance
import GenesisExchange

@main
struct GenFetch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-fetch",
        abstract: "Market data in: import kline files, generate sample data, replay stored candles as NDJSON.",
        discussion: """
            Examples:
              gen-fetch import ../shared/data/binance-spot-klines/BTCUSDT-1m-2020-03.zip
              gen-fetch generate BTCUSDT --days 90 --seed 7
              gen-fetch replay BTCUSDT --interval 1m --from 2020-03-01 --to 2020-04-01 | gen-signal
              gen-fetch import Tests/Fixtures/btcusdt_20240808.gz && gen-fetch replay BTCUSDT --book | gen-signal --strategies spread_capture
              gen-fetch klines BTCUSDT --interval 1h --from 2024-01-01 --venue testnet
              gen-fetch doctor --venue testnet
            """,
        subcommands: [Import.self, Replay.self, Generate.self, List.self, Klines.self, Stream.self, Info.self, Doctor.self]
    )

    static func main() { CommandMain.run(Self.self) }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load Binance kline files (.zip or .csv, ms or µs times), plain OHLCV CSV or market-stream recordings into the store; rows already stored are skipped.",
        discussion: """
            Binance's file names (BTCUSDT-1m-2020-03.zip) give the symbol and interval; other files need --symbol and --interval.
            A recording (gzipped or not) is told by its content: lines `<receive time in ns> <stream message>` as Binance
            sent them (Tests/Fixtures/btcusdt_20240808.gz) store each bookTicker as a book stamped with its receive time
            (a bookTicker has no event time) and the trades as exact 1m candles of the minutes recorded whole; NDJSON as
            `gen-fetch stream --book` prints it stores its book and candle lines. --symbol then keeps one symbol only.
            The interval is checked against the rows: a file whose rows mostly open closer together than the interval (minutes
            called hours) is refused whole (exit 3, nothing stored); a row off the interval's UTC grid, out of order, or longer
            than 64 KiB is rejected with its line number. Lines are read in bounded memory, whatever the file holds.
            Examples:
              gen-fetch import BTCUSDT-1m-2020-01.zip BTCUSDT-1m-2020-02.zip
              gen-fetch import prices.csv --symbol ETHUSDT --interval 1h --json
              gen-fetch import Tests/Fixtures/btcusdt_20240808.gz        # books and 1m candles, for replay --book
              gen-fetch stream BTCUSDT --book --venue binance > live.ndjson; gen-fetch import live.ndjson
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Kline files to import.") var files: [String]
    @Option(help: "Symbol, when the file name does not tell it.") var symbol: String?
    @Option(help: "Interval, when the file name does not tell it.") var interval: Interval?
    @Flag(help: "One JSON object per file on stdout instead of a table.") var json = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to import") }
    }

    func run() throws {
        let logger = global.logger("gen-fetch")
        let store = try global.openStore("gen-fetch import")
        let importer = KlineImporter(store: store, logger: logger)
        let recordings = RecordingImporter(books: store, candles: store, logger: logger)
        var rejected = 0
        for file in files {
            if let kind = try RecordingImporter.detect(file) {
                if interval != nil { logger.warning("\(file): --interval is for kline files; a \(kind.rawValue) file says its own") }
                let report = try recordings.importFile(file, kind: kind, symbol: symbol)
                rejected += report.rejected
                print(Self.describe(report, json: json), terminator: "")
                continue
            }
            let report = try importer.importFile(file, symbol: symbol, interval: interval)
            rejected += report.rejected
            if json {
                var line = JSONLineBuilder()
                line.field("file", report.file)
                line.field("symbol", report.symbol)
                line.field("interval", report.interval)
                line.field("rows", report.rows)
                line.field("inserted", report.inserted)
                line.field("skipped", report.skipped)
                line.field("rejected", report.rejected)
                print(line.finish(), terminator: "")
            } else {
                print("\(report.file): \(report.symbol) \(report.interval) rows \(report.rows), inserted \(report.inserted), already stored \(report.skipped), rejected \(report.rejected)")
            }
        }
        if rejected > 0 { throw GenesisError.rejectedLines(count: rejected) }
    }

    static func describe(_ report: RecordingImporter.Report, json: Bool) -> String {
        let symbols = report.symbols.sorted().joined(separator: ",")
        if json {
            var line = JSONLineBuilder()
            line.field("file", report.file)
            line.field("kind", report.kind.rawValue)
            line.field("symbols", symbols)
            line.field("books", report.books)
            line.field("books_inserted", report.booksInserted)
            line.field("books_skipped", report.booksSkipped)
            line.field("candles", report.candles)
            line.field("candles_inserted", report.candlesInserted)
            line.field("candles_skipped", report.candlesSkipped)
            line.field("partial_minutes", report.partialMinutes)
            line.field("ignored", report.ignored)
            line.field("rejected", report.rejected)
            return line.finish()
        }
        let candles = report.kind == .recording ? "1m candles from trades" : "candles"
        let partial = report.partialMinutes > 0 ? " (\(report.partialMinutes) minutes not recorded whole left out)" : ""
        return "\(report.file): \(report.kind.rawValue) \(symbols.isEmpty ? "-" : symbols): books \(report.books), inserted \(report.booksInserted), already stored \(report.booksSkipped); "
            + "\(candles) \(report.candles), inserted \(report.candlesInserted), already stored \(report.candlesSkipped)\(partial); "
            + "not imported \(report.ignored), rejected \(report.rejected)\n"
    }
}

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stream stored candles (and recorded books with --book) as NDJSON in time order, merging symbols.",
        discussion: """
            --from is inclusive and --to exclusive, both on candle open times (dates are UTC midnight). A symbol with no candles
            stored at --interval is built from its finest stored interval (up to 1d), exactly as Binance builds its klines: UTC-
            aligned buckets, first open, highest high, lowest low, last close, summed volume; a bucket cut by the edge of the
            data is left out rather than passed off as whole.
            --book merges the recorded best bid/ask (`gen-fetch stream --record`, `gen-fetch import` of a recording) as
            `book` lines shaped as the live ones, with books' ts also in [--from, --to). A candle is stamped at its close
            (open_time + interval); at equal ts candles come first (the candle covers the time before it), then books, each
            in the order the symbols were given, books of one symbol in update-id order. --book-only leaves the candles out.
            Examples:
              gen-fetch replay BTCUSDT --interval 1m --from 2020-03-01 --to 2020-04-01
              gen-fetch replay BTCUSDT --interval 1h        # hourly candles from the stored 1-minute ones
              gen-fetch replay BTCUSDT ETHUSDT --interval 1h | gen-signal | gen-risk | gen-exec --venue paper
              gen-fetch replay BTCUSDT --book | gen-signal --strategies spread_capture | gen-risk | gen-exec --venue paper
              gen-fetch replay BTCUSDT --book-only --from 1723161300000 --to 1723161360000
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Symbols to replay, e.g. BTCUSDT.", valueName: "symbols"), transform: Symbol.argument) var symbolArguments: [Symbol]
    var symbols: [String] { symbolArguments.map(\.name) }
    @Option(help: "Candle interval.") var interval: Interval = .oneMinute
    @Option(help: "First open time: YYYY-MM-DD, ISO-8601 or epoch ms.") var from: String?
    @Option(help: "End (exclusive): YYYY-MM-DD, ISO-8601 or epoch ms.") var to: String?
    @Flag(help: "Also replay the recorded best bid/ask as `book` lines, merged with the candles by time.") var book = false
    @Flag(help: "Replay the recorded books alone, without candles.") var bookOnly = false

    func validate() throws {
        guard !symbols.isEmpty else { throw ValidationError("name at least one symbol, e.g. BTCUSDT") }
        if let from, Timestamp(parsing: from) == nil { throw ValidationError("--from '\(from)' is not a date (YYYY-MM-DD), ISO-8601 time or epoch ms") }
        if let to, Timestamp(parsing: to) == nil { throw ValidationError("--to '\(to)' is not a date (YYYY-MM-DD), ISO-8601 time or epoch ms") }
    }

    func run() throws {
        let logger = global.logger("gen-fetch")
        let store = try global.openStore("gen-fetch replay")
        var seen = Set<String>()
        let symbols = symbols.filter { seen.insert($0).inserted }
        let from = from.flatMap(Timestamp.init(parsing:)), to = to.flatMap(Timestamp.init(parsing:))
        if book || bookOnly {
            for symbol in symbols where try store.bookCount(symbol: symbol) == 0 {
                logger.warning("no \(symbol) books are recorded; record some with `gen-fetch stream \(symbol) --book --record` or import a recording with `gen-fetch import`")
            }
        }
        for symbol in symbols where !bookOnly {
            switch try store.replaySource(symbol: symbol, interval: interval) {
            case nil:
                logger.warning("no \(symbol) \(interval) candles are stored, nor finer ones to build them from; import some with `gen-fetch import` or `gen-fetch generate \(symbol)`")
            case let source? where source != interval:
                logger.info("\(symbol): \(interval) candles built from the stored \(source) ones, as Binance builds its klines")
            default:
                break
            }
        }
        let writer = LineWriter()
        if book || bookOnly {
            let count = try store.replayWithBooks(symbols: symbols, interval: interval, from: from, to: to, candles: !bookOnly, writer: writer)
            writer.flush()
            logger.info("replayed \(count.candles) candles and \(count.books) books")
            return
        }
        let count = try store.replayCandles(symbols: symbols, interval: interval, from: from, to: to, writer: writer)
        writer.flush()
        logger.info("replayed \(count) candles")
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create synthetic candles with realistic volatility regimes (calm, trends, volatile spells, crashes).",
        discussion: """
            The same seed always gives the same candles. Candles are stored (idempotently) unless --csv prints them instead.
            Examples:
              gen-fetch generate BTCUSDT --days 90 --seed 7
              gen-fetch generate ETHUSDT --interval 15m --days 30 --price 2500 --csv > eth.csv
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Symbol to generate, e.g. BTCUSDT.", valueName: "symbol"), transform: Symbol.argument) var symbolArgument: Symbol
    var symbol: String { symbolArgument.name }
    @Option(help: "Candle interval.") var interval: Interval = .oneMinute
    @Option(help: "Days of candles.") var days: Int = 30
    @Option(help: "First open time (YYYY-MM-DD).") var start: String = "2024-01-01"
    @Option(help: "Starting price.") var price: Double = 40000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Flag(help: "Print 6-column CSV (time,open,high,low,close,volume) instead of storing.") var csv = false

    func validate() throws {
        guard (1...3650).contains(days) else { throw ValidationError("--days must be between 1 and 3650") }
        guard price > 0, price < 1e9 else { throw ValidationError("--price must be above 0 and below 1e9") }
        guard let first = Timestamp(parsing: start), first.milliseconds >= 0, first.milliseconds < 7_000_000_000_000 else {
            throw ValidationError("--start '\(start)' is not a date (YYYY-MM-DD) between 1970 and 2191")
        }
        guard Int64(days) * Timestamp.millisecondsPerDay / interval.milliseconds <= 20_000_000 else { throw ValidationError("at most 20 million candles at once") }
    }

    func run() throws {
        let logger = global.logger("gen-fetch")
        let total = Int(Int64(days) * Timestamp.millisecondsPerDay / interval.milliseconds)
        var generator = MarketGenerator(symbol: symbol, interval: interval, start: Timestamp(parsing: start)!, startPrice: price, seed: seed)
        let store = csv ? nil : try global.openStore("gen-fetch generate")
        let writer = LineWriter()
        var remaining = total
        var inserted = 0
        while remaining > 0 {
            let rows = generator.generate(count: min(remaining, 100_000))
            remaining -= rows.count
            if let store {
                inserted += try store.insertCandles(symbol: symbol, interval: interval, rows: rows).inserted
            } else {
                for row in rows { writer.write("\(row.openTime),\(row.open),\(row.high),\(row.low),\(row.close),\(row.volume)\n") }
            }
        }
        writer.flush()
        if store != nil {
            print("\(symbol) \(interval): generated \(total) candles, stored \(inserted) new")
        }
        logger.debug("generated \(total) candles")
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the candles stored (and recorded books, as interval `book`): symbol, interval, count and time span.",
        discussion: "Example:\n  gen-fetch list")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.logger("gen-fetch")
        let store = try global.openStore("gen-fetch list")
        let inventory = try store.candleInventory()
        let books = try store.bookInventory()
        if inventory.isEmpty && books.isEmpty { print("no candles stored; try `gen-fetch generate BTCUSDT` or `gen-fetch import FILE`") }
        for item in inventory {
            print("\(item.symbol)\t\(item.interval)\t\(item.count)\t\(item.first.iso8601)\t\(item.last.iso8601)")
        }
        // Recorded books (`gen-fetch replay --book`), in the interval column as `book`.
        for item in books {
            print("\(item.symbol)\tbook\t\(item.count)\t\(item.first.iso8601)\t\(item.last.iso8601)")
        }
    }
}

/// Options shared by the commands that talk to an exchange.
struct VenueOptions: ParsableArguments {
    @Option(help: "Exchange: sim (gen-sim on 127.0.0.1:8765), testnet, binance, an https base URL, or http on 127.0.0.1/localhost. Keys: BINANCE_* for binance only, GENESIS_TESTNET_* for testnet, GENESIS_SIM_* for everything else.")
    var venue = Venue(argument: "testnet")!

    func validate() throws {
        guard case .exchange = venue else { throw ValidationError("--venue paper has no exchange to talk to; use sim, testnet, binance or an http(s) URL") }
    }

    func gateway(config: GenesisConfig, state: ExchangeStateRepository?, signed: Bool) throws -> (BinanceGateway, HTTPClientHandle) {
        guard case let .exchange(name, restBase) = venue else { throw ValidationError("--venue paper has no exchange to talk to") }
        let credentials = signed ? try? Credentials.load(for: venue) : nil
        let http = HTTPClientHandle(config.execution)
        return (BinanceGateway(venue: name, restBase: restBase, credentials: credentials, http: http.client, state: state, settings: config.execution), http)
    }
}

struct Klines: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Backfill closed candles over REST into the store, 1000 per request; resumes after the newest stored candle.",
        discussion: """
            Examples:
              gen-fetch klines BTCUSDT --interval 1m --from 2024-01-01 --to 2024-02-01 --venue testnet
              gen-fetch klines BTCUSDT ETHUSDT --interval 1h --venue binance        # resumes where the store ends
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var exchange: VenueOptions
    @Argument(help: ArgumentHelp("Symbols to fetch.", valueName: "symbols"), transform: Symbol.argument) var symbolArguments: [Symbol]
    var symbols: [String] { symbolArguments.map(\.name) }
    @Option(help: "Candle interval.") var interval: Interval = .oneMinute
    @Option(help: "First open time (YYYY-MM-DD, ISO-8601 or epoch ms); default: after the newest stored candle, else 30 days ago.") var from: String?
    @Option(help: "End (exclusive); default: now.") var to: String?

    func validate() throws {
        guard !symbols.isEmpty else { throw ValidationError("name at least one symbol") }
        if let from, Timestamp(parsing: from) == nil { throw ValidationError("--from '\(from)' is not a date") }
        if let to, Timestamp(parsing: to) == nil { throw ValidationError("--to '\(to)' is not a date") }
    }

    func run() throws {
        let logger = global.logger("gen-fetch")
        let config = try global.loadConfigWithoutStore()
        let store = try global.openStore("gen-fetch klines")
        let (gateway, http) = try exchange.gateway(config: config, state: store, signed: false)
        defer { http.shutdown() }
        let backfill = KlineBackfill(gateway: gateway, candles: store, logger: logger, showProgress: isatty(2) == 1)
        let interval = interval
        for symbol in symbols {
            let from = from.flatMap(Timestamp.init(parsing:)), to = to.flatMap(Timestamp.init(parsing:))
            let report = try runBlocking { try await backfill.run(symbol: symbol, interval: interval, from: from, to: to) }
            print("\(symbol) \(interval): fetched \(report.fetched), stored \(report.inserted) new")
        }
    }
}

struct Stream: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stream closed candles (and best bid/ask with --book) from the exchange's WebSocket streams as NDJSON.",
        discussion: """
            A dropped connection is retried with back-off and the candles missed meanwhile are fetched over REST first, so
            the candles come out in order, without holes or repeats. SIGINT or SIGTERM ends it cleanly.
            Each closed candle written is also stored in the candles table (a candle already there is skipped), in batches
            every pipeline.candleBatchSeconds (default 1) off the output's path, so correlation, the pair scanner and the
            reports see live candles.
            Every pipeline.statusPollSeconds (default 60) it asks the exchange's system status and the symbols' exchangeInfo
            status, and writes an `exchange_status` line per symbol at the first answer and on each change: MAINTENANCE
            during a system maintenance or when a symbol is not TRADING (HALT, BREAK), which gen-signal turns into the
            MAINTENANCE market state (no strategy trades it); TRADING when it ends (docs/PROTOCOL.md §8.11).
            Examples:
              gen-fetch stream BTCUSDT ETHUSDT --interval 1m --venue binance | gen-signal | gen-risk --clock wall | gen-exec --venue binance
              gen-fetch stream BTCUSDT --interval 1s --book --venue sim --max-candles 10
              gen-fetch stream BTCUSDT --book --record --venue binance > /dev/null   # store the books for replay --book
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var exchange: VenueOptions
    @Argument(help: ArgumentHelp("Symbols to stream.", valueName: "symbols"), transform: Symbol.argument) var symbolArguments: [Symbol]
    var symbols: [String] { symbolArguments.map(\.name) }
    @Option(help: "Kline interval.") var interval: Interval = .oneMinute
    @Flag(help: "Also stream best bid/ask as `book` lines.") var book = false
    @Flag(help: "Keep a local order book from the diff-depth stream (snapshot plus diffs) and write its top as `book` lines.") var depth = false
    @Option(help: "Stop after this many closed candles (default: run until stopped).") var maxCandles: Int?
    @Flag(help: "Also store each `book` line written (with --book or --depth), for `gen-fetch replay --book`. Stored in batches off the output's path; what is left is stored at exit, SIGTERM included.")
    var record = false

    func validate() throws {
        guard !symbols.isEmpty else { throw ValidationError("name at least one symbol") }
        if let maxCandles, maxCandles < 1 { throw ValidationError("--max-candles must be at least 1") }
        if record, !book, !depth { throw ValidationError("--record stores book lines: add --book or --depth") }
    }

    func run() throws {
        let logger = global.logger("gen-fetch")
        let config = try global.loadConfigWithoutStore()
        // The store carries 429/418 pauses other commands recorded.
        let store = try global.openStore("gen-fetch stream")
        let (gateway, http) = try exchange.gateway(config: config, state: store, signed: false)
        defer { http.shutdown() }
        let recorder = record ? BookRecorder(store: store, logger: logger) : nil
        let candles = CandleRecorder(store: store, logger: logger, flushAfter: .seconds(config.pipeline.candleBatchSeconds))
        let stream = MarketStream(wsBase: exchange.venue.streamBase!, gateway: gateway,
                                  request: .init(symbols: symbols, interval: interval, bookTicker: book, depth: depth), logger: logger,
                                  reconnectDelaysMs: config.execution.streamReconnectMilliseconds, stopAfterCandles: maxCandles, recorder: recorder,
                                  candleRecorder: candles)
        // Whatever ends the stream, the candles and books still waiting are stored.
        defer {
            let tally = candles.finish()
            logger.info("candles stored \(tally.stored), already stored \(tally.alreadyStored), lost \(tally.lost)")
            if let tally = recorder?.finish() {
                logger.info("books recorded \(tally.stored), already stored \(tally.alreadyStored), lost \(tally.lost)")
            }
        }
        // The exchange's own state (MAINTENANCE, DESIGN §7): `exchange_status` lines, written through the stream's writer.
        let poller = ExchangeStatusPoller(gateway: gateway, symbols: symbols, everySeconds: config.pipeline.statusPollSeconds, logger: logger)
        // SIGINT/SIGTERM: stop reading, flush what was written, exit 0.
        try runUntilSignalled {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await poller.run { await stream.emit($0) } }
                try await stream.run()
                group.cancelAll()
            }
        }.get()
        let (written, reconnects, filled, resyncs) = try runBlocking {
            (await stream.candlesWritten, await stream.reconnects, await stream.gapFilled, await stream.bookResyncs)
        }
        logger.info("candles \(written), reconnects \(reconnects), filled over REST \(filled), book rebuilds \(resyncs)")
    }
}

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a symbol's trading rules (filters) from exchangeInfo, cached for 24 h in the store.",
        discussion: """
            The newest exchangeInfo stored, from any venue or file, also gives the paper venue and
            gen-risk each symbol's own tick, lot step and minimum notional (symbols it does not
            list use the paper.* defaults).

            Examples:
              gen-fetch info BTCUSDT --venue testnet
              gen-fetch info BTCUSDT --venue sim --json
              gen-fetch info XRPUSDT ADAUSDT --from-file exchangeInfo.json   # a saved GET /api/v3/exchangeInfo, offline
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var exchange: VenueOptions
    @Argument(help: ArgumentHelp("Symbols to show.", valueName: "symbols"), transform: Symbol.argument) var symbolArguments: [Symbol]
    var symbols: [String] { symbolArguments.map(\.name) }
    @Flag(help: "JSON lines instead of a table.") var json = false
    @Flag(help: "Fetch exchangeInfo again even if the cached copy is fresh.") var refresh = false
    @Option(name: .customLong("from-file"), help: ArgumentHelp("Store and show a saved exchangeInfo answer instead of asking a venue.", valueName: "path"))
    var file: String?

    func run() throws {
        _ = global.logger("gen-fetch")
        let store = try global.openStore("gen-fetch info")
        let info: ExchangeInfo
        let source: String
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw GenesisError.badInput(source: file, message: "cannot read the file") }
            do { info = try JSONDecoder().decode(ExchangeInfo.self, from: data) } catch {
                throw GenesisError.badInput(source: file, message: "not an exchangeInfo answer (GET /api/v3/exchangeInfo): \(error)")
            }
            source = "file:" + URL(fileURLWithPath: file).lastPathComponent
            try store.cacheExchangeInfo(venue: source, at: Timestamp.now(), body: data)
        } else {
            let config = try global.loadConfigWithoutStore()
            let (gateway, http) = try exchange.gateway(config: config, state: store, signed: false)
            defer { http.shutdown() }
            let refresh = refresh
            do { info = try runBlocking { try await gateway.exchangeInfo(refresh: refresh) } } catch let error as ExchangeError { throw GenesisError.exchange(error) }
            source = "\(exchange.venue)"
        }
        for symbol in symbols {
            guard let rules = info.rules(for: symbol) else { throw GenesisError.badInput(source: symbol, message: "not listed on \(source)") }
            let rows: [(String, String)] = [
                ("status", rules.status), ("base / quote", "\(rules.baseAsset) / \(rules.quoteAsset)"),
                ("order types", rules.orderTypes.joined(separator: ", ")),
                ("tick size", rules.priceFilter?.step.plainText ?? "-"), ("lot step", rules.lotSize?.step.plainText ?? "-"),
                ("quantity", rules.lotSize.map { "\($0.minimum.plainText) … \($0.maximum.plainText)" } ?? "-"),
                ("market quantity max", rules.marketLotSize?.maximum.plainText ?? "-"),
                ("min notional", rules.filters.minNotional.plainText), ("max open orders", rules.maxNumOrders.map(String.init) ?? "-"),
            ]
            if json {
                var line = JSONLineBuilder()
                line.field("symbol", symbol)
                for (label, value) in rows { line.field(label.replacingOccurrences(of: " / ", with: "_").replacingOccurrences(of: " ", with: "_"), value) }
                print(line.finish(), terminator: "")
            } else {
                print(TextTable.render(title: "\(symbol) on \(source)", rows: rows), terminator: "")
            }
        }
    }
}

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check what a newcomer gets wrong: database path and mode (or the PostgreSQL server: reachable, TLS, schema, append-only events, role), keys and their file modes, exchange reachability, clock skew, system status.",
        discussion: "Examples:\n  gen-fetch doctor --venue testnet\n  gen-fetch doctor --venue http://127.0.0.1:8765")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var exchange: VenueOptions

    func run() throws {
        _ = global.logger("gen-fetch")
        let config = try global.loadConfigWithoutStore()
        var failures = 0
        func report(_ ok: Bool, _ text: String) {
            print("\(ok ? "ok  " : "FAIL") \(text)")
            if !ok { failures += 1 }
        }
        let path = global.databasePath
        if PostgresLocation.isURL(path) {
            for check in PostgresDoctor.checks(url: path) {
                print("\(check.level.rawValue) \(check.text)")
                if check.level == .failure { failures += 1 }
            }
        } else if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int {
            report(mode & 0o077 == 0, "database \(path) has mode \(String(mode, radix: 8))\(mode & 0o077 == 0 ? "" : "; run chmod 600 \(path)")")
        } else {
            print("info database \(path) does not exist yet; `gen-risk account init` creates it")
        }
        do {
            let credentials = try Credentials.load(for: exchange.venue)
            report(true, "credentials: \(credentials)")
        } catch {
            report(false, "credentials: \(error)")
        }
        let (gateway, http) = try exchange.gateway(config: config, state: nil, signed: true)
        defer { http.shutdown() }
        do {
            let offset = try runBlocking { try await gateway.syncTime() }
            report(abs(offset) < 1000, "\(exchange.venue) reachable; clock offset \(offset) ms\(abs(offset) < 1000 ? "" : " (GENESIS corrects it, but fix the system clock: run an NTP client)")")
            let status = try? runBlocking { try await gateway.systemStatus() }
            if let status {
                report(status.status == 0, "system status: \(status.message ?? "?")")
            } else {
                print("info system status is not served by \(exchange.venue) (testnet has no /sapi)")
            }
            _ = try runBlocking { try await gateway.account() }
            report(true, "the key can read the account")
        } catch let error as ExchangeError {
            report(false, "\(exchange.venue): \(error)")
        }
        if failures > 0 { throw ExitCode(ExitStatus.unavailable.rawValue) }
    }
}
