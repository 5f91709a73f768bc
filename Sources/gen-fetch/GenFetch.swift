import ArgumentParser
import Foundation
import Shared

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
            """,
        subcommands: [Import.self, Replay.self, Generate.self, List.self]
    )

    static func main() { CommandMain.run(Self.self) }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load Binance kline files (.zip or .csv, ms or µs times) or plain OHLCV CSV into the store; rows already stored are skipped.",
        discussion: """
            Binance's file names (BTCUSDT-1m-2020-03.zip) give the symbol and interval; other files need --symbol and --interval.
            Examples:
              gen-fetch import BTCUSDT-1m-2020-01.zip BTCUSDT-1m-2020-02.zip
              gen-fetch import prices.csv --symbol ETHUSDT --interval 1h --json
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Kline files to import.") var files: [String]
    @Option(help: "Symbol, when the file name does not tell it.") var symbol: String?
    @Option(help: "Interval (\(Interval.allowedNames)), when the file name does not tell it.") var interval: String?
    @Flag(help: "One JSON object per file on stdout instead of a table.") var json = false

    func validate() throws {
        if let interval, Interval(interval) == nil { throw ValidationError("--interval '\(interval)' is not one of \(Interval.allowedNames)") }
        guard !files.isEmpty else { throw ValidationError("name at least one file to import") }
    }

    func run() throws {
        let logger = global.logger("gen-fetch")
        let store = try global.openStore("gen-fetch import")
        let importer = KlineImporter(store: store, logger: logger)
        var rejected = 0
        for file in files {
            let report = try importer.importFile(file, symbol: symbol, interval: interval.flatMap(Interval.init))
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
}

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stream stored candles as NDJSON `candle` lines in time order, merging symbols.",
        discussion: """
            --from is inclusive and --to exclusive, both on candle open times (dates are UTC midnight).
            Examples:
              gen-fetch replay BTCUSDT --interval 1m --from 2020-03-01 --to 2020-04-01
              gen-fetch replay BTCUSDT ETHUSDT --interval 1h | gen-signal | gen-risk | gen-exec --venue paper
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Symbols to replay, e.g. BTCUSDT.") var symbols: [String]
    @Option(help: "Candle interval (\(Interval.allowedNames)).") var interval: String = "1m"
    @Option(help: "First open time: YYYY-MM-DD, ISO-8601 or epoch ms.") var from: String?
    @Option(help: "End (exclusive): YYYY-MM-DD, ISO-8601 or epoch ms.") var to: String?

    func validate() throws {
        guard !symbols.isEmpty else { throw ValidationError("name at least one symbol, e.g. BTCUSDT") }
        for symbol in symbols {
            do { try Symbol.validate(symbol) } catch { throw ValidationError(error.reason) }
        }
        if Interval(interval) == nil { throw ValidationError("--interval '\(interval)' is not one of \(Interval.allowedNames)") }
        if let from, Timestamp(parsing: from) == nil { throw ValidationError("--from '\(from)' is not a date (YYYY-MM-DD), ISO-8601 time or epoch ms") }
        if let to, Timestamp(parsing: to) == nil { throw ValidationError("--to '\(to)' is not a date (YYYY-MM-DD), ISO-8601 time or epoch ms") }
    }

    func run() throws {
        let logger = global.logger("gen-fetch")
        let store = try global.openStore("gen-fetch replay")
        let interval = Interval(interval)!
        var seen = Set<String>()
        let symbols = symbols.filter { seen.insert($0).inserted }
        for symbol in symbols where try store.candleCount(symbol: symbol, interval: interval) == 0 {
            logger.warning("no \(symbol) \(interval) candles are stored; import some with `gen-fetch import` or `gen-fetch generate \(symbol)`")
        }
        let writer = LineWriter()
        let count = try store.replayCandles(symbols: symbols, interval: interval, from: from.flatMap(Timestamp.init(parsing:)),
                                            to: to.flatMap(Timestamp.init(parsing:)), writer: writer)
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
    @Argument(help: "Symbol to generate, e.g. BTCUSDT.") var symbol: String
    @Option(help: "Candle interval.") var interval: String = "1m"
    @Option(help: "Days of candles.") var days: Int = 30
    @Option(help: "First open time (YYYY-MM-DD).") var start: String = "2024-01-01"
    @Option(help: "Starting price.") var price: Double = 40000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Flag(help: "Print 6-column CSV (time,open,high,low,close,volume) instead of storing.") var csv = false

    func validate() throws {
        do { try Symbol.validate(symbol) } catch { throw ValidationError(error.reason) }
        guard let interval = Interval(interval) else { throw ValidationError("--interval '\(interval)' is not one of \(Interval.allowedNames)") }
        guard (1...3650).contains(days) else { throw ValidationError("--days must be between 1 and 3650") }
        guard price > 0, price < 1e9 else { throw ValidationError("--price must be above 0 and below 1e9") }
        guard let first = Timestamp(parsing: start), first.milliseconds >= 0, first.milliseconds < 7_000_000_000_000 else {
            throw ValidationError("--start '\(start)' is not a date (YYYY-MM-DD) between 1970 and 2191")
        }
        guard Int64(days) * Timestamp.millisecondsPerDay / interval.milliseconds <= 20_000_000 else { throw ValidationError("at most 20 million candles at once") }
    }

    func run() throws {
        let logger = global.logger("gen-fetch")
        let interval = Interval(interval)!
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
        abstract: "List the candles stored: symbol, interval, count and time span.",
        discussion: "Example:\n  gen-fetch list")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.logger("gen-fetch")
        let store = try global.openStore("gen-fetch list")
        let inventory = try store.candleInventory()
        if inventory.isEmpty { print("no candles stored; try `gen-fetch generate BTCUSDT` or `gen-fetch import FILE`") }
        for item in inventory {
            print("\(item.symbol)\t\(item.interval)\t\(item.count)\t\(item.first.iso8601)\t\(item.last.iso8601)")
        }
    }
}
