import Foundation
import GRDB
import Logging
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline

/// Replay builds longer timeframes from stored finer candles exactly as
/// Binance builds its klines (DESIGN §10): checked hour by hour against
/// Binance's own 1h klines for the same week (Tests/Fixtures).
@Suite struct TimeframeTests {
    let logger = Logger(label: "tests")

    func replay(_ store: Store, _ interval: Interval, from: Timestamp? = nil, to: Timestamp? = nil) throws -> [[String: Any]] {
        let path = TestSupport.temporaryDirectory().appendingPathComponent("replay.ndjson").path
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = FileHandle(forWritingAtPath: path)!
        let writer = LineWriter(descriptor: handle.fileDescriptor)
        try store.replayCandles(symbols: ["BTCUSDT"], interval: interval, from: from, to: to, writer: writer)
        writer.flush()
        try handle.close()
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    @Test func hoursBuiltFromMinutesAreBinancesOwnHourlyKlines() throws {
        let minutes = try TestSupport.makeStore()
        _ = try KlineImporter(store: minutes, logger: logger).importFile(TestSupport.fixture("BTCUSDT-1m-2025-01-01_07.zip"), symbol: nil, interval: nil)
        let hours = try TestSupport.makeStore()
        _ = try KlineImporter(store: hours, logger: logger).importFile(TestSupport.fixture("BTCUSDT-1h-2025-01-01_07.zip"), symbol: nil, interval: nil)
        #expect(try minutes.replaySource(symbol: "BTCUSDT", interval: Interval("1h")!) == .oneMinute)
        let built = try replay(minutes, Interval("1h")!)
        let binance = try replay(hours, Interval("1h")!)
        #expect(built.count == 168 && binance.count == 168)
        for (mine, theirs) in zip(built, binance) {
            for field in ["ts", "open_time", "interval"] { #expect("\(mine[field]!)" == "\(theirs[field]!)") }
            // Prices and volume as exact decimals (Binance's text may carry trailing zeros).
            for field in ["open", "high", "low", "close", "volume"] {
                #expect(Decimal.parse(mine[field] as! String) == Decimal.parse(theirs[field] as! String), "\(field) at \(mine["open_time"]!)")
            }
        }
        // A day, and 15 minutes, come out whole too.
        #expect(try replay(minutes, Interval("1d")!).count == 7)
        #expect(try replay(minutes, Interval("15m")!).count == 7 * 96)
    }

    @Test func aBucketCutByTheEdgeOfTheDataIsNotPassedOffAsWhole() throws {
        let store = try TestSupport.makeStore()
        _ = try KlineImporter(store: store, logger: logger).importFile(TestSupport.fixture("BTCUSDT-1m-2025-01-01_07.zip"), symbol: nil, interval: nil)
        let start = Timestamp(parsing: "2025-01-01T00:30:00Z")!, end = Timestamp(parsing: "2025-01-01T05:10:00Z")!
        let hours = try replay(store, Interval("1h")!, from: start, to: end)
        // 00:30–01:00 and 05:00–05:10 are cut: only 01:00 … 04:00 are whole.
        let opened = hours.map { ($0["open_time"] as! NSNumber).int64Value }
        let expected: [Int64] = [1, 2, 3, 4].map { 1_735_689_600_000 + Int64($0) * 3_600_000 }
        #expect(opened == expected)
    }

    @Test func anOutageInsideABucketStillMakesACandleAsBinancesDoes() throws {
        var aggregator = try #require(CandleAggregator(from: .oneMinute, to: Interval("1h")!))
        let hour: Int64 = 1_735_689_600_000
        func row(_ minute: Int64, _ price: String, volume: String = "1.5") -> KlineRow {
            KlineRow(openTime: hour + minute * 60_000, open: price, high: price, low: price, close: price, volume: volume)
        }
        // Minutes 0 … 59 of the first hour with 10 … 19 missing, then the first minute of the next.
        var finished: [KlineRow] = []
        let minutes: [Int64] = Array(0..<10) + Array(20..<60)
        for minute in minutes {
            let price = minute == 30 ? "101" : minute == 40 ? "99" : "100"
            if let done = try aggregator.add(row(minute, price)) { finished.append(done) }
        }
        if let done = try aggregator.add(row(60, "100")) { finished.append(done) }
        #expect(finished == [KlineRow(openTime: hour, open: "100", high: "101", low: "99", close: "100", volume: "75")])
        #expect(aggregator.finish() == nil) // the next hour has one minute: cut by the end
        #expect(CandleAggregator(from: .oneMinute, to: Interval("1w")!) == nil)
        #expect(CandleAggregator(from: Interval("1h")!, to: .oneMinute) == nil)
    }
}
