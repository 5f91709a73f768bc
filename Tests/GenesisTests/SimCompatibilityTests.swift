import Crypto
import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisBinance
@testable import GenesisSimulator

/// gen-sim as a drop-in Binance spot exchange: the shapes and figures a
/// client written against Binance reads, checked on an exchange driven by a
/// hand-moved clock, so every count and sum below is computed by hand.
@Suite struct SimCompatibilityTests {
    /// 2024-01-01T00:00:00Z: a whole minute and a whole day.
    static let start: Int64 = 1_704_067_200_000
    static let key = "compat-key"

    func exchange(_ clock: ManualClock, history: CandleHistory? = nil) -> SimExchange {
        SimExchange(markets: [SimMarket(rules: .simulated(symbol: "BTCUSDT"), price: 40000, levelQuantity: Decimal(string: "0.025")!, seed: 1)],
                    history: history, clock: clock)
    }

    static func d(_ text: String) -> Decimal { Decimal(string: text)! }

    /// Everything a stream had buffered, once it is closed.
    static func drain(_ stream: AsyncStream<String>) async throws -> [JSONValue] {
        try await withTimeout(seconds: 60, "the buffered events") {
            var values: [JSONValue] = []
            for await text in stream { values.append(try JSONValue.parse(Data(text.utf8))) }
            return values
        }
    }

    /// Two market steps in the first minute (a rise to 40010, a fall to
    /// 40005), a market buy of 0.03 taking 0.025 at 40005 and 0.005 at
    /// 40005.01 in the second, and a fall to 40000: trades 1…5.
    func trade(_ exchange: SimExchange, _ clock: ManualClock) async throws {
        clock.advance(milliseconds: 1000)
        try await exchange.move(symbol: "BTCUSDT", to: 40010)
        clock.advance(milliseconds: 1000)
        try await exchange.move(symbol: "BTCUSDT", to: 40005)
        clock.advance(milliseconds: 59_000)
        _ = try await exchange.placeOrder(key: Self.key, ["symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": "0.03"])
        await exchange.flushUserEvents()
        clock.advance(milliseconds: 1000)
        try await exchange.move(symbol: "BTCUSDT", to: 40000)
    }

    @Test func klinesCountAndSumEachKlinesOwnTrades() async throws {
        let clock = ManualClock(milliseconds: Self.start)
        let exchange = exchange(clock)
        let (streamID, stream) = await exchange.streams.subscribe(streams: ["btcusdt@kline_1m"], combined: false)
        try await trade(exchange, clock)
        await exchange.streams.unsubscribe(streamID)
        let rows = try #require(try await exchange.klines(["symbol": "BTCUSDT", "interval": "1m"]).array)
        try #require(rows.count == 2)
        // [openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBuyBase, takerBuyQuote, ignore]
        #expect(rows[0].text == #"[1704067200000,"40010.00000000","40010.00000000","40005.00000000","40005.00000000","0.05000000",1704067259999,"2000.37500000",2,"0.02500000","1000.25000000","0"]"#)
        // The count starts again at the new minute; the buy is a taker buy, the fall a taker sell.
        #expect(rows[1].text == #"[1704067260000,"40005.00000000","40005.01000000","40000.00000000","40000.00000000","0.05500000",1704067319999,"2200.15005000",3,"0.03000000","1200.15005000","0"]"#)
        let events = try await Self.drain(stream).compactMap { $0["k"] }
        // The first minute closes when the buy's first trade opens the second.
        let closed = try #require(events.first { $0["x"] == .bool(true) })
        #expect(closed["f"]?.integer == 1 && closed["L"]?.integer == 2 && closed["n"]?.integer == 2)
        #expect(closed["q"]?.string == "2000.37500000" && closed["V"]?.string == "0.02500000" && closed["Q"]?.string == "1000.25000000")
        let last = try #require(events.last)
        #expect(last["x"] == .bool(false) && last["t"]?.integer == Self.start + 60_000)
        #expect(last["f"]?.integer == 3 && last["L"]?.integer == 5 && last["n"]?.integer == 3)
        // The stream and REST agree on the open kline.
        #expect(last["q"]?.string == rows[1].array?[7].string && last["V"]?.string == rows[1].array?[9].string && last["v"]?.string == rows[1].array?[5].string)
    }

    @Test func klinesWithoutATimeAreTheNewestAndAStoreWithoutTheSymbolFallsBackToTheMarket() async throws {
        let store = try TestSupport.makeStore()
        var generator = MarketGenerator(symbol: "BTCUSDT", interval: .oneMinute, start: Timestamp(milliseconds: Self.start - 10 * 60_000), startPrice: 40000, seed: 2)
        let stored = generator.generate(count: 10)
        _ = try store.insertCandles(symbol: "BTCUSDT", interval: .oneMinute, rows: stored)
        let clock = ManualClock(milliseconds: Self.start)
        let withStore = exchange(clock, history: store)
        let newest = try #require(try await withStore.klines(["symbol": "BTCUSDT", "interval": "1m", "limit": "3"]).array)
        #expect(newest.compactMap { $0.array?[0].integer } == stored.suffix(3).map(\.openTime))
        let oldest = try #require(try await withStore.klines(["symbol": "BTCUSDT", "interval": "1m", "limit": "3", "startTime": "0"]).array)
        #expect(oldest.compactMap { $0.array?[0].integer } == stored.prefix(3).map(\.openTime))
        // No 1s candles stored: the market's own, as its kline_1s stream shows them.
        try await trade(withStore, clock)
        let seconds = try #require(try await withStore.klines(["symbol": "BTCUSDT", "interval": "1s", "limit": "2"]).array)
        #expect(seconds.compactMap { $0.array?[0].integer } == [Self.start + 61_000, Self.start + 62_000])
        #expect(seconds.compactMap { $0.array?[8].integer } == [2, 1])
        // The sim's own minutes, newest first when no time is given: the second minute only.
        let own = exchange(ManualClock(milliseconds: Self.start))
        try await trade(own, ManualClock(milliseconds: Self.start))
        let minutes = try #require(try await own.klines(["symbol": "BTCUSDT", "interval": "5m", "limit": "1"]).array)
        #expect(minutes.first?.array?[8].integer == 5)
    }

    @Test func tickersAndTradesReadTheSameTape() async throws {
        let clock = ManualClock(milliseconds: Self.start)
        let exchange = exchange(clock)
        try await trade(exchange, clock)
        clock.advance(milliseconds: 68_000) // now 00:02:10
        #expect(try await exchange.tickerPrice(["symbol": "BTCUSDT"]).text == #"{"symbol":"BTCUSDT","price":"40000.00000000"}"#)
        #expect(try await exchange.tickerPrice([:]).array?.count == 1)
        let day = try await exchange.ticker24hr(["symbol": "BTCUSDT"])
        #expect(day.text == #"{"symbol":"BTCUSDT","priceChange":"-10.00000000","priceChangePercent":"-0.025","weightedAvgPrice":"40005.00047619","#
                + #""prevClosePrice":"40010.00000000","lastPrice":"40000.00000000","lastQty":"0.02500000","bidPrice":"39999.99000000","bidQty":"0.02500000","#
                + #""askPrice":"40000.00000000","askQty":"0.02500000","openPrice":"40010.00000000","highPrice":"40010.00000000","lowPrice":"40000.00000000","#
                + #""volume":"0.10500000","quoteVolume":"4200.52505000","openTime":1703980920000,"closeTime":1704067330000,"firstId":1,"lastId":5,"count":5}"#)
        let mini = try #require(try await exchange.ticker24hr(["symbols": #"["BTCUSDT"]"#, "type": "MINI"]).array?.first)
        #expect(mini.objectKeys == ["symbol", "openPrice", "highPrice", "lowPrice", "lastPrice", "volume", "quoteVolume", "openTime", "closeTime", "firstId", "lastId", "count"])
        // A one-minute window opens at 00:01:00: the second minute's three trades only.
        let minute = try await exchange.rollingTicker(["symbol": "BTCUSDT", "windowSize": "1m"])
        #expect(minute.text == #"{"symbol":"BTCUSDT","priceChange":"-5.00000000","priceChangePercent":"-0.012","weightedAvgPrice":"40002.72818182","#
                + #""openPrice":"40005.00000000","highPrice":"40005.01000000","lowPrice":"40000.00000000","lastPrice":"40000.00000000","volume":"0.05500000","#
                + #""quoteVolume":"2200.15005000","openTime":1704067260000,"closeTime":1704067330000,"firstId":3,"lastId":5,"count":3}"#)
        await #expect(throws: BinanceError.self) { try await exchange.rollingTicker(["windowSize": "1m"]) }
        await #expect(throws: BinanceError.self) { try await exchange.rollingTicker(["symbol": "BTCUSDT", "windowSize": "8d"]) }
        await #expect(throws: BinanceError.self) { try await exchange.ticker24hr(["symbols": #"["BTCUSDT","NOPEUSDT"]"#]) }
        let trades = try #require(try await exchange.recentTrades(["symbol": "BTCUSDT", "limit": "2"]).array)
        #expect(trades.map(\.text) == [
            #"{"id":4,"price":"40005.01000000","qty":"0.00500000","quoteQty":"200.02505000","time":1704067261000,"isBuyerMaker":false,"isBestMatch":true}"#,
            #"{"id":5,"price":"40000.00000000","qty":"0.02500000","quoteQty":"1000.00000000","time":1704067262000,"isBuyerMaker":true,"isBestMatch":true}"#,
        ])
        #expect(try await exchange.historicalTrades(["symbol": "BTCUSDT", "fromId": "2", "limit": "1"]).array?.first?["id"]?.integer == 2)
        let aggregates = try #require(try await exchange.aggTrades(["symbol": "BTCUSDT", "fromId": "3", "limit": "1"]).array)
        #expect(aggregates.map(\.text) == [#"{"a":3,"p":"40005.00000000","q":"0.02500000","f":3,"l":3,"T":1704067261000,"m":false,"M":true}"#])
        let window = try #require(try await exchange.aggTrades(["symbol": "BTCUSDT", "startTime": String(Self.start), "endTime": String(Self.start + 1500)]).array)
        #expect(window.compactMap { $0["a"]?.integer } == [1])
    }

    @Test func aMarketOrderSendsTheBalancesOnceAfterItsFills() async throws {
        let clock = ManualClock(milliseconds: Self.start)
        let exchange = exchange(clock)
        clock.advance(milliseconds: 2000)
        try await exchange.move(symbol: "BTCUSDT", to: 40005)
        let (subscription, events) = await exchange.userStreams.subscribe(apiKey: Self.key)
        _ = try await exchange.placeOrder(key: Self.key, ["symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": "0.03"])
        await exchange.flushUserEvents()
        // A resting order locks funds (one position), its cancel frees them (another).
        _ = try await exchange.placeOrder(key: Self.key, ["symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC", "quantity": "0.001", "price": "39000"])
        _ = try await exchange.cancelOrder(key: Self.key, ["symbol": "BTCUSDT", "origClientOrderId": "sim-2"])
        await exchange.flushUserEvents()
        await exchange.userStreams.unsubscribe(apiKey: Self.key, id: subscription)
        let received = try await Self.drain(events).compactMap { $0["event"] }
        #expect(received.map { "\($0["e"]?.string ?? "")/\($0["x"]?.string ?? "")" } == [
            "executionReport/NEW", "executionReport/TRADE", "executionReport/TRADE", "outboundAccountPosition/",
            "executionReport/NEW", "outboundAccountPosition/", "executionReport/CANCELED", "outboundAccountPosition/",
        ])
        // After both fills: 10000 - 1000.125 - 1.000125 (fee) - 200.02505 - 0.20002505 (fee).
        #expect(received[3]["B"]?.text == #"[{"a":"BTC","f":"0.03000000","l":"0.00000000"},{"a":"USDT","f":"8798.64979995","l":"0.00000000"}]"#)
        #expect(received[5]["B"]?.array?[1].text == #"{"a":"USDT","f":"8759.64979995","l":"39.00000000"}"#)
        #expect(received[7]["B"]?.array?[1].text == #"{"a":"USDT","f":"8798.64979995","l":"0.00000000"}"#)
    }

    @Test func exchangeInfoAndAccountCarryBinancesFields() async throws {
        let exchange = exchange(ManualClock(milliseconds: Self.start))
        let symbol = try #require(await exchange.exchangeInfo()["symbols"]?.array?.first)
        for field in ["baseCommissionPrecision", "quoteCommissionPrecision", "otoAllowed", "allowTrailingStop", "cancelReplaceAllowed", "amendAllowed",
                      "permissionSets", "defaultSelfTradePreventionMode", "allowedSelfTradePreventionModes"] {
            #expect(symbol[field] != nil, "exchangeInfo lacks \(field)")
        }
        #expect(symbol["permissionSets"]?.text == #"[["SPOT"]]"#)
        #expect(symbol["allowedSelfTradePreventionModes"]?.array?.contains(symbol["defaultSelfTradePreventionMode"]!) == true)
        let account = await exchange.accountInformation(key: Self.key)
        #expect(account["makerCommission"]?.integer == 10)
        #expect(account["commissionRates"]?.text == #"{"maker":"0.00100000","taker":"0.00100000","buyer":"0.00000000","seller":"0.00000000"}"#)
        #expect(await exchange.accountInformation(key: Self.key, omitZeroBalances: true)["balances"]?.array?.count == 1)
        let commission = try await exchange.accountCommission(key: Self.key, symbol: "BTCUSDT")
        #expect(commission.objectKeys == ["symbol", "standardCommission", "specialCommission", "taxCommission", "discount"])
        #expect(commission["standardCommission"] == account["commissionRates"])
    }

    @Test func newEndpointsAreRoutedWithBinancesWeights() async throws {
        let exchange = exchange(ManualClock(milliseconds: Self.start))
        let api = SimAPI(exchange: exchange, keys: [:])
        func weight(_ path: String, _ query: String = "") async -> (Int, String) {
            let answer = await api.handle(SimRequest(method: "GET", path: path, rawQuery: query, rawBody: "", apiKey: nil))
            let used = Int(answer.headers.first { $0.0 == "X-MBX-USED-WEIGHT-1M" }?.1 ?? "") ?? -1
            return (used, "\(answer.status)")
        }
        // Each call adds its weight to the minute's total.
        #expect(await weight("/api/v3/ticker/price", "symbol=BTCUSDT") == (2, "200"))
        #expect(await weight("/api/v3/ticker/price") == (6, "200"))
        #expect(await weight("/api/v3/ticker/24hr", "symbols=%5B%22BTCUSDT%22%5D") == (8, "200"))
        #expect(await weight("/api/v3/ticker/24hr") == (88, "200"))
        #expect(await weight("/api/v3/ticker", "symbol=BTCUSDT&windowSize=4h") == (92, "200"))
        #expect(await weight("/api/v3/trades", "symbol=BTCUSDT") == (117, "200"))
        #expect(await weight("/api/v3/aggTrades", "symbol=BTCUSDT") == (121, "200"))
        #expect(await weight("/api/v3/ticker/bookTicker") == (125, "200"))
        #expect(await weight("/api/v3/exchangeInfo", "symbol=NOPEUSDT") == (145, "400"))
    }

    // MARK: WebSocket API

    /// The stream a subscription hands over, kept for the test to read.
    final class Events: @unchecked Sendable {
        let streams = Locked<[AsyncStream<String>]>([])
        var handler: @Sendable (AsyncStream<String>) -> Void { { stream in self.streams.update { $0.append(stream) } } }

        func first(_ index: Int) async throws -> JSONValue? {
            let stream = try #require(streams.value.count > index ? streams.value[index] : nil)
            return try await withTimeout(seconds: 60, "the subscription's next event") {
                var iterator = stream.makeAsyncIterator()
                return try await iterator.next().map { try JSONValue.parse(Data($0.utf8)) }
            }
        }
    }

    static func signed(_ method: String, id: Int, key: String, signer: RequestSigner, at time: Int64, extra: [(String, String)] = []) throws -> String {
        let parameters = [("apiKey", key), ("timestamp", String(time))] + extra
        let signature = try signer.signature(for: QueryString.webSocketPayload(parameters))
        let params = JSONValue.object(parameters.map { ($0.0, $0.0 == "timestamp" ? .integer(time) : .string($0.1)) } + [("signature", .string(signature))])
        return JSONValue.object([("id", .integer(Int64(id))), ("method", .string(method)), ("params", params)]).text
    }

    @Test func webSocketAnswersCarryRateLimitsUnlessAskedNotTo() async throws {
        let clock = ManualClock(milliseconds: Self.start)
        let api = SimAPI(exchange: exchange(clock), keys: [Self.key: .hmac(secret: "s")])
        let session = SimWebSocketSession(api: api)
        // Binance's envelope, in its order; the count is the connection's 2 and the ping's 1.
        let first = try #require(await session.handle(#"{"id":1,"method":"ping"}"#) { _ in })
        #expect(first == #"{"id":1,"status":200,"result":{},"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000,"count":3}]}"#)
        let quiet = try #require(await session.handle(#"{"id":2,"method":"time","params":{"returnRateLimits":false}}"#) { _ in })
        #expect(quiet == #"{"id":2,"status":200,"result":{"serverTime":1704067200000}}"#)
        // Errors carry them too: a bad signature (2 more) after the time (1).
        let refused = try JSONValue.parse(Data(try #require(await session.handle(
            #"{"id":3,"method":"userDataStream.subscribe.signature","params":{"apiKey":"compat-key","timestamp":1704067200000,"signature":"00"}}"#) { _ in }).utf8))
        #expect(refused["error"]?["code"]?.integer == -1022)
        #expect(refused["rateLimits"]?.array?.first?["count"]?.integer == 6)
        // `?returnRateLimits=false` on the connection's URL; one request may still ask for them.
        let silent = SimWebSocketSession(api: api, path: "/ws-api/v3?returnRateLimits=false")
        #expect(await silent.handle(#"{"id":"a","method":"ping"}"#) { _ in } == #"{"id":"a","status":200,"result":{}}"#)
        #expect(await silent.handle(#"{"id":"b","method":"ping","params":{"returnRateLimits":"true"}}"#) { _ in }?.contains(#""rateLimits":[{"#) == true)
    }

    @Test func sessionMethodsAndUnsubscribeFollowBinance() async throws {
        let clock = ManualClock(milliseconds: Self.start)
        let edKey = Curve25519.Signing.PrivateKey()
        let api = SimAPI(exchange: exchange(clock), keys: [Self.key: .hmac(secret: "s"), "ed-key": .ed25519(publicKey: edKey.publicKey.rawRepresentation)])
        let session = SimWebSocketSession(api: api, connectedSince: Self.start - 5000)
        let events = Events()
        func ask(_ text: String) async throws -> JSONValue {
            try JSONValue.parse(Data(try #require(await session.handle(text, events: events.handler)).utf8))
        }
        let before = try await ask(#"{"id":1,"method":"session.status","params":{"returnRateLimits":false}}"#)
        #expect(before["result"]?.text == #"{"apiKey":null,"authorizedSince":null,"connectedSince":1704067195000,"returnRateLimits":false,"serverTime":1704067200000,"userDataStream":false}"#)
        // A subscription by signature (HMAC), then one through session.logon (Ed25519).
        let hmac = try await ask(try Self.signed("userDataStream.subscribe.signature", id: 2, key: Self.key, signer: .hmac(secret: Data("s".utf8)), at: Self.start))
        let hmacID = try #require(hmac["result"]?["subscriptionId"]?.integer)
        let again = try await ask(try Self.signed("userDataStream.subscribe.signature", id: 3, key: Self.key, signer: .hmac(secret: Data("s".utf8)), at: Self.start))
        #expect(again["error"]?["code"]?.integer == -2035)
        let logon = try await ask(try Self.signed("session.logon", id: 4, key: "ed-key", signer: .ed25519(seed: edKey.rawRepresentation), at: Self.start))
        #expect(logon["result"]?["apiKey"]?.string == "ed-key" && logon["result"]?["authorizedSince"]?.integer == Self.start)
        let logonSubscription = try await ask(#"{"id":5,"method":"userDataStream.subscribe"}"#)
        let edID = try #require(logonSubscription["result"]?["subscriptionId"]?.integer)
        let listed = try await ask(#"{"id":6,"method":"session.subscriptions"}"#)
        #expect(listed["result"]?.text == "[{\"subscriptionId\":\(hmacID)},{\"subscriptionId\":\(edID)}]")
        #expect(try await ask(#"{"id":7,"method":"session.status"}"#)["result"]?["userDataStream"] == .bool(true))
        // Logging out ends the logged-on key's subscription only.
        let logout = try await ask(#"{"id":8,"method":"session.logout"}"#)
        #expect(logout["result"]?["apiKey"] == .null && logout["result"]?["userDataStream"] == .bool(true))
        let terminated = try #require(try await events.first(1))
        #expect(terminated["subscriptionId"]?.integer == edID)
        #expect(terminated["event"]?["e"]?.string == "eventStreamTerminated" && terminated["event"]?["E"]?.integer == Self.start)
        #expect(try await ask(#"{"id":9,"method":"userDataStream.unsubscribe","params":{"subscriptionId":999}}"#)["error"]?["code"]?.integer == -2036)
        let unsubscribed = try await ask("{\"id\":10,\"method\":\"userDataStream.unsubscribe\",\"params\":{\"subscriptionId\":\(hmacID)}}")
        #expect(unsubscribed["status"]?.integer == 200 && unsubscribed["result"]?.text == "{}")
        #expect(try await events.first(0)?["event"]?["e"]?.string == "eventStreamTerminated")
        #expect(try await ask(#"{"id":11,"method":"session.status"}"#)["result"]?["userDataStream"] == .bool(false))
        #expect(try await ask(#"{"id":12,"method":"session.subscriptions"}"#)["result"]?.text == "[]")
    }
}

extension JSONValue {
    /// An object's keys in order (nil for anything else).
    var objectKeys: [String]? {
        if case let .object(members) = self { return members.map(\.0) }
        return nil
    }
}
