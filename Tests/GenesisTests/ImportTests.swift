import Foundation
import GRDB
import Logging
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

@Suite struct ImportTests {
    let logger = Logger(label: "tests")

    func replayLines(_ store: Store, _ symbols: [String], interval: Interval = .oneMinute, from: Timestamp? = nil, to: Timestamp? = nil) throws -> [String] {
        let directory = TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("replay.ndjson").path
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = FileHandle(forWritingAtPath: path)!
        let writer = LineWriter(descriptor: handle.fileDescriptor)
        try store.replayCandles(symbols: symbols, interval: interval, from: from, to: to, writer: writer)
        writer.flush()
        try handle.close()
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test(.enabled(if: TestSupport.hasData("binance-spot-klines/BTCUSDT-1m-2020-02.zip"),
                   "needs binance-spot-klines/BTCUSDT-1m-2020-02.zip under GENESIS_DATA (default ../shared/data)"))
    func importsARealMonthWithMillisecondTimesKeepingGaps() throws {
        let store = try TestSupport.makeStore()
        let report = try KlineImporter(store: store, logger: logger).importFile(TestSupport.klineFile("2020-02"), symbol: nil, interval: nil)
        #expect(report.symbol == "BTCUSDT")
        #expect(report.interval == "1m")
        #expect(report.rows == 41_346)
        #expect(report.inserted == 41_346)
        #expect(report.rejected == 0)
        // February 2020 has 41,760 minutes; the missing ones stay missing.
        #expect(try store.candleCount(symbol: "BTCUSDT", interval: .oneMinute) == 41_346)
        let times = try store.read { try Int64.fetchAll($0, sql: "SELECT open_time FROM candles ORDER BY open_time") }
        let gaps = zip(times, times.dropFirst()).filter { $1 - $0 > 60_000 }.count
        #expect(gaps == 2)
        let first = try store.read { try Row.fetchOne($0, sql: "SELECT * FROM candles ORDER BY open_time LIMIT 1") }!
        #expect(first["open_time"] == 1_580_515_200_000 as Int64)
        #expect(first["open"] == "9351.71")
        #expect(first["high"] == "9375")
        #expect(first["volume"] == "56.88664")
        #expect(first["quote_volume"] == "532596.78036447")
        #expect(first["trades"] == 627 as Int64)

        let lines = try replayLines(store, ["BTCUSDT"], to: Timestamp(milliseconds: 1_580_515_320_000))
        #expect(lines.count == 2)
        #expect(lines[0] == #"{"v":1,"type":"candle","ts":1580515260000,"symbol":"BTCUSDT","interval":"1m","open_time":1580515200000,"open":"9351.71","high":"9375","low":"9351.71","close":"9358.59","volume":"56.88664"}"#)
    }

    @Test func importsMicrosecondTimesFrom2025AndIsIdempotent() throws {
        let store = try TestSupport.makeStore()
        let importer = KlineImporter(store: store, logger: logger)
        // The committed week of 2025-01 (Binance's µs times), 7 × 1440 minutes.
        let file = TestSupport.fixture("BTCUSDT-1m-2025-01-01_07.zip")
        let first = try importer.importFile(file, symbol: nil, interval: nil)
        #expect(first.inserted == 10_080)
        let (earliest, latest) = try store.read { db in
            (try Int64.fetchOne(db, sql: "SELECT MIN(open_time) FROM candles"), try Int64.fetchOne(db, sql: "SELECT MAX(open_time) FROM candles"))
        }
        #expect(earliest == 1_735_689_600_000)
        #expect(latest == 1_736_294_340_000 as Int64) // 2025-01-07 23:59 UTC
        let again = try importer.importFile(file, symbol: nil, interval: nil)
        #expect(again.inserted == 0)
        #expect(again.skipped == 10_080)
        #expect(try store.candleCount(symbol: "BTCUSDT", interval: .oneMinute) == 10_080)
    }

    @Test func aFileOfMinutesIsNotImportedAsHours() throws {
        let store = try TestSupport.makeStore()
        #expect {
            try KlineImporter(store: store, logger: logger).importFile(TestSupport.fixture("BTCUSDT-1m-2025-01-01_07.zip"), symbol: nil, interval: Interval("1h")!)
        } throws: { error in
            "\(error)".contains("10079 of its 10079 rows open closer together than 1h (down to 60 s apart): these are not 1h candles")
        }
        #expect(try store.candleCount(symbol: "BTCUSDT", interval: Interval("1h")!) == 0)
    }

    @Test func aRowOffTheIntervalsGridIsRejected() throws {
        let store = try TestSupport.makeStore()
        let path = TestSupport.temporaryDirectory().appendingPathComponent("BTCUSDT-1h-2024-01.csv").path
        // 01:30 is not an hourly candle's open time; the rows around it are.
        try "1704067200000,1,1,1,1,1\n1704072600000,1,1,1,1,1\n1704074400000,1,1,1,1,1\n".write(toFile: path, atomically: true, encoding: .utf8)
        let report = try KlineImporter(store: store, logger: logger).importFile(path, symbol: nil, interval: nil)
        #expect(report.rejected == 1 && report.inserted == 2)
        let times = try store.read { try Int64.fetchAll($0, sql: "SELECT open_time FROM candles ORDER BY open_time") }
        #expect(times == [1_704_067_200_000, 1_704_074_400_000])
    }

    @Test func anEndlessLineIsSkippedInBoundedMemory() throws {
        // 64 MiB without a newline, fed as a zip entry is, 1 MiB at a time; then a real row.
        var splitter = LineSplitter()
        var seen: [(Int, Int?)] = []
        let chunk = Data(repeating: UInt8(ascii: "1"), count: 1 << 20)
        for _ in 0..<64 { splitter.feed(chunk) { line, number in seen.append((number, line?.count)) } }
        splitter.feed(Data("\n1583020800000,1,1,1,1,1\n".utf8)) { line, number in seen.append((number, line?.count)) }
        splitter.finish { line, number in seen.append((number, line?.count)) }
        #expect(seen.map(\.0) == [1, 2])
        #expect(seen[0].1 == nil)          // reported as too long, never held
        #expect(seen[1].1 == 23)
    }

    @Test func importsPlainCSVAndReportsBadRows() throws {
        let store = try TestSupport.makeStore()
        let path = TestSupport.temporaryDirectory().appendingPathComponent("eth.csv").path
        let csv = """
            time,open,high,low,close,volume
            2024-01-01T00:00:00Z,2300.5,2310,2295,2305.25,12.5
            1704067260000,2305.25,2306,2300,2301,3
            1704067320,2301,2302,2299,2300,1.25
            1704067380000000,2300,2301,2299.5,2300.5,0
            not-a-time,1,1,1,1,1
            1704067500000,10,9,8,9,1
            1704067560000,abc,1,1,1,1

            """
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let report = try KlineImporter(store: store, logger: logger).importFile(path, symbol: "ETHUSDT", interval: .oneMinute)
        #expect(report.inserted == 4)
        #expect(report.rejected == 3)
        let times = try store.read { try Int64.fetchAll($0, sql: "SELECT open_time FROM candles ORDER BY open_time") }
        #expect(times == [1_704_067_200_000, 1_704_067_260_000, 1_704_067_320_000, 1_704_067_380_000])
    }

    @Test func binanceCSVWithoutZipIsAccepted() throws {
        let store = try TestSupport.makeStore()
        let path = TestSupport.temporaryDirectory().appendingPathComponent("BTCUSDT-1m-2020-03.csv").path
        let rows = """
            1583020800000,8523.61000000,8559.23000000,8511.11000000,8552.76000000,180.95193200,1583020859999,1542470.67533859,1249,58.92780000,502628.88473394,0
            1583020860000,8555.30000000,8557.47000000,8532.40000000,8548.25000000,46.83820800,1583020919999,400328.82025082,655,23.45259800,200447.99907805,0
            """
        try rows.write(toFile: path, atomically: true, encoding: .utf8)
        let report = try KlineImporter(store: store, logger: logger).importFile(path, symbol: nil, interval: nil)
        #expect(report.inserted == 2)
        #expect(report.rejected == 0)
    }

    @Test func unidentifiableFilesNeedSymbolAndInterval() throws {
        let store = try TestSupport.makeStore()
        let path = TestSupport.temporaryDirectory().appendingPathComponent("prices.csv").path
        try "1,1,1,1,1,1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: GenesisError.self) { try KlineImporter(store: store, logger: logger).importFile(path, symbol: nil, interval: nil) }
        let missing = TestSupport.temporaryDirectory().appendingPathComponent("BTCUSDT-1m-1999-01.zip").path
        #expect(throws: GenesisError.self) { try KlineImporter(store: store, logger: logger).importFile(missing, symbol: nil, interval: nil) }
        let notZip = TestSupport.temporaryDirectory().appendingPathComponent("BTCUSDT-1m-2000-01.zip").path
        try "garbage".write(toFile: notZip, atomically: true, encoding: .utf8)
        #expect(throws: GenesisError.self) { try KlineImporter(store: store, logger: logger).importFile(notZip, symbol: nil, interval: nil) }
    }

    @Test func epochUnitsAreRecognisedBySize() {
        #expect(KlineCSV.epochMilliseconds(1_704_067_200) == 1_704_067_200_000)
        #expect(KlineCSV.epochMilliseconds(1_704_067_200_000) == 1_704_067_200_000)
        #expect(KlineCSV.epochMilliseconds(1_704_067_200_000_000) == 1_704_067_200_000)
        #expect(KlineCSV.epochMilliseconds(1_704_067_200_000_000_000) == 1_704_067_200_000)
    }

    @Test func replayMergesSymbolsInTimeOrderWithinRange() throws {
        let store = try TestSupport.makeStore()
        let start = Timestamp(parsing: "2024-01-01")!
        var btc = MarketGenerator(symbol: "BTCUSDT", interval: .oneMinute, start: start, startPrice: 40000, seed: 1)
        var eth = MarketGenerator(symbol: "ETHUSDT", interval: .oneMinute, start: start.adding(milliseconds: 30 * 60_000), startPrice: 2000, seed: 2)
        _ = try store.insertCandles(symbol: "BTCUSDT", interval: .oneMinute, rows: btc.generate(count: 120))
        _ = try store.insertCandles(symbol: "ETHUSDT", interval: .oneMinute, rows: eth.generate(count: 120))
        let lines = try replayLines(store, ["BTCUSDT", "ETHUSDT"], from: start.adding(milliseconds: 10 * 60_000), to: start.adding(milliseconds: 100 * 60_000))
        #expect(lines.count == 90 + 70)
        var previous: Int64 = 0
        for text in lines {
            let (ts, symbol) = try scan(text) { line in
                let candle = try Candle(line: line)
                return (try line.timestamp().milliseconds, candle.symbol)
            }
            #expect(ts >= previous)
            previous = ts
            _ = symbol
        }
        #expect(lines.first!.contains("BTCUSDT"))
    }

    @Test func generatorIsDeterministicAndPlausible() throws {
        var a = MarketGenerator(symbol: "BTCUSDT", interval: .oneMinute, start: Timestamp(milliseconds: 0), startPrice: 40000, seed: 42)
        var b = MarketGenerator(symbol: "BTCUSDT", interval: .oneMinute, start: Timestamp(milliseconds: 0), startPrice: 40000, seed: 42)
        let rowsA = a.generate(count: 5000)
        #expect(rowsA == b.generate(count: 5000))
        for row in rowsA {
            let open = Decimal.parse(row.open)!, high = Decimal.parse(row.high)!, low = Decimal.parse(row.low)!, close = Decimal.parse(row.close)!
            #expect(high >= max(open, close) && low <= min(open, close) && low > 0)
            #expect(open.rounded(toStep: Decimal(string: "0.01")!, .plain) == open)
        }
    }
}
