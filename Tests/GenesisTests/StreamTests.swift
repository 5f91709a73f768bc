import HummingbirdWSClient
import Logging
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

@Suite(.serialized) struct StreamTests {
    @Test func aDroppedStreamIsGapFilledWithoutHolesOrRepeats() throws {
        let sim = try SimProcess(["--tick-ms", "40", "--drop-streams-ms", "900"])
        let directory = TestSupport.temporaryDirectory()
        let outcome = try TestSupport.run("gen-fetch", ["stream", "BTCUSDT", "--interval", "1s", "--book", "--venue", sim.base, "--max-candles", "5",
                                                        "--db", directory.appendingPathComponent("g.db").path], timeout: 120)
        #expect(outcome.status == 0, "stream: \(outcome.stderr)")
        var openTimes: [Int64] = []
        var books = 0
        for line in outcome.stdout.split(separator: "\n") {
            let text = String(line)
            try scan(text) { parsed in
                switch try EventType.of(parsed) {
                case .candle:
                    let candle = try Candle(line: parsed)
                    openTimes.append(candle.openTime.milliseconds)
                case .book:
                    books += 1
                case .exchangeStatus:
                    break // the exchange's status, polled beside the streams (MaintenanceTests)
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

    @Test func theDepthBookStaysInStepWithTheExchange() throws {
        let sim = try SimProcess(["--tick-ms", "40"])
        let directory = TestSupport.temporaryDirectory()
        let outcome = try TestSupport.run("gen-fetch", ["stream", "BTCUSDT", "--interval", "1s", "--depth", "--venue", sim.base, "--max-candles", "2",
                                                        "--db", directory.appendingPathComponent("g.db").path], timeout: 120)
        #expect(outcome.status == 0, "stream: \(outcome.stderr)")
        let books = outcome.stdout.split(separator: "\n").filter { $0.contains(#""source":"depth""#) }
        #expect(books.count > 5)
        // The simulator quotes one tick wide: a book kept from snapshot plus diffs must show exactly that.
        for line in books {
            let value = try JSONValue.parse(Data(line.utf8))
            let bid = try #require(value["bid"]?.decimal), ask = try #require(value["ask"]?.decimal)
            #expect(ask - bid == Decimal(string: "0.01")!)
        }
        #expect(outcome.stderr.contains("book rebuilds 0"))
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




enum StreamTestError: Error, CustomStringConvertible {
    case noAnswer
    case refused(String)
    var description: String {
        switch self {
        case .noAnswer: "the WebSocket API closed without answering the subscription"
        case let .refused(answer): "the WebSocket API refused the subscription: \(answer)"
        }
    }
}

@Suite struct UserDataStreamTests {
    /// Collects text messages from a WebSocket until `until` says stop.
    actor Inbox {
        var messages: [JSONValue] = []
        func add(_ text: String) { if let value = try? JSONValue.parse(Data(text.utf8)) { messages.append(value) } }
        func reports() -> [JSONValue] { messages.compactMap { $0["event"] }.filter { $0["e"]?.string == "executionReport" } }
        func all() -> [JSONValue] { messages }
    }

    @Test func fillsArriveAsExecutionReportsThroughTheWebSocketAPI() async throws {
        let sim = try await LocalSim()
        let http = AsyncHTTPClientBox()
        let gateway = sim.gateway(http: http)
        let inbox = Inbox()
        let url = sim.base.replacingOccurrences(of: "http://", with: "ws://") + "/ws-api/v3"
        /// Signed when sent, not before the connection opened: on a loaded
        /// machine the handshake alone can outlast the default recvWindow.
        @Sendable func subscription() throws -> String {
            let timestamp = String(Timestamp.now().milliseconds)
            let parameters = [("apiKey", LocalSim.key), ("recvWindow", "60000"), ("timestamp", timestamp)]
            let signature = try RequestSigner.hmac(secret: Data(LocalSim.secret.utf8)).signature(for: QueryString.webSocketPayload(parameters))
            return #"{"id":"sub-1","method":"userDataStream.subscribe.signature","params":{"apiKey":"\#(LocalSim.key)","recvWindow":60000,"timestamp":\#(timestamp),"signature":"\#(signature)"}}"#
        }
        // Bounded: a stream that stops answering fails the test instead of hanging it.
        try await withTimeout(seconds: 300, "the user data stream's execution reports") {
            _ = try await WebSocketClient.connect(url: url, logger: Logger(label: "test")) { inbound, outbound, _ in
                try await outbound.writeTextMessage(try subscription())
                var iterator = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                // The subscription answer, then the order's events; a refused
                // subscription would bring no events, so it ends the test here.
                guard case let .text(answer)? = try await iterator.next() else { throw StreamTestError.noAnswer }
                await inbox.add(answer)
                guard answer.contains(#""status":200"#) else { throw StreamTestError.refused(answer) }
                _ = try await gateway.placeOrder(symbol: "BTCUSDT", side: .buy, type: "MARKET", quantity: Decimal(string: "0.001")!, clientOrderID: "uds-1")
                while await inbox.reports().count < 2, let message = try await iterator.next() {
                    if case let .text(text) = message { await inbox.add(text) }
                }
                // A resting order, then its cancel under a cancel id of its own.
                _ = try await gateway.placeOrder(symbol: "BTCUSDT", side: .buy, type: "LIMIT", quantity: Decimal(string: "0.001")!, price: 30000,
                                                 timeInForce: "GTC", clientOrderID: "uds-2")
                let canceled = try await gateway.call(.delete, "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "uds-2"), ("newClientOrderId", "uds-cancel")], signed: true)
                #expect(canceled["clientOrderId"]?.string == "uds-cancel")
                #expect(canceled["origClientOrderId"]?.string == "uds-2")
                while await inbox.reports().count < 4, let message = try await iterator.next() {
                    if case let .text(text) = message { await inbox.add(text) }
                }
                // Unsubscribing: the subscription's last event reaches the client before the
                // answer (a client drops events of a subscription it was told has ended), and
                // the connection stays open.
                let id = await inbox.all().first?["result"]?["subscriptionId"]?.integer ?? -1
                try await outbound.writeTextMessage(#"{"id":"unsub","method":"userDataStream.unsubscribe","params":{"subscriptionId":\#(id)}}"#)
                try await outbound.writeTextMessage(#"{"id":"after","method":"ping"}"#)
                var tail: [String] = []
                while tail.last != "after", let message = try await iterator.next() {
                    guard case let .text(text) = message, let value = try? JSONValue.parse(Data(text.utf8)) else { continue }
                    tail.append(value["event"]?["e"]?.string ?? value["id"]?.string ?? "?")
                }
                // The account update of the cancel may still be on its way before them.
                #expect(tail.filter { $0 != "outboundAccountPosition" } == ["eventStreamTerminated", "unsub", "after"])
                try await outbound.close(.normalClosure, reason: nil)
            }
        }
        let messages = await inbox.all()
        #expect(messages.first?["status"]?.integer == 200)
        #expect(messages.first?["result"]?["subscriptionId"] != nil)
        let reports = await inbox.reports()
        #expect(reports.map { $0["x"]?.string } == ["NEW", "TRADE", "NEW", "CANCELED"])
        try #require(reports.count == 4)
        #expect(reports[1]["X"]?.string == "FILLED")
        #expect(reports[1]["c"]?.string == "uds-1")
        #expect(reports[1]["C"]?.string == "")
        #expect(reports[1]["t"]?.integer != -1)
        #expect(reports[3]["c"]?.string == "uds-cancel")
        #expect(reports[3]["C"]?.string == "uds-2")
        await http.shutdown()
    }

    @Test func aBadSignatureIsRefusedOnTheWebSocketAPI() async throws {
        let sim = try await LocalSim()
        let session = SimWebSocketSession(api: sim.api)
        let answer = await session.handle(#"{"id":7,"method":"userDataStream.subscribe.signature","params":{"apiKey":"\#(LocalSim.key)","timestamp":1,"signature":"00"}}"#) { _ in }
        #expect(answer?.contains(#""code":-1022"#) == true)
        let logon = await session.handle(#"{"id":8,"method":"userDataStream.subscribe"}"#) { _ in }
        #expect(logon?.contains(#""status":401"#) == true)
    }
}
