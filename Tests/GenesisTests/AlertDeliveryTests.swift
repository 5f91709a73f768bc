import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
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
@testable import GenesisAlert

/// A webhook on 127.0.0.1 that records what it is sent and answers 500 to
/// the first `failingFirst` requests.
final class AlertReceiver: @unchecked Sendable {
    struct Received: Sendable {
        var path: String
        var body: Data
        var object: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        /// The text a person reads, whatever the format.
        var text: String { (object["text"] ?? object["content"] ?? object["message"]) as? String ?? "" }
    }

    let received = Locked<[Received]>([])
    let failures: Locked<Int>
    private(set) var base = ""
    private var task: Task<Void, Never>?

    init(failingFirst: Int = 0) async throws {
        failures = Locked(failingFirst)
        let received = received, failures = failures
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            let body = Data(buffer: try await request.collectBody(upTo: 1 << 20))
            received.update { $0.append(Received(path: request.uri.path, body: body)) }
            let fail = failures.update { remaining -> Bool in
                guard remaining > 0 else { return false }
                remaining -= 1
                return true
            }
            return Response(status: fail ? .internalServerError : .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: fail ? #"{"ok":false}"# : #"{"ok":true}"#)))
        }
        let (ports, port) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "alert-receiver")
        logger.logLevel = .critical
        task = Task {
            let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
                                  onServerRunning: { channel in port.yield(channel.localAddress?.port ?? 0); port.finish() }, logger: logger)
            try? await app.runService(gracefulShutdownSignals: [])
            port.finish()
        }
        let bound = try await withTimeout(seconds: 120, "the alert receiver to listen") {
            var iterator = ports.makeAsyncIterator()
            return await iterator.next() ?? 0
        }
        guard bound > 0 else { throw GenesisError.internalError("the alert receiver did not start") }
        base = "http://127.0.0.1:\(bound)"
    }

    deinit { task?.cancel() }

    /// The webhook URL, with a path standing for a bot token.
    var url: String { base + "/botSECRET-TOKEN-123/sendMessage" }
    var texts: [String] { received.value.map(\.text) }
}

/// Sleeps recorded instead of slept: the retries' backoff without waiting.
final class RecordedSleeps: @unchecked Sendable {
    let waits = Locked<[Int]>([])
    var sleep: @Sendable (Int) async throws -> Void { { [waits] seconds in waits.update { $0.append(seconds) } } }
}

/// `gen-alert` and GenesisAlert (issue 17 item 2): formats, policy,
/// retries, the record, the stream stage, the events of the store and the
/// command channel, against a local receiver.
@Suite(.serialized) struct AlertDeliveryTests {
    static let t0 = Timestamp(parsing: "2024-03-01T12:00:00Z")!
    let quiet: Logger = { var logger = Logger(label: "alert-tests"); logger.logLevel = .critical; return logger }()

    func alert(_ code: String = "tier.demoted", symbol: String? = nil, level: AlertLevel = .critical, message: String = "The account moved.") -> AlertMessage {
        AlertMessage(level: level, code: code, message: message, symbol: symbol, ts: Self.t0, source: "tests")
    }

    func settings(_ change: (inout GenesisConfig.Alert) -> Void = { _ in }) -> GenesisConfig.Alert {
        var settings = GenesisConfig.Alert()
        change(&settings)
        return settings
    }

    func webhook(_ receiver: AlertReceiver, _ format: AlertFormat, client: HTTPClient, chatID: String? = nil) throws -> WebhookChannel {
        WebhookChannel(webhook: try AlertWebhook(receiver.url), format: format, chatID: chatID, client: client, timeoutSeconds: 10)
    }

    // MARK: - The policy, on a hand-moved clock

    @Test func theSameCodeAndSymbolIsSentOnceWithinTheDedupeWindow() {
        let clock = ManualClock(Self.t0)
        var policy = AlertPolicy(dedupeMinutes: 15, maxPerHour: 20, retries: 5, retryMaxSeconds: 60)
        #expect(policy.admit(alert(symbol: "BTCUSDT"), at: clock.now()) == .send)
        clock.advance(seconds: 14 * 60)
        #expect(policy.admit(alert(symbol: "BTCUSDT"), at: clock.now()) == .deduplicated)
        #expect(policy.admit(alert(symbol: "ETHUSDT"), at: clock.now()) == .send)          // another symbol
        #expect(policy.admit(alert("tilt.locked", symbol: "BTCUSDT"), at: clock.now()) == .send) // another code
        clock.advance(seconds: 60)
        #expect(policy.admit(alert(symbol: "BTCUSDT"), at: clock.now()) == .send)          // 15 minutes on
    }

    @Test func theHourlyLimitHoldsAlertsBackAndOneSummaryFollowsWhenItLifts() {
        let clock = ManualClock(Self.t0)
        var policy = AlertPolicy(dedupeMinutes: 0, maxPerHour: 3, retries: 5, retryMaxSeconds: 60)
        for index in 0..<3 {
            #expect(policy.admit(alert("a.\(index)"), at: clock.now()) == .send)
            clock.advance(seconds: 60)
        }
        for index in 3..<7 { #expect(policy.admit(alert("a.\(index)"), at: clock.now()) == .rateLimited) }
        #expect(policy.summary(at: clock.now()) == nil)                                   // still full
        #expect(policy.suppressed == 4)
        // The first send leaves the window an hour after it was made.
        clock.advance(seconds: 57 * 60)
        let summary = policy.summary(at: clock.now())
        #expect(summary?.code == AlertPolicy.summaryCode)
        #expect(summary?.message.hasPrefix("4 alerts were suppressed since") == true, "\(summary?.message ?? "")")
        #expect(policy.summary(at: clock.now()) == nil)                                   // once
        #expect(policy.suppressed == 0)
        // The summary took the freed slot.
        #expect(policy.admit(alert("a.8"), at: clock.now()) == .rateLimited)
    }

    @Test func retriesBackOffOneTwoFourUpToTheMaximum() {
        let policy = AlertPolicy(dedupeMinutes: 15, maxPerHour: 20, retries: 9, retryMaxSeconds: 10)
        #expect((1...8).map(policy.backoff(afterAttempt:)) == [1, 2, 4, 8, 10, 10, 10, 10])
    }

    @Test func thePolicyIsRebuiltFromTheRecord() {
        var policy = AlertPolicy(dedupeMinutes: 15, maxPerHour: 2, retries: 5, retryMaxSeconds: 60)
        policy.remember(code: "tier.demoted", symbol: nil, status: "delivered", at: Self.t0)
        policy.remember(code: "tilt.locked", symbol: nil, status: "failed", at: Self.t0)
        policy.remember(code: "x.y", symbol: nil, status: "rate_limited", at: Self.t0)
        #expect(policy.suppressed == 1)
        #expect(policy.admit(alert(), at: Self.t0.adding(milliseconds: 60_000)) == .deduplicated)
        #expect(policy.admit(alert("other.code"), at: Self.t0.adding(milliseconds: 60_000)) == .rateLimited)
    }

    // MARK: - Formats, over HTTP

    @Test func eachFormatPostsItsJSONToTheWebhook() async throws {
        let receiver = try await AlertReceiver()
        let client = WebhookChannel.makeClient(timeoutSeconds: 10)
        defer { _ = Task { try? await client.shutdown() } }
        let message = alert(symbol: "BTCUSDT", message: #"Loss "15%" — \ new entries paused."#)
        for format in AlertFormat.allCases {
            let answer = await (try webhook(receiver, format, client: client, chatID: "-100123")).deliver(message)
            #expect(answer.delivered, "\(format): \(answer.detail)")
            #expect(answer.detail.hasPrefix("HTTP 200"))
        }
        let bodies = receiver.received.value
        try #require(bodies.count == 4)
        #expect(bodies.allSatisfy { $0.path == "/botSECRET-TOKEN-123/sendMessage" })
        let text = "GENESIS CRITICAL tier.demoted BTCUSDT: " + message.message
        let telegram = bodies[0].object
        #expect(telegram["chat_id"] as? String == "-100123")
        #expect(telegram["text"] as? String == text)
        #expect(telegram["disable_web_page_preview"] as? Bool == true)
        #expect(telegram.count == 3)
        #expect(bodies[1].object as NSDictionary == ["text": text] as NSDictionary)
        #expect(bodies[2].object as NSDictionary == ["content": text] as NSDictionary)
        let generic = bodies[3].object
        #expect(generic as NSDictionary == ["v": 1, "type": "alert", "ts": Self.t0.milliseconds, "level": "CRITICAL", "code": "tier.demoted",
                                            "message": message.message, "symbol": "BTCUSDT", "source": "tests"] as NSDictionary)
    }

    @Test func aPlainHTTPWebhookOffThisMachineIsRefusedAndTheURLNeverShown() throws {
        for refused in ["http://hooks.example.com/services/T0/B0/SECRET", "ftp://example.com/SECRET", "not a url SECRET"] {
            do {
                _ = try AlertWebhook(refused)
                Issue.record("\(refused) was accepted")
            } catch {
                #expect(!"\(error)".contains("SECRET"), "\(error)")
                #expect("\(error)".contains(AlertWebhook.variable))
            }
        }
        #expect(try AlertWebhook("https://api.telegram.org/botSECRET/sendMessage").host == "api.telegram.org")
        #expect(try AlertWebhook("http://localhost:9/hook").host == "localhost")
        // A webhook file must be private, like the exchange keys.
        let directory = TestSupport.temporaryDirectory()
        let file = directory.appendingPathComponent("webhook").path
        try "# the Slack webhook\nhttps://hooks.slack.com/services/SECRET\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o644)
        #expect(throws: GenesisError.self) { try AlertWebhook.configured(environment: [AlertWebhook.fileVariable: file]) }
        chmod(file, 0o600)
        #expect(try AlertWebhook.configured(environment: [AlertWebhook.fileVariable: file])?.host == "hooks.slack.com")
    }

    @Test func theAlertKeysAreValidatedNamingTheKey() throws {
        for (yaml, key) in [("alert:\n  maxPerHour: 0\n", "alert.maxPerHour"), ("alert:\n  webhookFormat: teams\n", "alert.webhookFormat"),
                            ("alert:\n  minLevel: LOUD\n", "alert.minLevel"), ("alert:\n  webhookFormat: telegram\n", "alert.telegramChatId"),
                            ("alert:\n  retries: 0\n", "alert.retries")] {
            do {
                _ = try ConfigLoader.parse(yaml)
                Issue.record("\(yaml) was accepted")
            } catch let GenesisError.configuration(found, _) {
                #expect(found == key, "\(yaml)")
            }
        }
        let config = try ConfigLoader.parse("alert:\n  webhookFormat: telegram\n  telegramChatId: \"42\"\n  command: logger -t genesis\n")
        #expect(config.alert.telegramChatId == "42")
        #expect(config.alert.command == "logger -t genesis")
        #expect(config.alert.dedupeMinutes == 15 && config.alert.maxPerHour == 20 && config.alert.retries == 5)
    }

    // MARK: - Retries and the record

    @Test func aWebhookAnswering500IsRetriedWithBackoffAndTheAttemptsRecorded() async throws {
        let receiver = try await AlertReceiver(failingFirst: 2)
        let client = WebhookChannel.makeClient(timeoutSeconds: 10)
        defer { _ = Task { try? await client.shutdown() } }
        let store = try TestSupport.makeStore()
        let sleeps = RecordedSleeps()
        let dispatcher = try AlertDispatcher(settings: settings(), channels: [try webhook(receiver, .slack, client: client)], store: store,
                                             clock: ManualClock(Self.t0), logger: quiet, sleep: sleeps.sleep)
        let outcomes = await dispatcher.dispatch(alert())
        #expect(outcomes.map(\.status) == ["delivered"])
        #expect(outcomes.first?.attempts == 3)
        #expect(sleeps.waits.value == [1, 2])
        #expect(receiver.received.value.count == 3)
        let record = try store.alertDeliveries()
        #expect(record.count == 1)
        #expect(record.first?.status == "delivered" && record.first?.attempts == 3 && record.first?.channel == "webhook 127.0.0.1")
        #expect(record.first?.detail?.contains("SECRET") == false)

        // Failing every time: alert.retries attempts, then recorded as failed.
        receiver.failures.set(100)
        let failing = try AlertDispatcher(settings: settings { $0.retries = 4 }, channels: [try webhook(receiver, .slack, client: client)], store: store,
                                          clock: ManualClock(Self.t0), logger: quiet, sleep: sleeps.sleep)
        let failed = await failing.dispatch(alert("tilt.locked"))
        #expect(failed.map(\.status) == ["failed"] && failed.first?.attempts == 4)
        #expect(try store.alertDeliveries().last?.status == "failed")
    }

    @Test func theDispatcherDedupesRateLimitsAndSummarisesOverTheWire() async throws {
        let receiver = try await AlertReceiver()
        let client = WebhookChannel.makeClient(timeoutSeconds: 10)
        defer { _ = Task { try? await client.shutdown() } }
        let store = try TestSupport.makeStore()
        let clock = ManualClock(Self.t0)
        let make = { try AlertDispatcher(settings: self.settings { $0.maxPerHour = 2 }, channels: [try self.webhook(receiver, .discord, client: client)],
                                         store: store, clock: clock, logger: self.quiet, sleep: RecordedSleeps().sleep) }
        let dispatcher = try make()
        await dispatcher.dispatch(alert("a.one"))
        await dispatcher.dispatch(alert("a.one"))                                  // same code: deduplicated
        await dispatcher.dispatch(alert("a.two"))
        await dispatcher.dispatch(alert("a.three"))                                // third in the hour: held back
        await dispatcher.dispatch(alert("a.info", level: .info))                   // below alert.minLevel: ignored
        #expect(receiver.texts.count == 2)
        #expect(try store.alertDeliveries().map(\.status) == ["delivered", "deduplicated", "delivered", "rate_limited"])
        // A new run (the next cron minute) keeps the limit from the record...
        clock.advance(seconds: 60)
        await (try make()).dispatch(alert("a.four"))
        #expect(receiver.texts.count == 2)
        // ...and once the hour has passed, the summary goes first, then the alert.
        clock.advance(seconds: 3600)
        await (try make()).dispatch(alert("a.five"))
        let texts = receiver.texts
        #expect(texts.count == 4)
        #expect(texts.dropLast().last?.contains("2 alerts were suppressed since") == true, "\(texts)")
        #expect(texts.last?.contains("a.five") == true)
    }

    // MARK: - The commands

    /// `gen-alert events` on the events the real store API writes: each is
    /// delivered once, and a second run sends nothing again.
    @Test func eventsDeliverTheEmergencyTheReconcileHaltTheLockoutAndTheBanExactlyOnce() async throws {
        let receiver = try await AlertReceiver()
        let store = try TestSupport.makeStore(balance: 500, openedAt: Self.t0)
        let config = GenesisConfig()
        try store.recordPause(venue: "binance", until: Timestamp.now().adding(milliseconds: 3_600_000), status: 418, reason: "IP banned until later")
        for index in 0..<8 {
            try store.recordBehaviour(kind: "override_attempt", detail: "attempt \(index)", at: Self.t0.adding(milliseconds: Int64(index) * 1000))
        }
        #expect(try store.evaluateTilt(session: Account.defaultSession, config: config, now: Self.t0.adding(milliseconds: 60_000)).lockoutStarted != nil)
        try store.halt(.reconciliation, reason: "reconciliation: 1 trade the store does not hold", by: "gen-exec reconcile", at: Self.t0.adding(milliseconds: 120_000))
        let emergency = try store.superviseTier(session: Account.defaultSession, config: config, now: Self.t0.adding(milliseconds: 30 * 3_600_000), unrealized: -80)
        #expect(emergency.closeAll)
        // A backtest's demotion is not the trader's news.
        _ = try store.requireAccount(session: "backtest", openingAt: Self.t0)
        _ = try store.superviseTier(session: "backtest", config: config, now: Self.t0.adding(milliseconds: 30 * 3_600_000), unrealized: -80)

        let db = store.path
        let environment = [AlertWebhook.variable: receiver.url]
        let first = try await TestSupport.onThread { try TestSupport.run("gen-alert", ["events", "--db", db], environment: environment) }
        #expect(first.status == 0, "\(first.stderr)")
        let codes = receiver.received.value.map { $0.object["code"] as? String ?? "" }
        for expected in ["exchange.banned", "tilt.locked", "reconcile.halt", "tier.emergency_demotion", "trading.emergency_halt"] {
            #expect(codes.filter { $0 == expected }.count == 1, "\(expected) in \(codes)")
        }
        #expect(Set(codes).count == codes.count, "\(codes)")
        let demotion = try #require(receiver.received.value.first { $0.object["code"] as? String == "tier.emergency_demotion" })
        #expect(demotion.text.hasPrefix("EMERGENCY DEMOTION"), "\(demotion.text)")
        #expect(first.stdout.contains("tier.emergency_demotion  webhook 127.0.0.1  delivered  1 attempt"), "\(first.stdout)")
        #expect(!first.stdout.contains("SECRET") && !first.stderr.contains("SECRET"))

        let second = try await TestSupport.onThread { try TestSupport.run("gen-alert", ["events", "--db", db], environment: environment) }
        #expect(second.status == 0, "\(second.stderr)")
        #expect(receiver.received.value.count == codes.count)
        // The record shows each delivery; the audit trail got no event per delivery.
        let history = try await TestSupport.onThread { try TestSupport.run("gen-alert", ["history", "--json", "--db", db]) }
        #expect(history.stdout.split(separator: "\n").filter { $0.contains(#""status":"delivered""#) }.count == codes.count, "\(history.stdout)")
        #expect(try store.rowCount("events WHERE type LIKE 'alert%'") == 0)
    }

    /// The stage writes every line as it came, alerts included, and the
    /// command receives each alert as its first argument, in
    /// $GENESIS_ALERT_MESSAGE and on stdin, never parsed by the shell.
    @Test func theStageForwardsEveryLineByteForByteAndTheCommandReceivesTheMessage() async throws {
        let directory = TestSupport.temporaryDirectory()
        let received = directory.appendingPathComponent("received.txt").path, pwned = directory.appendingPathComponent("pwned").path
        let script = directory.appendingPathComponent("alert.sh").path
        try "#!/bin/sh\nprintf '%s|%s|%s\\n' \"$1\" \"$GENESIS_ALERT_MESSAGE\" \"$(cat)\" >> '\(received)'\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let configFile = directory.appendingPathComponent("genesis.yaml").path
        try "alert:\n  command: \(script)\n".write(toFile: configFile, atomically: true, encoding: .utf8)
        let hostile = #"Loss 15% $(touch \#(pwned)) `touch \#(pwned)`; \"quoted\" \u00e9"#
        let lines = CLIBench.goodCandles + [
            #"{"v":1,"type":"alert","ts":1704978000000,"level":"CRITICAL","code":"tier.demoted","message":"\#(hostile)","symbol":"BTCUSDT"}"#,
            #"{ "type" : "alert" , "ts":1704978000001,"level":"INFO","code":"risk.correlation_hedge","message":"below the level"}"#,
            #"{"type":"alert","ts":1704978000002,"level":"WARNING","message":"no code"}"#,
            #"{"v":1,"type":"something_new","ts":1,"x":[1,{"y":null}]}"#,
            #"{"v":1,"type":"alert","ts":1704978000003,"level":"WARNING","code":"execution.market_impact","message":"impact 0.6 %"}"#,
        ]
        let input = lines.joined(separator: "\n") + "\n"
        let db = directory.appendingPathComponent("genesis.db").path
        let outcome = try await TestSupport.onThread {
            try TestSupport.run("gen-alert", ["--db", db, "--config", configFile], stdin: Data(input.utf8))
        }
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == input)
        #expect(outcome.stderr.contains("line 6: alert not delivered: missing field 'code'"), "\(outcome.stderr)")
        let calls = try String(contentsOfFile: received, encoding: .utf8).split(separator: "\n").map(String.init)
        let expected = "GENESIS CRITICAL tier.demoted BTCUSDT: Loss 15% $(touch \(pwned)) `touch \(pwned)`; \"quoted\" é"
        #expect(calls.count == 2, "\(calls)")
        #expect(calls.first == [expected, expected, expected].joined(separator: "|"))
        #expect(calls.last?.hasPrefix("GENESIS WARNING execution.market_impact: impact 0.6 %|") == true)
        #expect(!FileManager.default.fileExists(atPath: pwned))
        let record = try Store(path: db, origin: ["command": "tests"]).alertDeliveries()
        #expect(record.map(\.channel) == ["command", "command"] && record.allSatisfy { $0.status == "delivered" })
    }

    @Test func sendIsSilentWhenDeliveredAndSaysSoWhenNothingIsConfigured() async throws {
        let receiver = try await AlertReceiver()
        let directory = TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("genesis.db").path
        let configFile = directory.appendingPathComponent("genesis.yaml").path
        try "alert:\n  webhookFormat: telegram\n  telegramChatId: \"42\"\n".write(toFile: configFile, atomically: true, encoding: .utf8)
        let sent = try await TestSupport.onThread {
            try TestSupport.run("gen-alert", ["send", "--level", "CRITICAL", "--code", "health.failed", "GENESIS health exit 7", "--db", db, "--config", configFile],
                                environment: [AlertWebhook.variable: receiver.url])
        }
        #expect(sent.status == 0 && sent.stdout.isEmpty && sent.stderr.isEmpty, "\(sent)")
        #expect(receiver.received.value.first?.object["text"] as? String == "GENESIS CRITICAL health.failed: GENESIS health exit 7")
        #expect(receiver.received.value.first?.object["chat_id"] as? String == "42")
        let unconfigured = try await TestSupport.onThread {
            try TestSupport.run("gen-alert", ["send", "--code", "health.failed", "GENESIS health exit 7", "--db", db], environment: ["HOME": directory.path])
        }
        #expect(unconfigured.status == 4)
        #expect(unconfigured.stderr.contains("not delivered: GENESIS CRITICAL health.failed: GENESIS health exit 7"), "\(unconfigured.stderr)")
        let test = try await TestSupport.onThread {
            try TestSupport.run("gen-alert", ["test", "--db", db, "--config", configFile], environment: [AlertWebhook.variable: receiver.url])
        }
        #expect(test.status == 0, "\(test.stderr)")
        #expect(test.stdout.hasPrefix("webhook 127.0.0.1: OK: HTTP 200"), "\(test.stdout)")
        #expect(!test.stdout.contains("SECRET"))
    }
}
