import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisPipeline

/// The fast candle reading of issue 18 (`CandleLine.match`, `SymbolTable`,
/// the aggregator's exact comparisons) against the general scanner and
/// Foundation's arithmetic it stands in for.
@Suite struct CandleLineTests {
    static let canonical = #"{"v":1,"type":"candle","ts":1577836860000,"symbol":"BTCUSDT","interval":"1m","open_time":1577836800000,"open":"7195.24","high":"7196.25","low":"7183.14","close":"7186.68","volume":"51.642812"}"#

    /// Reads `text` both ways (the fast match when it applies, and the general
    /// scan) and returns what each says of every value.
    func readings(_ text: String) throws -> (fast: [String]?, general: [String]) {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            func describe(_ candle: CandleLine) -> [String] {
                func attempt(_ body: () throws -> String) -> String {
                    do { return try body() } catch let error as LineError { return "error: \(error.reason)" } catch { return "error: \(error)" }
                }
                return [attempt { "\(try candle.timestamp().milliseconds)" }, attempt { "\(try candle.openTimestamp().milliseconds)" },
                        attempt { try candle.symbolText() }, attempt { try candle.intervalText() },
                        attempt { "\(try candle.decimal(.open))" }, attempt { "\(try candle.decimal(.high))" }, attempt { "\(try candle.decimal(.low))" },
                        attempt { "\(try candle.decimal(.close))" }, attempt { "\(try candle.approximate(.volume))" },
                        attempt { (try candle.symbolBytes()).map { String(decoding: $0, as: UTF8.self) } ?? "escaped" }]
            }
            var scanner = JSONLineScanner()
            let general = describe(CandleLine(line: try scanner.scan(buffer)))
            return (CandleLine.match(buffer).map(describe), general)
        }
    }

    @Test func gensFetchLayoutIsMatchedAndReadsAsTheGeneralScanDoes() throws {
        let (fast, general) = try readings(Self.canonical)
        #expect(fast == general)
        #expect(general == ["1577836860000", "1577836800000", "BTCUSDT", "1m", "7195.24", "7196.25", "7183.14", "7186.68", "51.642812", "BTCUSDT"])
        // The candle gen-fetch writes is the layout matched.
        let candle = Candle(symbol: "ETHBTC", interval: Interval("15m")!, openTime: Timestamp(milliseconds: 1_700_000_000_000),
                            open: Decimal(string: "0.05123")!, high: Decimal(string: "0.0513")!, low: Decimal(string: "0.0511")!,
                            close: Decimal(string: "0.05125")!, volume: Decimal(string: "1234.5")!)
        #expect(candle.encoded().dropLast().withUnsafeBufferPointer { CandleLine.match($0) } != nil)
    }

    @Test func anyOtherLayoutFallsToTheGeneralScanWithTheSameReadings() throws {
        let variants = [
            Self.canonical.replacingOccurrences(of: #","volume":"51.642812"}"#, with: #","volume":"51.642812","trades":12}"#), // extra field
            Self.canonical.replacingOccurrences(of: #"{"v":1,"type":"candle","#, with: #"{"type":"candle","v":1,"#),             // another order
            Self.canonical.replacingOccurrences(of: #""symbol":"BTCUSDT""#, with: #""symbol":"BTC\u0055SDT""#),                  // escapes
            Self.canonical.replacingOccurrences(of: #","open":"#, with: #", "open":"#),                                       // a space
            Self.canonical.replacingOccurrences(of: #""ts":1577836860000"#, with: #""ts":01577836860000"#),                  // leading zero
            Self.canonical.replacingOccurrences(of: #""open":"7195.24""#, with: #""open":7195.24"#),                         // a number, not a string
        ]
        for variant in variants {
            let bytes = Array(variant.utf8)
            #expect(bytes.withUnsafeBufferPointer { CandleLine.match($0) } == nil, "\(variant)")
        }
        // Read by the general scan, each says what the fields hold, with JSONLine's messages.
        #expect(try readings(variants[0]).general == readings(Self.canonical).general)
        #expect(try readings(variants[2]).general.prefix(9) == readings(Self.canonical).general.prefix(9))
        #expect(try readings(variants[2]).general.last == "escaped")
        #expect(try readings(variants[5]).general[4] == #"error: field 'open' must be a decimal in a string (like "1.5"), got a number"#)
        // A value in the layout that is not a decimal is matched, and found wrong when read, as the general scan finds it.
        let notDecimal = try readings(Self.canonical.replacingOccurrences(of: #""high":"7196.25""#, with: #""high":"7196.2x""#))
        #expect(notDecimal.fast == notDecimal.general)
        #expect(notDecimal.general[5] == #"error: field 'high' is not a plain decimal of at most 38 digits: "7196.2x""#)
        // A field missing is found missing when it is read, not before.
        let missing = try readings(Self.canonical.replacingOccurrences(of: #","volume":"51.642812""#, with: ""))
        #expect(missing.fast == nil)
        #expect(missing.general[8] == "error: missing field 'volume'")
    }

    @Test func aMatchIsAlwaysValidJSON() throws {
        // Every truncation and every single-byte change of the canonical line:
        // whatever the fast path accepts, the general scanner accepts too.
        let bytes = Array(Self.canonical.utf8)
        var accepted = 0
        for cut in 0..<bytes.count {
            let prefix = Array(bytes[0..<cut])
            #expect(prefix.withUnsafeBufferPointer { CandleLine.match($0) } == nil)
        }
        for position in bytes.indices {
            for replacement: UInt8 in [0x22, 0x5C, 0x2C, 0x7D, 0x20, 0x30, 0x41, 0x00, 0xC3] {
                var changed = bytes
                changed[position] = replacement
                guard changed.withUnsafeBufferPointer({ CandleLine.match($0) }) != nil else { continue }
                accepted += 1
                #expect(scanError(changed) == nil, "\(String(decoding: changed, as: UTF8.self))")
            }
        }
        #expect(accepted > 100) // digits and letters inside values still match
    }

    @Test func aSymbolTableFindsKeysByTheirBytes() {
        var table = SymbolTable<Int>()
        for (index, symbol) in ["BTCUSDT", "ETHUSDT", "", "BTCUSD", "BTCUSDTX"].enumerated() { table.set(index, for: symbol) }
        #expect(table.count == 5)
        for (index, symbol) in ["BTCUSDT", "ETHUSDT", "", "BTCUSD", "BTCUSDTX"].enumerated() {
            #expect(table.index(of: symbol).map { table[$0] } == index)
        }
        #expect(table.index(of: "XRPUSDT") == nil)
        table.set(9, for: "ETHUSDT")
        #expect(table.count == 5)
        #expect(table.index(of: "ETHUSDT").map { table[$0] } == 9)
        #expect(table.key(at: 3) == "BTCUSD")
    }

    @Test func theAggregatorsComparisonIsFoundationsOrder() {
        let values = ["0", "1", "1.0", "0.99999999", "7195.24", "7195.240", "7195.2400001", "-3.5", "-3.50", "-4", "92233720368.54775807",
                      "92233720368.54775808", "0.000000000000000000001", "123456789012345678901234567890", "1e3"]
            .compactMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
        for a in values {
            for b in values { #expect(b.isExactlyLess(than: a) == (a > b), "\(a) > \(b)") }
        }
    }

    @Test func aggregatedVolumesAreTheExactSumAsFoundationWritesIt() throws {
        var aggregator = try #require(CandleAggregator(from: Interval("1m")!, to: Interval("5m")!))
        let volumes = ["0.1", "0.2", "92233720368.54775807", "0.00000001", "3.10"]
        var built: KlineRow?
        for (minute, volume) in volumes.enumerated() {
            let row = KlineRow(openTime: Int64(minute) * 60_000, open: "10", high: "\(11 + minute % 2)", low: "9.\(minute)", close: "10.5", volume: volume)
            built = try aggregator.add(row) ?? built
        }
        built = aggregator.finish() ?? built
        let expected = volumes.reduce(Decimal(0)) { $0 + Decimal(string: $1)! }
        #expect(built?.volume == expected.plainText)
        #expect(built?.high == "12")
        #expect(built?.low == "9.0")
    }
}
