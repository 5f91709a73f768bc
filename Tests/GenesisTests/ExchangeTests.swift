import AsyncHTTPClient
import Crypto
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

@Suite struct SigningTests {
    static let apiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
    static let secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
    let signer = RequestSigner.hmac(secret: Data(secret.utf8))

    @Test func restVectorsFromBinanceDocumentation() throws {
        #expect(try signer.signature(for: "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")
                == "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")
        let encoded = QueryString.build([("symbol", "１２３４５６"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "1"),
                                         ("price", "0.1"), ("recvWindow", "5000"), ("timestamp", "1499827319559")])
        #expect(encoded.hasPrefix("symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY"))
        #expect(try signer.signature(for: encoded) == "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3")
        // Query and body are concatenated with no separator.
        #expect(try signer.signature(for: "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC" + "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")
                == "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77")
    }

    @Test func webSocketVectorsSortParametersAndDoNotEncode() throws {
        let order = QueryString.webSocketPayload([("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01000000"),
                                                  ("price", "52000.00"), ("recvWindow", "100"), ("timestamp", "1645423376532"), ("apiKey", Self.apiKey)])
        #expect(try signer.signature(for: order) == "aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24")
        let unicode = QueryString.webSocketPayload([("symbol", "１２３４５６"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "1.00000000"),
                                                    ("price", "0.10000000"), ("recvWindow", "5000"), ("timestamp", "1645423376532"), ("apiKey", Self.apiKey)])
        #expect(try signer.signature(for: unicode) == "b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd")
        let logon = QueryString.webSocketPayload([("timestamp", "1649729878532"), ("apiKey", Self.apiKey)])
        #expect(try signer.signature(for: logon) == "1cf54395b336b0a9727ef27d5d98987962bc47aca6e13fe978612d0adee066ed")
    }

    /// RFC 8032 §7.1 test 1 (empty message).
    @Test func ed25519MatchesRFC8032AndRoundTripsPEM() throws {
        let seed = Data((0..<32).map { index in
            UInt8("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60".utf8.dropFirst(index * 2).prefix(2).reduce("") { $0 + String(UnicodeScalar($1)) }, radix: 16)!
        })
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        #expect(key.publicKey.rawRepresentation.map { String(format: "%02x", $0) }.joined() == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let signature = try RequestSigner.ed25519(seed: seed).signature(for: "")
        let bytes = Data(base64Encoded: signature)!
        #expect(bytes.count == 64)
        #expect(key.publicKey.isValidSignature(bytes, for: Data()))
        let pem = Credentials.pem(for: key)
        #expect(try Credentials.ed25519Key(pem: pem).rawRepresentation == seed)
        #expect(SimKey.ed25519(pem: SimKey.publicPEM(for: key.publicKey)).map { $0.verify(signature: signature, payload: "") } == true)
    }

    @Test func credentialsComeOnlyFromTheEnvironmentOrAPrivateFile() throws {
        #expect(throws: Credentials.Problem.missing) { try Credentials.load(environment: [:]) }
        let fromEnvironment = try Credentials.load(environment: ["BINANCE_API_KEY": "abcd1234", "BINANCE_API_SECRET": "top-secret"])
        #expect(fromEnvironment.apiKey == "abcd1234")
        #expect(!"\(fromEnvironment)".contains("top-secret") && !"\(fromEnvironment)".contains("abcd1234"))

        let directory = TestSupport.temporaryDirectory()
        let file = directory.appendingPathComponent("keys").path
        try "api_key = file-key\napi_secret = file-secret\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o644)
        #expect(throws: Credentials.Problem.looseFile(path: file, mode: 0o644)) { try Credentials.load(environment: ["BINANCE_KEY_FILE": file]) }
        chmod(file, 0o600)
        #expect(try Credentials.load(environment: ["BINANCE_KEY_FILE": file]).apiKey == "file-key")

        let pemFile = directory.appendingPathComponent("ed25519.pem").path
        try Credentials.pem(for: Curve25519.Signing.PrivateKey()).write(toFile: pemFile, atomically: true, encoding: .utf8)
        chmod(pemFile, 0o640)
        #expect(throws: Credentials.Problem.self) { try Credentials.load(environment: ["BINANCE_API_KEY": "k", "BINANCE_PRIVATE_KEY_FILE": pemFile]) }
        chmod(pemFile, 0o600)
        #expect(try Credentials.load(environment: ["BINANCE_API_KEY": "k", "BINANCE_PRIVATE_KEY_FILE": pemFile]).signer.kind == "Ed25519")
    }
}

@Suite struct FilterTests {
    let rules = SymbolRules.simulated(symbol: "BTCUSDT")

    func failure(_ check: FilterCheck, reference: Decimal = 40000, open: Int = 0) -> String? {
        do {
            try rules.validate(check, reference: reference, openOrders: open)
            return nil
        } catch {
            return error.filter
        }
    }

    @Test func everyFilterRefusesWhatBinanceWould() {
        #expect(failure(FilterCheck(side: .buy, isMarket: true, quantity: Decimal(string: "0.001")!)) == nil)
        #expect(failure(FilterCheck(side: .buy, isMarket: true, quantity: Decimal(string: "0.000001")!)) == "LOT_SIZE")
        #expect(failure(FilterCheck(side: .buy, isMarket: true, quantity: Decimal(string: "0.000015")!)) == "LOT_SIZE")
        #expect(failure(FilterCheck(side: .buy, isMarket: true, quantity: 101)) == "MARKET_LOT_SIZE")
        #expect(failure(FilterCheck(side: .buy, isMarket: true, quantity: Decimal(string: "0.0001")!)) == "NOTIONAL") // $4 < $5
        #expect(failure(FilterCheck(side: .buy, isMarket: false, quantity: Decimal(string: "0.001")!, price: Decimal(string: "40000.005")!)) == "PRICE_FILTER")
        #expect(failure(FilterCheck(side: .buy, isMarket: false, quantity: Decimal(string: "0.001")!, price: 200_001)) == "PERCENT_PRICE_BY_SIDE")
        #expect(failure(FilterCheck(side: .sell, isMarket: false, quantity: Decimal(string: "0.001")!, price: 7999)) == "PERCENT_PRICE_BY_SIDE")
        #expect(failure(FilterCheck(side: .buy, isMarket: false, quantity: Decimal(string: "0.001")!, price: 40000), open: 200) == "MAX_NUM_ORDERS")
    }

    @Test func roundingGoesTheSafeWay() {
        #expect(rules.roundQuantity(Decimal(string: "0.123456789")!) == Decimal(string: "0.12345")!)
        #expect(rules.roundPrice(Decimal(string: "40000.019")!, side: .buy) == Decimal(string: "40000.01")!)
        #expect(rules.roundPrice(Decimal(string: "40000.011")!, side: .sell) == Decimal(string: "40000.02")!)
        #expect(rules.filters.minNotional == 5)
    }
}

@Suite(.serialized) struct GatewayTests {
    @Test func signedOrdersFillAndAreFoundByClientID() async throws {
        let sim = try await LocalSim()
        let http = AsyncHTTPClientBox()
        let gateway = sim.gateway(http: http)
        let info = try await gateway.exchangeInfo()
        #expect(info.rules(for: "BTCUSDT")?.lotSize?.step == Decimal(string: "0.00001")!)
        let answer = try await gateway.placeOrder(symbol: "BTCUSDT", side: .buy, type: "MARKET", quantity: Decimal(string: "0.03")!, clientOrderID: "gen-test-1")
        #expect(answer["status"]?.string == "FILLED")
        // 0.025 at the first level and 0.005 at the next: two trades.
        #expect(answer["fills"]?.array?.count == 2)
        let found = try await gateway.queryOrder(symbol: "BTCUSDT", clientOrderID: "gen-test-1")
        #expect(found?["executedQty"]?.string == "0.03000000")
        #expect(try await gateway.queryOrder(symbol: "BTCUSDT", clientOrderID: "never-sent") == nil)
        let limit = try await gateway.placeOrder(symbol: "BTCUSDT", side: .buy, type: "LIMIT", quantity: Decimal(string: "0.001")!, price: 39000,
                                                 timeInForce: "GTC", clientOrderID: "gen-test-2")
        #expect(limit["status"]?.string == "NEW")
        #expect(try await gateway.openOrders(symbol: "BTCUSDT").array?.count == 1)
        try await sim.exchange.move(symbol: "BTCUSDT", to: 38990)
        #expect(try await gateway.queryOrder(symbol: "BTCUSDT", clientOrderID: "gen-test-2")?["status"]?.string == "FILLED")
        await http.shutdown()
    }

    @Test func theExchangeRefusesBadSignaturesAndFilterBreaches() async throws {
        let sim = try await LocalSim()
        let http = AsyncHTTPClientBox()
        let wrong = BinanceGateway(venue: "sim", restBase: sim.base, credentials: Credentials(apiKey: LocalSim.key, signer: .hmac(secret: Data("wrong".utf8))),
                                   http: http.client, state: nil, settings: GenesisConfig().execution, sleeper: { _ in })
        let signature = await caught { _ = try await wrong.account() }
        guard case let .authentication(signatureError) = signature else { Issue.record("a bad signature was accepted: \(String(describing: signature))"); return }
        #expect(signatureError.code == -1022)
        let gateway = sim.gateway(http: http)
        let tiny = await caught { _ = try await gateway.placeOrder(symbol: "BTCUSDT", side: .buy, type: "MARKET", quantity: Decimal(string: "0.0001")!, clientOrderID: "tiny") }
        guard case let .rejected(tinyError) = tiny else { Issue.record("a $4 order was accepted"); return }
        #expect(tinyError.code == -1013 && tinyError.message == "Filter failure: NOTIONAL")
        let big = await caught { _ = try await gateway.placeOrder(symbol: "BTCUSDT", side: .buy, type: "MARKET", quantity: 1, clientOrderID: "too-big") }
        guard case let .rejected(bigError) = big else { Issue.record("an order beyond the balance was accepted"); return }
        #expect(bigError.code == -2010)
        await http.shutdown()
    }

    @Test func klinesBackfillPagesResumesAndKeepsGaps() async throws {
        let source = try TestSupport.makeStore()
        var generator = MarketGenerator(symbol: "BTCUSDT", interval: .oneMinute, start: Timestamp(parsing: "2024-01-01")!, startPrice: 40000, seed: 3)
        var rows = generator.generate(count: 2500)
        rows.removeSubrange(1000..<1010) // ten minutes the exchange did not trade
        _ = try source.insertCandles(symbol: "BTCUSDT", interval: .oneMinute, rows: rows)
        let sim = try await LocalSim(history: source)
        let http = AsyncHTTPClientBox()
        let target = try TestSupport.makeStore()
        let backfill = KlineBackfill(gateway: sim.gateway(http: http), candles: target, logger: .init(label: "test"), showProgress: false)
        let first = try await backfill.run(symbol: "BTCUSDT", interval: .oneMinute, from: Timestamp(parsing: "2024-01-01")!, to: Timestamp(parsing: "2024-01-02T12:00:00Z")!)
        #expect(first.fetched == 2160 - 10)
        #expect(await sim.api.served["/api/v3/klines"] == 3) // 1000 + 1000 + 150
        // Resuming: starts after the newest stored candle, so only the rest arrives.
        let rest = try await backfill.run(symbol: "BTCUSDT", interval: .oneMinute, from: nil, to: Timestamp(parsing: "2024-01-03")!)
        #expect(rest.fetched == 2490 - 2150)
        #expect(try target.candleCount(symbol: "BTCUSDT", interval: .oneMinute) == 2490)
        let stored = try target.klines(symbol: "BTCUSDT", interval: .oneMinute, start: nil, end: nil, limit: 5000)
        #expect(stored.map(\.close) == rows.map(\.close))
        await http.shutdown()
    }

    @Test func aTwoSecondClockSkewIsCorrected() async throws {
        var faults = SimFaults()
        faults.clockSkewMs = -2000 // the exchange's clock is 2 s behind: unsynced requests would be "ahead"
        let sim = try await LocalSim(faults: faults)
        let http = AsyncHTTPClientBox()
        let gateway = sim.gateway(http: http)
        let account = try await gateway.account()
        #expect(account["balances"]?.array?.isEmpty == false)
        // Taken as of the answer's arrival, the offset errs only late, by the
        // round trip (long on a loaded machine), and is never ahead.
        let offset = await gateway.offset
        #expect(offset <= -1990 && offset > -2000 - 5000, "offset \(offset) ms")
        await http.shutdown()
    }

    @Test func rateLimitsPauseEveryCommandAndBansHalt() async throws {
        var limits = SimLimits(weightLimit: 25)
        limits.strikesBeforeBan = 1
        limits.banSeconds = 600
        let sim = try await LocalSim(limits: limits)
        let store = try TestSupport.makeStore()
        let http = AsyncHTTPClientBox()
        let gateway = sim.gateway(state: store, http: http)
        _ = try await gateway.exchangeInfo(refresh: true) // 20
        let limited = await caught {
            _ = try await gateway.call(.get, "/api/v3/depth", [("symbol", "BTCUSDT")]) // +5 = 25, allowed
            _ = try await gateway.call(.get, "/api/v3/depth", [("symbol", "BTCUSDT")]) // 30 > 25: 429
        }
        guard case let .rateLimited(until) = limited else { Issue.record("the weight limit was not enforced: \(String(describing: limited))"); return }
        #expect(until > Timestamp.now().milliseconds)
        // Another command (a second gateway on the same store) does not even call the exchange.
        let served = await sim.api.served["/api/v3/time", default: 0]
        let other = sim.gateway(state: store, http: http)
        #expect(await caught { _ = try await other.call(.get, "/api/v3/time") } != nil)
        #expect(await sim.api.served["/api/v3/time", default: 0] == served)
        #expect(try store.pause(venue: "sim")?.status == 429)
        // Pushing on past the limit gets the IP banned (418), recorded the same way.
        try store.recordPause(venue: "sim", until: Timestamp(milliseconds: 0), status: 429, reason: "test: pause over")
        let banned = await caught {
            _ = try await other.call(.get, "/api/v3/depth", [("symbol", "BTCUSDT")])
            _ = try await other.call(.get, "/api/v3/depth", [("symbol", "BTCUSDT")])
        }
        guard case let .banned(bannedUntil) = banned else { Issue.record("expected a ban, got \(String(describing: banned))"); return }
        #expect(bannedUntil > Timestamp.now().milliseconds + 500_000)
        #expect(try store.pause(venue: "sim")?.status == 418)
        await http.shutdown()
    }
}
