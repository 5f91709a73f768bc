import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

/// Records what the API asked for; halt does what `gen-exec halt` does (the
/// paper actions), close-all answers a fixed summary.
final class RecordingActions: ControlActions, @unchecked Sendable {
    private let lock = NSLock()
    private var _halts: [String] = []
    private var _closeAlls: [Decimal?] = []
    let paper: PaperControlActions

    init(store: Store, clock: any TimeSource) { paper = PaperControlActions(store: store, config: GenesisConfig(), session: "default", clock: clock) }

    var halts: [String] { lock.withLock { _halts } }
    var closeAlls: [Decimal?] { lock.withLock { _closeAlls } }

    func halt(reason: String) async throws -> String {
        lock.withLock { _halts.append(reason) }
        return try await paper.halt(reason: reason)
    }

    func closeAll(maxSlippage: Decimal?) async throws -> CloseAllSummary {
        lock.withLock { _closeAlls.append(maxSlippage) }
        return CloseAllSummary(venue: "paper", closed: [.init(symbol: "BTCUSDT", clientOrderID: "gen-test-1", quantity: Decimal(string: "0.001")!,
                                                              price: 40000, realizedPnL: Decimal(string: "-1.25")!, at: Timestamp(milliseconds: 1_700_000_000_000))])
    }
}

/// One control API on 127.0.0.1 with an ephemeral port, over a fresh store.
/// Its clock is moved by hand from a fixed instant, half a second before a
/// minute turns, so no answer depends on when the tests run and every
/// budget test crosses a minute boundary.
final class ControlHarness: @unchecked Sendable {
    static let key = "test-key-0123456789abcdef"
    static let start = Timestamp(parsing: "2024-03-01T12:00:59.500Z")!
    let store: Store
    let clock = ManualClock(ControlHarness.start)
    let actions: RecordingActions
    let base: String
    let task: Task<Void, Error>
    /// The process-wide client: it needs no shutdown, so a test that throws
    /// half way fails alone instead of tripping the client's deinit
    /// assertion and taking the whole suite down with it.
    let client = HTTPClient.shared

    /// Budgets roomy enough for the tests that are not about budgets.
    static var roomy: GenesisConfig.Control {
        var control = GenesisConfig.Control()
        control.haltPerMinute = 100
        control.closeAllPerMinute = 100
        return control
    }

    init(control: GenesisConfig.Control = ControlHarness.roomy, account: Bool = true) async throws {
        store = try TestSupport.makeStore()
        if account { try store.createAccount(.opening(balance: 500, at: clock.now()), at: clock.now()) }
        actions = RecordingActions(store: store, clock: clock)
        let settings = ControlSettings(host: "127.0.0.1", port: 0, apiKey: Self.key, control: control)
        let (store, clock, actions) = (store, clock, actions)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            defer { continuation.finish() }
            try await ControlServer.run(settings: settings, store: store, config: GenesisConfig(), session: "default", actions: actions, clock: clock,
                                        logger: .init(label: "control-test")) { continuation.yield($0) }
        }
        self.task = task
        // Bounded: a server that never listens fails the test instead of hanging it.
        let port = try? await withTimeout(seconds: 300, "the control server to listen") {
            var iterator = ports.makeAsyncIterator()
            return await iterator.next()
        }
        guard let port = port ?? nil else {
            task.cancel()
            throw GenesisError.internalError("the control server did not listen within 300 s: \(await task.result)")
        }
        base = "http://127.0.0.1:\(port)"
    }

    /// A test that throws before `stop()` still takes its server down.
    deinit { task.cancel() }

    struct Answer {
        var status: Int
        var headers: [String: String]
        var json: JSONValue
        var error: String? { json["error"]?["code"]?.string }
    }

    func send(_ method: String, _ path: String, key: String? = ControlHarness.key, body: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: base + path)
        request.method = .init(rawValue: method)
        if let key { request.headers.add(name: "X-API-Key", value: key) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 1 << 22)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        #expect(headers["content-type"] == "application/json")
        return Answer(status: Int(response.status.code), headers: headers, json: try JSONValue.parse(Data(bytes.readableBytesView)))
    }

    func stop() async {
        task.cancel()
        let task = task
        do {
            _ = try await withTimeout(seconds: 300, "the control server to stop") { await task.result }
        } catch {
            Issue.record(error)
        }
    }
}

@Suite("ControlAPITests", .serialized)
struct ControlAPITests {
    @Test func everyReadEndpointAnswersWithTheStoresFigures() async throws {
        let harness = try await ControlHarness()
        let now = harness.clock.now()
        var beat = WatcherHeartbeat(pid: 4242, host: "box", venue: "paper", session: "default", startedAt: now.adding(milliseconds: -60_000),
                                    heartbeatAt: now.adding(milliseconds: -2_000))
        beat.streamLagMs = 35
        beat.usedWeight = 12
        beat.weightLimit = 6000
        try harness.store.writeHeartbeat(beat)

        let health = try await harness.send("GET", "/v1/health")
        #expect(health.status == 200)
        #expect(health.json["status"]?.string == "ok")
        #expect(health.json["trading_state"]?.string == "ACTIVE")
        #expect(health.json["watcher"]?["heartbeat_age_ms"]?.integer == 2000)
        #expect(health.json["watcher"]?["stream_lag_ms"]?.integer == 35)
        #expect(health.json["watcher"]?["heartbeat_at_ms"]?.integer == now.milliseconds - 2000)
        #expect(health.json["watcher"]?["heartbeat_at"]?.string == now.adding(milliseconds: -2000).iso8601)
        #expect(health.json["watcher"]?["last_fill_at"] == .null)

        harness.clock.advance(seconds: 60)
        let stale = try await harness.send("GET", "/v1/health")
        #expect(stale.json["status"]?.string == "stale")

        let account = try await harness.send("GET", "/v1/account")
        #expect(account.status == 200)
        #expect(account.json["balance"]?.string == "500")
        #expect(account.json["tier"]?.string == "SNIPER")
        #expect(account.json["day_pnl"]?.string == "0")
        #expect(account.json["trading_state"]?.string == "ACTIVE")

        let positions = try await harness.send("GET", "/v1/positions")
        #expect(positions.status == 200)
        #expect(positions.json["count"]?.integer == 0)

        let tilt = try await harness.send("GET", "/v1/tilt")
        #expect(tilt.status == 200)
        #expect(tilt.json["level"]?.string == "NORMAL")
        #expect(tilt.json["score"]?.integer == 0)
        #expect(tilt.json["how_to_resume"]?.string?.isEmpty == false)

        let tier = try await harness.send("GET", "/v1/tier")
        #expect(tier.status == 200)
        #expect(tier.json["tier"]?.string == "SNIPER")
        #expect(tier.json["target"]?.string == "HUNTER")
        #expect(tier.json["limits"]?["daily_loss_limit"]?.string == "25")
        #expect(tier.json["limits"]?["max_open_positions"]?.integer == 1)
        #expect((tier.json["gates"]?.array?.count ?? 0) > 0)
        #expect(tier.json["locked"]?.array?.contains(.string("strategy mean_reversion")) == true)

        for period in ["day", "week", "month", "all"] {
            let performance = try await harness.send("GET", "/v1/performance?period=\(period)")
            #expect(performance.status == 200)
            #expect(performance.json["period"]?.string == period)
            #expect(performance.json["summary"]?["trades"]?.integer == 0)
            #expect(performance.json["summary"]?["start_balance"]?.string == "500")
            #expect(performance.json["curve"]?["days"]?.integer != nil)
            #expect(performance.json["curve"]?["sharpe"] == .null) // no trades: no returns to measure
        }
        #expect(try await harness.send("GET", "/v1/performance?period=year").status == 400)

        let events = try await harness.send("GET", "/v1/events?type=account.&since=0&limit=5")
        #expect(events.status == 200)
        #expect(events.json["count"]?.integer == 1)
        #expect(events.json["events"]?.array?.first?["type"]?.string == "account.created")
        #expect(events.json["events"]?.array?.first?["payload"]?["balance"]?.string == "500")
        for bad in ["limit=0", "limit=1001", "limit=abc", "since=-1", "since=soon"] {
            let answer = try await harness.send("GET", "/v1/events?\(bad)")
            #expect(answer.status == 400, "\(bad)")
            #expect(answer.error == "bad_request")
        }
        await harness.stop()
    }

    @Test func everyRequestNeedsTheKey() async throws {
        let harness = try await ControlHarness()
        for path in ["/v1/health", "/v1/account", "/v1/positions", "/v1/tilt", "/v1/tier", "/v1/performance", "/v1/events"] {
            let missing = try await harness.send("GET", path, key: nil)
            #expect(missing.status == 401)
            #expect(missing.error == "unauthorized")
            let wrong = try await harness.send("GET", path, key: ControlHarness.key + "x")
            #expect(wrong.status == 401)
        }
        let halt = try await harness.send("POST", "/v1/halt", key: "nope", body: #"{"reason":"x","confirm":"HALT TRADING NOW"}"#)
        #expect(halt.status == 401)
        #expect(try harness.store.tradingState().0 == .active)
        #expect(harness.actions.halts.isEmpty)
        await harness.stop()
    }

    @Test func unknownRoutesAndMethodsAnswerInJSON() async throws {
        let harness = try await ControlHarness()
        let unknown = try await harness.send("GET", "/v1/nothing")
        #expect(unknown.status == 404)
        #expect(unknown.error == "not_found")
        #expect(try await harness.send("GET", "/").status == 404)
        let method = try await harness.send("DELETE", "/v1/health")
        #expect(method.status == 405)
        #expect(method.headers["allow"] == "GET")
        let post = try await harness.send("GET", "/v1/halt")
        #expect(post.status == 405)
        #expect(post.headers["allow"] == "POST")
        await harness.stop()
    }

    @Test func eachEndpointHasItsOwnBudgetAndSaysWhenToRetry() async throws {
        var control = GenesisConfig.Control()
        control.readsPerMinute = 2
        control.haltPerMinute = 1
        let harness = try await ControlHarness(control: control)
        #expect(try await harness.send("GET", "/v1/account").status == 200)
        #expect(try await harness.send("GET", "/v1/account").status == 200)
        let limited = try await harness.send("GET", "/v1/account")
        #expect(limited.status == 429)
        #expect(limited.error == "rate_limited")
        #expect(limited.headers["retry-after"] == "30")
        // Another endpoint has its own bucket.
        #expect(try await harness.send("GET", "/v1/tilt").status == 200)
        harness.clock.advance(seconds: 29)
        #expect(try await harness.send("GET", "/v1/account").status == 429)
        harness.clock.advance(seconds: 1)
        #expect(try await harness.send("GET", "/v1/account").status == 200)

        #expect(try await harness.send("POST", "/v1/halt", body: #"{"reason":"r","confirm":"no"}"#).status == 422)
        let halt = try await harness.send("POST", "/v1/halt", body: #"{"reason":"r","confirm":"no"}"#)
        #expect(halt.status == 429)
        #expect(halt.headers["retry-after"] == "60")
        await harness.stop()
    }

    @Test func haltNeedsItsPhraseAndHaltsTradingInTheStore() async throws {
        let harness = try await ControlHarness()
        let wrong = try await harness.send("POST", "/v1/halt", body: #"{"reason":"news spike","confirm":"halt trading now"}"#)
        #expect(wrong.status == 422)
        #expect(wrong.error == "confirmation_mismatch")
        #expect(wrong.json["error"]?["message"]?.string?.contains("HALT TRADING NOW") == true)
        #expect(try harness.store.tradingState().0 == .active)
        #expect(harness.actions.halts.isEmpty)

        #expect(try await harness.send("POST", "/v1/halt", body: "not json").status == 400)
        #expect(try await harness.send("POST", "/v1/halt", body: "[]").status == 400)
        #expect(try await harness.send("POST", "/v1/halt", body: #"{"confirm":"HALT TRADING NOW"}"#).status == 400)
        #expect(try await harness.send("POST", "/v1/halt", body: #"{"reason":"  ","confirm":"HALT TRADING NOW"}"#).status == 400)
        #expect(try await harness.send("POST", "/v1/halt", body: #"{"reason":5,"confirm":"HALT TRADING NOW"}"#).status == 400)

        let halted = try await harness.send("POST", "/v1/halt", body: #"{"reason":"news spike","confirm":"HALT TRADING NOW"}"#)
        #expect(halted.status == 200)
        #expect(halted.json["trading_state"]?.string == "HALTED")
        #expect(harness.actions.halts == ["news spike"])
        let (state, reason) = try harness.store.tradingState()
        #expect(state == .halted)
        #expect(reason == "news spike")
        // The tilt detector's behavioural event, as `gen-exec halt` records it.
        let behaviour = try harness.store.auditTrail(AuditFilter(typePrefix: "behaviour.halt", limit: 10))
        #expect(behaviour.count == 1)

        let again = try await harness.send("POST", "/v1/halt", body: #"{"reason":"again","confirm":"HALT TRADING NOW"}"#)
        #expect(again.status == 409)
        #expect(again.error == "state_conflict")
        let account = try await harness.send("GET", "/v1/account")
        #expect(account.json["trading_state"]?.string == "HALTED")
        await harness.stop()
    }

    @Test func closeAllNeedsItsPhraseAndCallsTheActions() async throws {
        let harness = try await ControlHarness()
        let wrong = try await harness.send("POST", "/v1/close-all", body: #"{"confirm":"CLOSE ALL"}"#)
        #expect(wrong.status == 422)
        #expect(wrong.json["error"]?["message"]?.string?.contains("CLOSE ALL POSITIONS") == true)
        #expect(try await harness.send("POST", "/v1/close-all", body: #"{"confirm":"CLOSE ALL POSITIONS","max_slippage":"5%"}"#).status == 400)
        #expect(try await harness.send("POST", "/v1/close-all", body: #"{"confirm":"CLOSE ALL POSITIONS","max_slippage":"0.3"}"#).status == 400)
        #expect(try await harness.send("POST", "/v1/close-all", body: #"{"confirm":"CLOSE ALL POSITIONS","max_slippage":0.01}"#).status == 400)
        #expect(harness.actions.closeAlls.isEmpty)

        let closed = try await harness.send("POST", "/v1/close-all", body: #"{"confirm":"CLOSE ALL POSITIONS","max_slippage":"0.015"}"#)
        #expect(closed.status == 200)
        #expect(closed.json["max_slippage"]?.string == "0.015")
        #expect(closed.json["closed"]?.array?.first?["realized_pnl"]?.string == "-1.25")
        #expect(closed.json["closed"]?.array?.first?["at_ms"]?.integer == 1_700_000_000_000)
        let defaulted = try await harness.send("POST", "/v1/close-all", body: #"{"confirm":"CLOSE ALL POSITIONS"}"#)
        #expect(defaulted.json["max_slippage"]?.string == "0.01")
        #expect(harness.actions.closeAlls == [Decimal(string: "0.015")!, nil])
        await harness.stop()
    }

    @Test func paperCloseAllWithNothingOpenClosesNothing() async throws {
        let store = try TestSupport.makeStore(balance: 500, openedAt: Timestamp.now())
        let summary = try await PaperControlActions(store: store, config: GenesisConfig(), session: "default").closeAll(maxSlippage: nil)
        #expect(summary == CloseAllSummary(venue: "paper"))
    }

    @Test func withoutAnAccountTheSessionEndpointsSayHowToCreateOne() async throws {
        let harness = try await ControlHarness(account: false)
        let account = try await harness.send("GET", "/v1/account")
        #expect(account.status == 409)
        #expect(account.error == "no_account")
        #expect(try await harness.send("GET", "/v1/health").status == 200)
        await harness.stop()
    }

    @Test func onlyLoopbackUnlessOverridden() async throws {
        for host in ["127.0.0.1", "127.1.2.3", "::1", "localhost", "LOCALHOST", "::ffff:127.0.0.1"] { #expect(ControlSettings.isLoopback(host), "\(host)") }
        for host in ["0.0.0.0", "192.168.1.10", "::", "example.com", "128.0.0.1", "10.0.0.1"] { #expect(!ControlSettings.isLoopback(host), "\(host)") }
        let store = try TestSupport.makeStore()
        let settings = ControlSettings(host: "0.0.0.0", port: 0, apiKey: ControlHarness.key)
        await #expect(throws: GenesisError.self) {
            try await ControlServer.run(settings: settings, store: store, config: GenesisConfig(), session: "default",
                                        actions: PaperControlActions(store: store, config: GenesisConfig(), session: "default"), logger: .init(label: "t"))
        }
        // A non-loopback host must be refused, naming the flag and the address.
        let refusal = #expect(throws: GenesisError.self) { try settings.validate() }
        guard case let .configuration(key, message)? = refusal else {
            Issue.record("expected a configuration error, got \(String(describing: refusal))")
            return
        }
        #expect(key == "--api")
        #expect(message.contains("0.0.0.0"))
        var allowed = settings
        allowed.allowNonLoopback = true
        try allowed.validate()
        #expect(throws: GenesisError.self) { try ControlSettings(host: "127.0.0.1", port: 0, apiKey: "short").validate() }
        let v4 = try ControlSettings.parseAddress("127.0.0.1:8686")
        #expect(v4.host == "127.0.0.1" && v4.port == 8686)
        let v6 = try ControlSettings.parseAddress("[::1]:0")
        #expect(v6.host == "::1" && v6.port == 0)
        #expect(throws: GenesisError.self) { try ControlSettings.parseAddress("127.0.0.1:99999") }
    }

    @Test func theKeyComesFromTheEnvironmentOrAPrivateFile() throws {
        #expect(try ControlSettings.loadKey(environment: ["GENESIS_API_KEY": " abc "]) == "abc")
        let file = TestSupport.temporaryDirectory().appendingPathComponent("api.key").path
        FileManager.default.createFile(atPath: file, contents: Data("secret-key-from-file\n".utf8), attributes: [.posixPermissions: 0o644])
        #expect(throws: GenesisError.self) { try ControlSettings.loadKey(keyFile: file, environment: [:]) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        #expect(try ControlSettings.loadKey(keyFile: file, environment: [:]) == "secret-key-from-file")
        #expect(throws: GenesisError.self) { try ControlSettings.loadKey(environment: [:]) }
        #expect(!ControlSettings(port: 1, apiKey: "super-secret-value").description.contains("super-secret"))
    }

    @Test func tokenBucketsRefillWithTheClock() {
        let clock = ManualClock(Timestamp(milliseconds: 1_000_000))
        let limiter = RateLimiter(clock: clock)
        for remaining in (0..<5).reversed() { #expect(limiter.take("halt#k", perMinute: 5) == .allowed(remaining: remaining)) }
        #expect(limiter.take("halt#k", perMinute: 5) == .limited(retryAfterSeconds: 12))
        #expect(limiter.take("halt#other", perMinute: 5) == .allowed(remaining: 4))
        clock.advance(seconds: 12)
        #expect(limiter.take("halt#k", perMinute: 5) == .allowed(remaining: 0))
        clock.advance(seconds: 3600)
        #expect(limiter.take("halt#k", perMinute: 5) == .allowed(remaining: 4))
    }

    /// The check keeps only the key's SHA-256 digest and compares digests in
    /// full, so only the exact key passes, whatever its length or how much
    /// of it a guess shares.
    @Test func onlyTheExactKeyPassesAndOnlyItsDigestIsKept() {
        let key = "right-key-123456"
        let check = APIKeyCheck(key: key)
        // What the check holds: the 32-byte digest of the key, and not the key.
        let stored = Mirror(reflecting: check).children.map(\.value)
        #expect(stored.count == 1)
        #expect(stored.first as? [UInt8] == Array(SHA256.hash(data: Data(key.utf8))))
        #expect(!stored.contains { $0 is String })

        #expect(check.matches(key))
        #expect(check.matches(String(decoding: Array(key.utf8), as: UTF8.self))) // equal, built apart
        let refused: [(String, String?)] = [
            ("no key", nil),
            ("the empty key", ""),
            ("a wrong key of the same length", "wrong-key-654321"),
            ("a prefix", "right-key-12345"),
            ("one character", "r"),
            ("the key and more", key + "7"),
            ("the key twice", key + key),
            ("the key with a newline", key + "\n"),
            ("the key with a NUL", key + "\u{0}"),
            ("the key with a leading space", " " + key),
            ("the last character changed", "right-key-123457"),
            ("the first character changed", "Right-key-123456"),
            ("the key in capitals", key.uppercased()),
            ("a much longer key with the same start", key + String(repeating: "x", count: 10_000)),
        ]
        for (label, presented) in refused { #expect(!check.matches(presented), "\(label) was accepted") }

        // A configured empty key matches only an empty header, never a missing one.
        let empty = APIKeyCheck(key: "")
        #expect(empty.matches(""))
        #expect(!empty.matches(nil))
        #expect(!empty.matches(" "))

        // Budgets are kept per key under a short digest prefix, never the key.
        let fingerprint = APIKeyCheck.fingerprint(key)
        #expect(fingerprint == SHA256.hash(data: Data(key.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined())
        #expect(fingerprint.count == 16 && !fingerprint.contains(key))
        #expect(APIKeyCheck.fingerprint(key + "7") != fingerprint)
    }

    /// The API itself goes through that check: every near miss is a 401,
    /// and failures have their own budget.
    @Test func theAPIRefusesEveryNearMissOfItsKey() async throws {
        let clock = ManualClock(ControlHarness.start)
        let store = try TestSupport.makeStore(balance: 500, openedAt: clock.now())
        var control = GenesisConfig.Control()
        control.authFailuresPerMinute = 5
        let settings = ControlSettings(port: 0, apiKey: ControlHarness.key, control: control)
        let api = ControlAPI(settings: settings, store: store, config: GenesisConfig(), session: "default",
                             actions: PaperControlActions(store: store, config: GenesisConfig(), session: "default", clock: clock), clock: clock,
                             logger: .init(label: "control-test"))
        #expect(api.keyCheck.matches(ControlHarness.key))
        #expect(Mirror(reflecting: api.keyCheck).children.first?.value as? [UInt8] == Array(SHA256.hash(data: Data(ControlHarness.key.utf8))))
        func health(_ key: String?) async -> Int { await api.handle(ControlRequest(method: "GET", path: "/v1/health", apiKey: key)).status }
        for key in [nil, "", String(ControlHarness.key.dropLast()), ControlHarness.key + "f", ControlHarness.key.uppercased()] {
            #expect(await health(key) == 401, "\(String(describing: key))")
        }
        #expect(await health(ControlHarness.key) == 200)
        // The sixth failure within the minute is refused before the key is even judged.
        #expect(await health("wrong") == 429)
    }

    /// Budgets are token buckets on the injected clock: crossing a minute
    /// boundary on the clock gives nothing back; only elapsed time does.
    @Test func budgetsRefillWithElapsedTimeNotAtTheMinute() async throws {
        let clock = ManualClock(Timestamp(parsing: "2024-03-01T12:00:59.900Z")!)
        let store = try TestSupport.makeStore(balance: 500, openedAt: clock.now())
        var control = GenesisConfig.Control()
        control.readsPerMinute = 2
        let api = ControlAPI(settings: ControlSettings(port: 0, apiKey: ControlHarness.key, control: control), store: store, config: GenesisConfig(),
                             session: "default", actions: PaperControlActions(store: store, config: GenesisConfig(), session: "default", clock: clock),
                             clock: clock, logger: .init(label: "control-test"))
        func read() async -> ControlResponse { await api.handle(ControlRequest(method: "GET", path: "/v1/account", apiKey: ControlHarness.key)) }
        #expect(await read().status == 200)
        #expect(await read().status == 200)
        let limited = await read()
        #expect(limited.status == 429)
        #expect(limited.headers["Retry-After"] == "30")
        clock.advance(milliseconds: 200) // 12:01:00.100: a new minute, 0.2 s later
        #expect(await read().status == 429)
        clock.advance(milliseconds: 29_799) // 1 ms short of one request's worth
        #expect(await read().status == 429)
        clock.advance(milliseconds: 1)
        #expect(await read().status == 200)
        #expect(await read().status == 429)
    }
}
