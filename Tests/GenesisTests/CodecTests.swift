import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

func scanError(_ bytes: [UInt8]) -> String? {
    var scanner = JSONLineScanner()
    do {
        _ = try bytes.withUnsafeBufferPointer { try EventType.of(try scanner.scan($0)) }
        return nil
    } catch let error as LineError {
        return error.reason
    } catch {
        return "\(error)"
    }
}

@Suite struct CodecTests {
    let candle = Candle(symbol: "BTCUSDT", interval: .oneMinute, openTime: Timestamp(milliseconds: 1_583_020_800_000), open: Decimal(string: "8523.61")!,
                        high: Decimal(string: "8559.23")!, low: Decimal(string: "8511.11")!, close: Decimal(string: "8552.76")!, volume: Decimal(string: "180.951932")!)

    @Test func candleRoundTrips() throws {
        let text = String(decoding: candle.encoded(), as: UTF8.self)
        #expect(text == "{\"v\":1,\"type\":\"candle\",\"ts\":1583020860000,\"symbol\":\"BTCUSDT\",\"interval\":\"1m\",\"open_time\":1583020800000,\"open\":\"8523.61\",\"high\":\"8559.23\",\"low\":\"8511.11\",\"close\":\"8552.76\",\"volume\":\"180.951932\"}\n")
        let decoded = try scan(String(text.dropLast())) { (line: JSONLine) throws in
            #expect(try EventType.of(line) == .candle)
            return try Candle(line: line)
        }
        #expect(decoded == candle)
    }

    @Test func signalOrderAndRejectionRoundTrip() throws {
        let signal = Signal(id: "momentum_breakout:BTCUSDT:1m:1:BUY", ts: Timestamp(milliseconds: 60_000), strategy: "momentum_breakout", symbol: "BTCUSDT",
                            side: .buy, price: Decimal(string: "100.5")!, stop: Decimal(string: "98.49")!, target: Decimal(string: "104.52")!, reason: "a \"quoted\" reason\nwith a newline")
        let decodedSignal = try scan(String(decoding: signal.encoded().dropLast(), as: UTF8.self)) { try Signal(line: $0) }
        #expect(decodedSignal == signal)

        let order = OrderIntent(clientOrderID: ClientOrderID.derive(session: "s", origin: signal.id), ts: signal.ts, session: "s", signalID: signal.id,
                                strategy: signal.strategy, symbol: "BTCUSDT", side: .buy, purpose: .entry, quantity: Decimal(string: "0.00048")!,
                                referencePrice: signal.price, stop: signal.stop, target: nil)
        let decodedOrder = try scan(String(decoding: order.encoded().dropLast(), as: UTF8.self)) { try OrderIntent(line: $0) }
        #expect(decodedOrder == order)

        let rejection = Rejection(.maxOpenPositions, "SNIPER allows 1 open position.")
        let text = String(decoding: rejection.encoded(ts: signal.ts, signalID: signal.id, symbol: "BTCUSDT", side: .buy, stage: "gen-risk"), as: UTF8.self)
        try scan(String(text.dropLast())) { (line: JSONLine) throws in
            #expect(try EventType.of(line) == .rejection)
            #expect(try line.string("rule") == "limits.max_open_positions")
            #expect(try line.string("message") == "SNIPER allows 1 open position.")
        }
    }

    @Test func decimalsAreExactStrings() throws {
        try scan(#"{"a":"0.1","b":"-12345678901234567890.123456789","c":"1e5","d":1.5,"e":"0000.50"}"#) { (line: JSONLine) throws in
            #expect(try line.decimal("a") == Decimal(string: "0.1")!)
            #expect(try line.decimal("b") == Decimal(string: "-12345678901234567890.123456789")!)
            #expect(throws: LineError.self) { try line.decimal("c") }
            #expect(throws: LineError.self) { try line.decimal("d") }
            #expect(try line.decimal("e") == Decimal(string: "0.5")!)
        }
        let huge = String(repeating: "9", count: 60)
        try scan("{\"q\":\"\(huge)\"}") { (line: JSONLine) throws in #expect(throws: LineError.self) { try line.decimal("q") } }
        #expect(Decimal.parse("") == nil)
        #expect(Decimal.parse("-") == nil)
        #expect(Decimal.parse("1.") == nil)
        #expect(Decimal.parse(".5") == nil)
        #expect(Decimal.parse("1.2.3") == nil)
        #expect(Decimal.parse(" 1") == nil)
        #expect(Decimal.parse("0.00000001") == Decimal(string: "0.00000001")!)
        #expect(Decimal(string: "25.000")!.plainText == "25")
        #expect(Decimal(string: "-0.0500")!.plainText == "-0.05")
    }

    @Test func stringsUnescape() throws {
        try scan(#"{"s":"tab\there \"q\" \\ \u00e9 \ud83d\ude00 /\/"}"#) { (line: JSONLine) throws in
            #expect(try line.string("s") == "tab\there \"q\" \\ é 😀 //")
        }
    }

    @Test func everyMalformedLineHasAReason() {
        let cases: [(String, [UInt8])] = [
            ("binary", [0x00, 0xff, 0xfe, 0x01]),
            ("truncated", Array(#"{"v":1,"type":"candle","ts":1"#.utf8)),
            ("unterminated string", Array(#"{"type":"cand"#.utf8)),
            ("array", Array("[1,2]".utf8)),
            ("scalar", Array("42".utf8)),
            ("trailing text", Array(#"{"type":"candle"} x"#.utf8)),
            ("missing type", Array(#"{"ts":1}"#.utf8)),
            ("type not a string", Array(#"{"type":5}"#.utf8)),
            ("bad escape", Array(#"{"type":"a\q"}"#.utf8)),
            ("control byte", [UInt8](#"{"type":"a"#.utf8) + [0x01] + Array(#""}"#.utf8)),
            ("invalid utf8", [UInt8](#"{"type":"candle","s":""#.utf8) + [0xc3, 0x28] + Array(#""}"#.utf8)),
            ("future version", Array(#"{"v":99,"type":"candle"}"#.utf8)),
            ("bad number", Array(#"{"type":"candle","ts":01}"#.utf8)),
            ("missing value", Array(#"{"type":}"#.utf8)),
            ("missing colon", Array(#"{"type" "candle"}"#.utf8)),
            ("bad literal", Array(#"{"type":"candle","x":tru}"#.utf8)),
            ("deep nesting", Array(("{\"type\":\"candle\",\"x\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}").utf8)),
        ]
        for (name, bytes) in cases {
            #expect(scanError(bytes) != nil, "\(name) was accepted")
        }
        #expect(scanError(Array(#"{"v":1,"type":"future_thing","ts":1,"nested":{"a":[1,2.5e-3,null,true,false,"x"]}}"#.utf8)) == nil)
    }

    @Test func unknownTypesAreRecognisedAsForwardable() throws {
        try scan(#"{"v":1,"type":"future_thing","ts":1}"#) { (line: JSONLine) throws in #expect(try EventType.of(line) == nil) }
        try scan(#" { "type" : "signal" , "ts" : 1 } "#) { (line: JSONLine) throws in #expect(try EventType.of(line) == .signal) }
    }

    @Test func wrongFieldTypesAreNamed() throws {
        let line = #"{"v":1,"type":"candle","ts":"1583020860000","symbol":"BTCUSDT","interval":"1m","open_time":1583020800000,"open":8523.61,"high":"1","low":"1","close":"1","volume":"1"}"#
        try scan(line) { (line: JSONLine) throws in
            do {
                _ = try Candle(line: line)
                Issue.record("accepted a malformed candle")
            } catch let error as LineError {
                #expect(error.reason.contains("'open'") || error.reason.contains("'ts'"))
            }
        }
    }

    @Test func candlesMustBePlausible() throws {
        func decode(_ high: String, _ low: String, volume: String = "1", ts: Int64 = 120_000) throws -> Candle {
            try scan("{\"type\":\"candle\",\"ts\":\(ts),\"symbol\":\"BTCUSDT\",\"interval\":\"1m\",\"open_time\":60000,\"open\":\"10\",\"high\":\"\(high)\",\"low\":\"\(low)\",\"close\":\"10\",\"volume\":\"\(volume)\"}") {
                try Candle(line: $0)
            }
        }
        #expect(throws: Never.self) { try decode("11", "9") }
        #expect(throws: LineError.self) { try decode("9", "8") }
        #expect(throws: LineError.self) { try decode("11", "-1") }
        #expect(throws: LineError.self) { try decode("11", "9", volume: "-5") }
        #expect(throws: LineError.self) { try decode("11", "9", ts: 60_001) }
    }

    @Test func negativeOrderQuantitiesAreRejected() throws {
        let line = #"{"v":1,"type":"order","ts":1,"client_order_id":"gen-1","session":"default","symbol":"BTCUSDT","side":"BUY","order_type":"MARKET","purpose":"ENTRY","quantity":"-1","price":"100"}"#
        try scan(line) { (line: JSONLine) throws in #expect(throws: LineError.self) { try OrderIntent(line: line) } }
    }

    @Test func clientOrderIDsAreDeterministicAndValid() {
        let a = ClientOrderID.derive(session: "default", origin: "momentum_breakout:BTCUSDT:1m:1:BUY")
        #expect(a == ClientOrderID.derive(session: "default", origin: "momentum_breakout:BTCUSDT:1m:1:BUY"))
        #expect(a != ClientOrderID.derive(session: "other", origin: "momentum_breakout:BTCUSDT:1m:1:BUY"))
        #expect(a != ClientOrderID.derive(session: "default", origin: "momentum_breakout:BTCUSDT:1m:1:BUY", slice: 2))
        #expect(a.count == 36)
        #expect(ClientOrderID.isValid(a))
        #expect(!ClientOrderID.isValid("has space"))
        #expect(!ClientOrderID.isValid(String(repeating: "a", count: 37)))
    }

    @Test func lineReaderSplitsChunksAndReportsOverlongLines() throws {
        let pipe = Pipe()
        let long = String(repeating: "x", count: 3000)
        let input = "one\n\(long)\nthree\nlast-without-newline"
        pipe.fileHandleForWriting.write(Data(input.utf8))
        try pipe.fileHandleForWriting.close()
        var lines: [(Int, String)] = []
        try LineReader(descriptor: pipe.fileHandleForReading.fileDescriptor, chunkSize: 1024).forEachLine { bytes, number in
            lines.append((number, String(decoding: bytes, as: UTF8.self)))
        }
        #expect(lines.map(\.0) == [1, -2, 3, 4])
        #expect(lines[0].1 == "one")
        #expect(lines[2].1 == "three")
        #expect(lines[3].1 == "last-without-newline")
    }

    @Test func valuesNoDecimalCanHoldAreRefused() {
        #expect(Decimal.parse("0." + String(repeating: "0", count: 200) + "1") == nil)
        #expect(scanError(Array(#"{"\u0074ype":"candle"}"#.utf8)) != nil)
        #expect(throws: LineError.self) {
            var text = "-9000000000000000000,1,1,1,1,1"
            _ = try text.withUTF8 { try KlineCSV.parse($0) }
        }
        #expect(throws: LineError.self) {
            var text = "99999999999999999999999,1,1,1,1,1"
            _ = try text.withUTF8 { try KlineCSV.parse($0) }
        }
    }
}
