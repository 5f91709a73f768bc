import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
@testable import GenesisDomain
@testable import GenesisBinance
@testable import GenesisSimulator

/// A gen-sim on a loopback port whose clock the test holds: requests are
/// signed with the sim's own time and the market moves only when the test
/// moves it, so every figure below is computed by hand and nothing waits on
/// a real clock.
final class ClockedSim: @unchecked Sendable {
    static let key = "oco-test-key"
    static let secret = "oco-test-secret"
    /// 2024-01-01T00:00:00Z.
    static let start: Int64 = 1_704_067_200_000
    let clock: ManualClock
    let exchange: SimExchange
    let base: String
    private let task: Task<Void, Error>

    /// BTCUSDT at 40000: bids 39999.99 (0.025), 39999.98 (0.05), … and asks from 40000; 10000 USDT per account.
    init(keys: [String: SimKey] = [ClockedSim.key: .hmac(secret: ClockedSim.secret)]) async throws {
        let clock = ManualClock(milliseconds: ClockedSim.start)
        self.clock = clock
        let exchange = SimExchange(markets: [SimMarket(rules: .simulated(symbol: "BTCUSDT"), price: 40000, levelQuantity: Decimal(string: "0.025")!, seed: 1)],
                                   clock: clock)
        self.exchange = exchange
        let api = SimAPI(exchange: exchange, keys: keys)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            defer { continuation.finish() }
            try await SimServer.run(api: api, host: "127.0.0.1", port: 0) { continuation.yield($0) }
        }
        self.task = task
        let port = try? await withTimeout(seconds: 300, "gen-sim to listen") {
            var iterator = ports.makeAsyncIterator()
            return await iterator.next()
        }
        guard let port = port ?? nil else {
            task.cancel()
            throw GenesisError.internalError("gen-sim did not listen within 300 s")
        }
        base = "http://127.0.0.1:\(port)"
    }

    deinit { task.cancel() }

    struct Answer {
        var status: Int
        var body: String
        var weight: Int
        var json: JSONValue
        var code: Int64? { json["code"]?.integer }
    }

    /// One request over HTTP, signed (HMAC, the sim's time) unless told otherwise.
    func send(_ method: String, _ path: String, _ parameters: [(String, String)] = [], signed: Bool = true,
              apiKey: String? = ClockedSim.key) async throws -> Answer {
        var query = QueryString.build(parameters + (signed ? [("timestamp", String(clock.milliseconds))] : []))
        if signed { query += "&signature=" + (try RequestSigner.hmac(secret: Data(Self.secret.utf8)).signature(for: query)) }
        var request = HTTPClientRequest(url: base + path + (query.isEmpty ? "" : "?" + query))
        request.method = .init(rawValue: method)
        if let apiKey { request.headers.add(name: "X-MBX-APIKEY", value: apiKey) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 22))
        return Answer(status: Int(response.status.code), body: body, weight: Int(response.headers.first(name: "X-MBX-USED-WEIGHT-1M") ?? "") ?? -1,
                      json: try JSONValue.parse(Data(body.utf8)))
    }

    /// A sell OCO of `quantity` BTC: LIMIT_MAKER above at `target`, STOP_LOSS_LIMIT below at `stop` (limit `limit`).
    func sellOCO(_ tag: String, quantity: String = "0.05", target: String = "41000", stop: String = "39000", limit: String = "38990",
                 extra: [(String, String)] = []) async throws -> Answer {
        try await send("POST", "/api/v3/orderList/oco", [
            ("symbol", "BTCUSDT"), ("side", "SELL"), ("quantity", quantity), ("listClientOrderId", "\(tag)-list"),
            ("aboveType", "LIMIT_MAKER"), ("abovePrice", target), ("aboveClientOrderId", "\(tag)-tp"),
            ("belowType", "STOP_LOSS_LIMIT"), ("belowStopPrice", stop), ("belowPrice", limit), ("belowTimeInForce", "GTC"),
            ("belowClientOrderId", "\(tag)-sl"),
        ] + extra)
    }

    func deposit(_ asset: String, _ amount: String, apiKey: String? = ClockedSim.key) async throws -> Answer {
        try await send("POST", "/sim/v1/deposit", [("asset", asset), ("amount", amount)], signed: false, apiKey: apiKey)
    }

    /// The account's free and locked balance of `asset`, from `GET /api/v3/account`.
    func balance(_ asset: String) async throws -> (free: String, locked: String) {
        let balances = try await send("GET", "/api/v3/account").json["balances"]?.array ?? []
        let entry = balances.first { $0["asset"]?.string == asset }
        return (entry?["free"]?.string ?? "none", entry?["locked"]?.string ?? "none")
    }

    /// Moves the market (as `/sim/v1/price` does), a second later.
    func move(to price: Decimal) async throws {
        clock.advance(milliseconds: 1000)
        try await exchange.move(symbol: "BTCUSDT", to: price)
    }

    /// One user-data event: parsed, and as sent (parsing sorts an object's keys; the text keeps Binance's order).
    struct Event {
        var json: JSONValue
        var text: String
        subscript(key: String) -> JSONValue? { json[key] }
    }

    /// Records the account's user-data events while `body` runs.
    func events(_ body: () async throws -> Void) async throws -> [Event] {
        let (id, stream) = await exchange.userStreams.subscribe(apiKey: Self.key)
        try await body()
        await exchange.userStreams.unsubscribe(apiKey: Self.key, id: id)
        return try await withTimeout(seconds: 60, "the buffered events") {
            var events: [Event] = []
            for await text in stream {
                // The envelope is {"subscriptionId":N,"event":{…}}.
                guard let start = text.range(of: #""event":"#)?.upperBound else { continue }
                events.append(Event(json: try JSONValue.parse(Data(text.utf8))["event"] ?? .null, text: String(text[start...].dropLast())))
            }
            return events
        }
    }
}

/// Protective orders and the deposit drill on gen-sim, over real HTTP:
/// OCO lists (`/api/v3/orderList/oco` and its queries and cancels), the stop
/// types waiting for their price, and `POST /sim/v1/deposit`.
@Suite struct SimOrderListTests {
    static func d(_ text: String) -> Decimal { Decimal(string: text)! }

    /// `e`, then the execution type and client id of an executionReport, or the list status.
    static func summary(_ events: [ClockedSim.Event]) -> [String] {
        events.map { event in
            switch event["e"]?.string {
            case "executionReport": "\(event["x"]?.string ?? "?") \(event["c"]?.string ?? "?")"
            case "listStatus": "listStatus \(event["l"]?.string ?? "?")"
            default: event["e"]?.string ?? "?"
            }
        }
    }

    @Test func anOCOSellsAtItsStopAndCancelsItsTarget() async throws {
        let sim = try await ClockedSim()
        #expect(try await sim.deposit("BTC", "0.1").status == 200)
        var placed: ClockedSim.Answer?
        let placing = try await sim.events { placed = try await sim.sellOCO("a") }
        let answer = try #require(placed)
        try #require(answer.status == 200, "\(answer.body)")
        // Binance's shape (in Binance's order: the raw body), the stop leg first.
        #expect(answer.body.hasPrefix(#"{"orderListId":1,"contingencyType":"OCO","listStatusType":"EXEC_STARTED","listOrderStatus":"EXECUTING","listClientOrderId":"a-list","transactionTime":1704067200000,"symbol":"BTCUSDT","orders":[{"symbol":"BTCUSDT","orderId":1,"clientOrderId":"a-sl"},{"symbol":"BTCUSDT","orderId":2,"clientOrderId":"a-tp"}],"orderReports":[{"#))
        let reports = try #require(answer.json["orderReports"]?.array)
        #expect(answer.body.contains(#""orderReports":[{"symbol":"BTCUSDT","orderId":1,"orderListId":1,"clientOrderId":"a-sl","transactTime":1704067200000,"price":"38990.00000000","origQty":"0.05000000","executedQty":"0.00000000","origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":"0.00000000","status":"NEW","timeInForce":"GTC","type":"STOP_LOSS_LIMIT","side":"SELL","stopPrice":"39000.00000000","workingTime":-1,"fills":[],"selfTradePreventionMode":"EXPIRE_MAKER"},"#))
        #expect(reports[1]["type"]?.string == "LIMIT_MAKER" && reports[1]["workingTime"]?.integer == ClockedSim.start && reports[1]["stopPrice"] == nil)
        #expect(Self.summary(placing) == ["NEW a-sl", "NEW a-tp", "listStatus EXEC_STARTED", "outboundAccountPosition"])
        #expect(placing[0]["g"]?.integer == 1 && placing[0]["w"] == .bool(false) && placing[0]["W"] == nil && placing[0]["P"]?.string == "39000.00000000")
        #expect(placing[1]["w"] == .bool(true))
        #expect(placing[2].text == #"{"e":"listStatus","E":1704067200000,"s":"BTCUSDT","g":1,"c":"OCO","l":"EXEC_STARTED","L":"EXECUTING","r":"NONE","C":"a-list","T":1704067200000,"O":[{"s":"BTCUSDT","i":1,"c":"a-sl"},{"s":"BTCUSDT","i":2,"c":"a-tp"}]}"#)
        // The quantity is locked once for both legs.
        #expect(try await sim.balance("BTC") == ("0.05000000", "0.05000000"))
        let lists = try #require(try await sim.send("GET", "/api/v3/openOrderList").json.array)
        #expect(lists.count == 1 && lists[0]["orderListId"]?.integer == 1 && lists[0]["orderReports"] == nil)
        let open = try #require(try await sim.send("GET", "/api/v3/openOrders", [("symbol", "BTCUSDT")]).json.array)
        #expect(open.compactMap { $0["clientOrderId"]?.string } == ["a-sl", "a-tp"])
        #expect(open.allSatisfy { $0["orderListId"]?.integer == 1 })
        #expect(open[0]["stopPrice"]?.string == "39000.00000000" && open[0]["isWorking"] == .bool(false) && open[0]["workingTime"]?.integer == -1)

        // Through the stop: the stop leg works as a limit at 38990 and takes the bids at 38994.99 and 38994.98.
        let falling = try await sim.events { try await sim.move(to: 38995) }
        #expect(Self.summary(falling) == ["CANCELED a-tp", "NEW a-sl", "TRADE a-sl", "TRADE a-sl", "listStatus ALL_DONE", "outboundAccountPosition"])
        #expect(falling[1]["w"] == .bool(true) && falling[1]["W"]?.integer == ClockedSim.start + 1000)
        #expect(falling[3]["X"]?.string == "FILLED" && falling[3]["z"]?.string == "0.05000000" && falling[3]["g"]?.integer == 1)
        // 0.025 × 38994.99 + 0.025 × 38994.98, less 0.1 % of each.
        #expect(falling[5]["B"]?.text == #"[{"a":"BTC","f":"0.05000000","l":"0.00000000"},{"a":"USDT","f":"11947.79950075","l":"0.00000000"}]"#)
        #expect(try await sim.balance("BTC") == ("0.05000000", "0.00000000"))
        #expect(try await sim.send("GET", "/api/v3/openOrderList").json.array?.isEmpty == true)
        let list = try await sim.send("GET", "/api/v3/orderList", [("origClientOrderId", "a-list")]).json
        #expect(list["listStatusType"]?.string == "ALL_DONE" && list["listOrderStatus"]?.string == "ALL_DONE")
        #expect(try await sim.send("GET", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "a-tp")]).json["status"]?.string == "CANCELED")
        let trades = try #require(try await sim.send("GET", "/api/v3/myTrades", [("symbol", "BTCUSDT")]).json.array)
        #expect(trades.count == 2 && trades.allSatisfy { $0["orderListId"]?.integer == 1 })
    }

    @Test func anOCOFillsItsTargetAndCancelsItsStop() async throws {
        let sim = try await ClockedSim()
        _ = try await sim.deposit("BTC", "0.1")
        #expect(try await sim.sellOCO("b").status == 200)
        // The bid reaches 41000: the LIMIT_MAKER fills there as maker.
        let rising = try await sim.events { try await sim.move(to: 41001) }
        #expect(Self.summary(rising) == ["TRADE b-tp", "CANCELED b-sl", "listStatus ALL_DONE", "outboundAccountPosition"])
        #expect(rising[0]["m"] == .bool(true) && rising[0]["L"]?.string == "41000.00000000" && rising[0]["X"]?.string == "FILLED")
        #expect(rising[1]["X"]?.string == "CANCELED" && rising[1]["g"]?.integer == 1)
        // 0.05 × 41000 = 2050, less 2.05.
        #expect(rising[3]["B"]?.text == #"[{"a":"BTC","f":"0.05000000","l":"0.00000000"},{"a":"USDT","f":"12047.95000000","l":"0.00000000"}]"#)
        // Falling through the old stop afterwards changes nothing.
        let after = try await sim.events { try await sim.move(to: 38000) }
        #expect(after.isEmpty)
        #expect(try await sim.send("GET", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "b-sl")]).json["status"]?.string == "CANCELED")
    }

    @Test func cancelingTheListOrOneLegCancelsBothAndUnlocksTheBase() async throws {
        let sim = try await ClockedSim()
        _ = try await sim.deposit("BTC", "0.1")
        #expect(try await sim.sellOCO("c").status == 200)
        var canceled: ClockedSim.Answer?
        let canceling = try await sim.events {
            canceled = try await sim.send("DELETE", "/api/v3/orderList", [("symbol", "BTCUSDT"), ("listClientOrderId", "c-list"), ("newClientOrderId", "c-cancel")])
        }
        let answer = try #require(canceled)
        #expect(answer.json["listStatusType"]?.string == "ALL_DONE" && answer.json["listOrderStatus"]?.string == "ALL_DONE")
        let reports = try #require(answer.json["orderReports"]?.array)
        #expect(reports.map { $0["status"]?.string } == ["CANCELED", "CANCELED"])
        #expect(reports.map { $0["origClientOrderId"]?.string } == ["c-sl", "c-tp"] && reports.allSatisfy { $0["clientOrderId"]?.string == "c-cancel" })
        #expect(answer.body.contains(#""orderReports":[{"symbol":"BTCUSDT","origClientOrderId":"c-sl","orderId":1,"orderListId":1,"clientOrderId":"c-cancel","transactTime":1704067200000,"price":"38990.00000000","origQty":"0.05000000","executedQty":"0.00000000","origQuoteOrderQty":"0.00000000","cummulativeQuoteQty":"0.00000000","status":"CANCELED","timeInForce":"GTC","type":"STOP_LOSS_LIMIT","side":"SELL","stopPrice":"39000.00000000","workingTime":-1,"selfTradePreventionMode":"EXPIRE_MAKER"},"#))
        #expect(Self.summary(canceling) == ["CANCELED c-cancel", "CANCELED c-cancel", "listStatus ALL_DONE", "outboundAccountPosition"])
        #expect(canceling[0]["C"]?.string == "c-sl")
        #expect(try await sim.balance("BTC") == ("0.10000000", "0.00000000"))
        // A second cancel finds nothing to cancel.
        #expect(try await sim.send("DELETE", "/api/v3/orderList", [("symbol", "BTCUSDT"), ("orderListId", "1")]).code == -2011)

        // One leg canceled on its own takes the list with it (Binance's rule); the answer is that leg's.
        #expect(try await sim.sellOCO("d").status == 200)
        let leg = try await sim.send("DELETE", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "d-tp")])
        #expect(leg.json["status"]?.string == "CANCELED" && leg.json["orderListId"]?.integer == 2 && leg.json["origClientOrderId"]?.string == "d-tp")
        #expect(try await sim.send("GET", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "d-sl")]).json["status"]?.string == "CANCELED")
        #expect(try await sim.send("GET", "/api/v3/orderList", [("orderListId", "2")]).json["listOrderStatus"]?.string == "ALL_DONE")
        #expect(try await sim.balance("BTC") == ("0.10000000", "0.00000000"))
        // Nothing left to trigger.
        #expect(try await sim.events { try await sim.move(to: 38000) }.isEmpty)
        let all = try #require(try await sim.send("GET", "/api/v3/allOrderList").json.array)
        #expect(all.compactMap { $0["listClientOrderId"]?.string } == ["c-list", "d-list"])
    }

    @Test func cancelingOpenOrdersAnswersListsAsLists() async throws {
        let sim = try await ClockedSim()
        _ = try await sim.deposit("BTC", "0.1")
        #expect(try await sim.sellOCO("e").status == 200)
        #expect(try await sim.send("POST", "/api/v3/order", [("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "LIMIT"), ("timeInForce", "GTC"),
                                                                ("quantity", "0.01"), ("price", "42000"), ("newClientOrderId", "e-alone")]).status == 200)
        let answers = try #require(try await sim.send("DELETE", "/api/v3/openOrders", [("symbol", "BTCUSDT")]).json.array)
        #expect(answers.count == 2)
        #expect(answers[0]["origClientOrderId"]?.string == "e-alone" && answers[0]["orderListId"]?.integer == -1)
        #expect(answers[1]["contingencyType"]?.string == "OCO" && answers[1]["listStatusType"]?.string == "ALL_DONE")
        #expect(answers[1]["orderReports"]?.array?.compactMap { $0["status"]?.string } == ["CANCELED", "CANCELED"])
        #expect(try await sim.balance("BTC") == ("0.10000000", "0.00000000"))
    }

    @Test func aBuyOCOLocksTheLargerLegAndReleasesTheRestWhenOneFills() async throws {
        let sim = try await ClockedSim()
        let placed = try await sim.send("POST", "/api/v3/orderList/oco", [
            ("symbol", "BTCUSDT"), ("side", "BUY"), ("quantity", "0.01"),
            ("aboveType", "STOP_LOSS_LIMIT"), ("aboveStopPrice", "41000"), ("abovePrice", "41010"), ("aboveTimeInForce", "GTC"),
            ("belowType", "LIMIT_MAKER"), ("belowPrice", "39000"), ("newOrderRespType", "RESULT"),
        ])
        try #require(placed.status == 200, "\(placed.body)")
        #expect(placed.json["orders"]?.array?.first?["orderId"]?.integer == 1)
        #expect(placed.json["orderReports"]?.array?.first?["type"]?.string == "STOP_LOSS_LIMIT")
        #expect(placed.json["orderReports"]?.array?.first?["fills"] == nil)
        // 0.01 × 41010, the larger of the two legs.
        #expect(try await sim.balance("USDT") == ("9589.90000000", "410.10000000"))
        // The ask comes down to 39000: the LIMIT_MAKER buys there, the stop is canceled, and the lock it needed beyond 390 comes back.
        let events = try await sim.events { try await sim.move(to: 38999) }
        #expect(Self.summary(events) == ["TRADE sim-2", "CANCELED sim-1", "listStatus ALL_DONE", "outboundAccountPosition"])
        #expect(try await sim.balance("USDT") == ("9609.61000000", "0.00000000"))
        #expect(try await sim.balance("BTC") == ("0.01000000", "0.00000000"))
    }

    @Test func anOCOIsRefusedAsBinanceRefusesIt() async throws {
        let sim = try await ClockedSim()
        _ = try await sim.deposit("BTC", "0.1")
        // The target under the last price.
        let prices = try await sim.sellOCO("f", target: "39500")
        #expect(prices.status == 400 && prices.code == -2010 && prices.json["msg"]?.string == "The relationship of the prices for the orders is not correct.")
        let types = try await sim.send("POST", "/api/v3/orderList/oco", [("symbol", "BTCUSDT"), ("side", "SELL"), ("quantity", "0.01"),
                                                                          ("aboveType", "LIMIT"), ("abovePrice", "41000"), ("belowType", "STOP_LOSS"),
                                                                          ("belowStopPrice", "39000")])
        #expect(types.code == -1158)
        let upsideDown = try await sim.send("POST", "/api/v3/orderList/oco", [("symbol", "BTCUSDT"), ("side", "SELL"), ("quantity", "0.01"),
                                                                               ("aboveType", "STOP_LOSS"), ("aboveStopPrice", "41000"),
                                                                               ("belowType", "LIMIT_MAKER"), ("belowPrice", "39000")])
        #expect(upsideDown.code == -1166)
        let noStop = try await sim.send("POST", "/api/v3/orderList/oco", [("symbol", "BTCUSDT"), ("side", "SELL"), ("quantity", "0.01"),
                                                                           ("aboveType", "LIMIT_MAKER"), ("abovePrice", "41000"), ("belowType", "STOP_LOSS_LIMIT"),
                                                                           ("belowPrice", "38990"), ("belowTimeInForce", "GTC")])
        #expect(noStop.code == -1102 && noStop.json["msg"]?.string == "Mandatory parameter 'belowStopPrice' was not sent, was empty/null, or malformed.")
        #expect(try await sim.sellOCO("g", stop: "39000.005").json["msg"]?.string == "Filter failure: PRICE_FILTER")
        #expect(try await sim.sellOCO("h", quantity: "0.2").json["msg"]?.string == "Account has insufficient balance for requested action.")
        // Nothing of the refused lists stayed.
        #expect(try await sim.balance("BTC") == ("0.10000000", "0.00000000"))
        #expect(try await sim.send("GET", "/api/v3/openOrderList").json.array?.isEmpty == true)
        #expect(try await sim.send("GET", "/api/v3/orderList", [("orderListId", "1")]).code == -2013)
    }

    @Test func aStopLossLimitWaitsThenFillsInPartsAndAStopLossSellsAtMarket() async throws {
        let sim = try await ClockedSim()
        _ = try await sim.deposit("BTC", "0.2")
        func order(_ parameters: [(String, String)]) async throws -> ClockedSim.Answer {
            try await sim.send("POST", "/api/v3/order", [("symbol", "BTCUSDT"), ("side", "SELL")] + parameters)
        }
        // Refused as Binance refuses them.
        #expect(try await order([("type", "STOP_LOSS_LIMIT"), ("quantity", "0.1"), ("price", "38994.98"), ("timeInForce", "GTC")]).code == -1102)
        let early = try await order([("type", "STOP_LOSS_LIMIT"), ("quantity", "0.1"), ("price", "40001"), ("stopPrice", "40001"), ("timeInForce", "GTC")])
        #expect(early.code == -2010 && early.json["msg"]?.string == "Order would trigger immediately.")
        #expect(try await order([("type", "STOP_LOSS_LIMIT"), ("quantity", "0.1"), ("price", "38994.98"), ("stopPrice", "39000.001"),
                                 ("timeInForce", "GTC")]).json["msg"]?.string == "Filter failure: PRICE_FILTER")
        #expect(try await order([("type", "LIMIT"), ("quantity", "0.1"), ("price", "41000"), ("stopPrice", "39000"), ("timeInForce", "GTC")]).code == -1106)

        // 0.1 to sell at no less than 38994.98 once the price is 39000 or lower; the default answer is ACK.
        let placed = try await order([("type", "STOP_LOSS_LIMIT"), ("quantity", "0.1"), ("price", "38994.98"), ("stopPrice", "39000"),
                                      ("timeInForce", "GTC"), ("newClientOrderId", "stop")])
        #expect(placed.body == #"{"symbol":"BTCUSDT","orderId":1,"orderListId":-1,"clientOrderId":"stop","transactTime":1704067200000}"#)
        let market = try await order([("type", "STOP_LOSS"), ("quantity", "0.01"), ("stopPrice", "39500"), ("newClientOrderId", "stop-market"),
                                      ("newOrderRespType", "RESULT")])
        #expect(market.json["status"]?.string == "NEW" && market.json["stopPrice"]?.string == "39500.00000000" && market.json["workingTime"]?.integer == -1)
        #expect(try await sim.balance("BTC") == ("0.09000000", "0.11000000"))
        // A rise moves neither.
        #expect(try await sim.events { try await sim.move(to: 40500) }.isEmpty)

        // At 38995 both trigger: the stop market sells 0.01 at the best bid; the limit takes 0.025 at 38994.99 and 0.05 at 38994.98 and rests with 0.025.
        let falling = try await sim.events { try await sim.move(to: 38995) }
        #expect(Self.summary(falling) == ["NEW stop", "TRADE stop", "TRADE stop", "outboundAccountPosition",
                                          "NEW stop-market", "TRADE stop-market", "outboundAccountPosition"])
        #expect(falling[2]["X"]?.string == "PARTIALLY_FILLED" && falling[2]["z"]?.string == "0.07500000" && falling[2]["w"] == .bool(true))
        #expect(falling[5]["X"]?.string == "FILLED" && falling[5]["L"]?.string == "38994.99000000")
        let resting = try await sim.send("GET", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "stop")]).json
        #expect(resting["status"]?.string == "PARTIALLY_FILLED" && resting["isWorking"] == .bool(true) && resting["workingTime"]?.integer == ClockedSim.start + 2000)
        #expect(try await sim.balance("BTC") == ("0.09000000", "0.02500000"))
        // Back above its price, the bid meets the rest: filled as maker.
        let rising = try await sim.events { try await sim.move(to: 38996) }
        #expect(Self.summary(rising) == ["TRADE stop", "outboundAccountPosition"])
        #expect(rising[0]["X"]?.string == "FILLED" && rising[0]["m"] == .bool(true) && rising[0]["L"]?.string == "38994.98000000")
        #expect(try await sim.balance("BTC") == ("0.09000000", "0.00000000"))
    }

    @Test func aDepositIsABalanceUpdateAndAnOverWithdrawalIsRefused() async throws {
        let sim = try await ClockedSim()
        var answered: ClockedSim.Answer?
        let events = try await sim.events { answered = try await sim.deposit("USDT", "250.5") }
        let answer = try #require(answered)
        #expect(answer.status == 200)
        #expect(answer.body == #"{"asset":"USDT","delta":"250.50000000","free":"10250.50000000","locked":"0.00000000","updateTime":1704067200000}"#)
        #expect(events.map(\.text) == [
            #"{"e":"balanceUpdate","E":1704067200000,"a":"USDT","d":"250.50000000","T":1704067200000}"#,
            #"{"e":"outboundAccountPosition","E":1704067200000,"u":1704067200000,"B":[{"a":"USDT","f":"10250.50000000","l":"0.00000000"}]}"#,
        ])
        #expect(try await sim.balance("USDT") == ("10250.50000000", "0.00000000"))
        // A withdrawal within the free balance, then one beyond it.
        #expect(try await sim.deposit("USDT", "-0.5").json["free"]?.string == "10250.00000000")
        let over = try await sim.deposit("USDT", "-10250.01")
        #expect(over.status == 400 && over.code == -2010 && over.json["msg"]?.string == "Account has insufficient balance for requested action.")
        #expect(try await sim.balance("USDT") == ("10250.00000000", "0.00000000"))
        // Locked funds are not free to withdraw.
        #expect(try await sim.send("POST", "/api/v3/order", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"),
                                                                ("quantity", "0.1"), ("price", "39000")]).status == 200)
        #expect(try await sim.deposit("USDT", "-6350.01").code == -2010)
        // Bad requests, and keys the sim does not know.
        #expect(try await sim.deposit("usdt", "1").code == -1100)
        #expect(try await sim.send("POST", "/sim/v1/deposit", [("asset", "BTC")], signed: false).code == -1102)
        #expect(try await sim.deposit("BTC", "0.000000001").code == -1111)
        #expect(try await sim.deposit("BTC", "1", apiKey: "stranger").code == -2015)
        // Without the header, the sim's only key.
        #expect(try await sim.deposit("BTC", "1", apiKey: nil).json["free"]?.string == "1.00000000")
    }

    @Test func exchangeInfoListsTheStopTypesAndOCOAndTheListEndpointsWeighAsBinances() async throws {
        let sim = try await ClockedSim()
        let symbol = try #require(try await sim.send("GET", "/api/v3/exchangeInfo", [("symbol", "BTCUSDT")], signed: false).json["symbols"]?.array?.first)
        #expect(symbol["orderTypes"]?.text == #"["LIMIT","LIMIT_MAKER","MARKET","STOP_LOSS","STOP_LOSS_LIMIT","TAKE_PROFIT","TAKE_PROFIT_LIMIT"]"#)
        #expect(symbol["ocoAllowed"] == .bool(true) && symbol["otoAllowed"] == .bool(false))
        // exchangeInfo 20, then each call's own weight.
        #expect(try await sim.send("GET", "/api/v3/openOrderList").weight == 26)
        #expect(try await sim.send("GET", "/api/v3/orderList", [("orderListId", "1")]).weight == 30)
        #expect(try await sim.send("GET", "/api/v3/allOrderList").weight == 50)
        #expect(try await sim.send("DELETE", "/api/v3/orderList", [("symbol", "BTCUSDT"), ("orderListId", "1")]).weight == 51)
        #expect(try await sim.send("POST", "/api/v3/orderList/oco", [("symbol", "BTCUSDT")]).weight == 52)
    }
}
