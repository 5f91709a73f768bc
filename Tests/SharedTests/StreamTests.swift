import Foundation
import Testing
@testable import Shared

@Suite(.serialized) struct StreamTests {
    @Test func aDroppedStreamIsGapFilledWithoutHolesOrRepeats() throws {
        let sim = try SimProcess(["--tick-ms", "40", "--drop-streams-ms", "900"])
        let directory = TestSupport.temporaryDirectory()
        let outcome = try TestSupport.run("gen-fetch", ["stream", "BTCUSDT", "--interval", "1s", "--book", "--venue", sim.base, "--max-candles", "5",
                                                        "--db", directory.appendingPathComponent("g.db").path])
        #expect(outcome.status == 0, "stream: \(outcome.stderr)")
        var scanner = JSONLineScanner()
        var openTimes: [Int64] = []
        var books = 0
        for line in outcome.stdout.split(separator: "\n") {
            let text = String(line)
            var copy = text
            try copy.withUTF8 { bytes in
                let parsed = try scanner.scan(bytes)
                switch try EventType.of(parsed) {
                case .candle:
                    let candle = try Candle(line: parsed)
                    openTimes.append(candle.openTime.milliseconds)
                case .book:
                    books += 1
                default:
                    Issue.record("unexpected line \(text)")
                }
            }
        }
        #expect(openTimes.count == 5)
        // One candle a second, in order: nothing missing, nothing twice, across the drops.
        #expect(zip(openTimes, openTimes.dropFirst()).allSatisfy { $1 - $0 == 1000 })
        #expect(outcome.stderr.contains("stream dropped"))
        #expect(books > 0)
    }

    @Test func theSimulatorAnswersSubscribeMessages() async throws {
        let sim = try await LocalSim()
        let streams = sim.exchange.streams
        let (id, _) = await streams.subscribe(streams: [], combined: true)
        let answer = await SimServer.control(#"{"method":"SUBSCRIBE","params":["btcusdt@trade","btcusdt@bookTicker"],"id":1}"#, id: id, streams: streams)
        #expect(answer == #"{"result":null,"id":1}"#)
        let list = await SimServer.control(#"{"method":"LIST_SUBSCRIPTIONS","id":3}"#, id: id, streams: streams)
        #expect(list == #"{"result":["btcusdt@bookTicker","btcusdt@trade"],"id":3}"#)
        #expect(StreamTarget(path: "/stream?streams=btcusdt@kline_1m/btcusdt@bookTicker")?.streams == ["btcusdt@kline_1m", "btcusdt@bookTicker"])
        #expect(StreamTarget(path: "/ws/btcusdt@trade")?.combined == false)
        #expect(StreamTarget(path: "/api/v3/time") == nil)
    }
}
