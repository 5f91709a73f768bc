import Foundation
import GRDB
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisBinance
@testable import GenesisExchange

/// DESIGN §10: the ways a tilted trader (or a careless script) stepped
/// around the rules on the live account, each tried again through the real
/// commands against gen-sim and shown refused, with the exit code and the
/// message the trader sees. (The configuration's escapes are in
/// ConfigEscapeTests, the record's in VerifyTests, the tilt detector's in
/// TiltEscapeTests.)
@Suite(.serialized) struct EscapeTests: TemporaryDatabase {
    let directory = TestSupport.temporaryDirectory()

    func prepare(_ path: String? = nil) throws {
        let created = try TestSupport.run("gen-risk", ["account", "init", "--balance", "500", "--db", path ?? db])
        #expect(created.status == 0, "\(created.stderr)")
    }

    func gen(_ command: String, _ arguments: [String], stdin: String = "", environment: [String: String] = SimProcess.environment) throws -> TestSupport.Outcome {
        try TestSupport.run(command, arguments, stdin: Data(stdin.utf8), environment: environment)
    }

    /// The first exchange command binds the database to the simulator's account: it is now the live account.
    func bind(_ sim: SimProcess, _ path: String? = nil) throws {
        let bound = try gen("gen-exec", ["reconcile", "--venue", sim.base, "--db", path ?? db])
        #expect(bound.status == 0, "\(bound.stderr)")
    }

    // 1. A fresh session is a fresh start.
    @Test func aNamedSessionIsRefusedOnEveryExchangeCommand() async throws {
        try prepare()
        let sim = try SimProcess()
        let commands: [[String]] = [["run"], ["reconcile"], ["cancel-all"], ["close-all", "--confirm", "CLOSE ALL POSITIONS"], ["watch"]]
        for command in commands {
            let outcome = try gen("gen-exec", command + ["--venue", sim.base, "--session", "fresh-start", "--db", db])
            #expect(outcome.status == 6, "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.contains("session 'fresh-start' is a backtest or paper portfolio"), "\(command): \(outcome.stderr)")
        }
        #expect(try await sim.allOrders().isEmpty)
        // On paper a session is what it is for.
        #expect(try gen("gen-exec", ["--venue", "paper", "--session", "fresh-start", "--db", db]).status == 0)
    }

    @Test func paperNeverBooksIntoTheLiveAccount() throws {
        try prepare()
        let sim = try SimProcess()
        try bind(sim)
        // A paper fill in the live account would be a profit it never made (and a gate passed on it).
        let paper = try gen("gen-exec", ["--venue", "paper", "--db", db])
        #expect(paper.status == 6 && paper.stderr.contains("is the live account"), "\(paper.stderr)")
        let closeAll = try gen("gen-exec", ["close-all", "--confirm", "CLOSE ALL POSITIONS", "--db", db])
        #expect(closeAll.status == 6, "\(closeAll.stderr)")
        #expect(try gen("gen-exec", ["--venue", "paper", "--session", "practice", "--db", db]).status == 0)
    }

    @Test func aSecondDatabaseCannotTradeTheSameExchangeAccount() throws {
        let other = directory.appendingPathComponent("fresh.db").path
        try prepare()
        try prepare(other)
        let sim = try SimProcess()
        try bind(sim)
        let second = try gen("gen-exec", ["reconcile", "--venue", sim.base, "--db", other])
        #expect(second.status == 7, "\(second.stderr)")
        #expect(second.stderr.contains("is already traded by the database \(URL(fileURLWithPath: db).resolvingSymlinksInPath().path)"), "\(second.stderr)")
        #expect(try Store(path: other).liveAccount() == nil)
        // The first database goes on as before, bound to the account's uid.
        try bind(sim)
        #expect(try Store(path: db).liveAccount()?.exchangeAccount.hasPrefix("uid:") == true)
    }

    // 2. Time travel.
    @Test func aSignalDatedTomorrowIsNeverSent() async throws {
        try prepare()
        let sim = try SimProcess()
        try bind(sim)
        let tomorrow = (Timestamp.now().milliseconds / Timestamp.millisecondsPerDay + 1) * Timestamp.millisecondsPerDay + 60_000
        let signal = #"{"v":1,"type":"signal","ts":\#(tomorrow),"id":"tomorrow-1","strategy":"momentum_breakout","symbol":"BTCUSDT","side":"BUY","price":"40000","stop":"39000"}"#
        // The live account is judged on the wall clock, whatever gen-risk is told.
        let data = try gen("gen-risk", ["--clock", "data", "--db", db], stdin: signal + "\n")
        #expect(data.status == 6 && data.stderr.contains("judged on the wall clock only"), "\(data.stderr)")
        let judged = try gen("gen-risk", ["--db", db], stdin: signal + "\n")
        #expect(judged.status == 0, "\(judged.stderr)")
        let sent = try gen("gen-exec", ["--venue", sim.base, "--db", db], stdin: judged.stdout)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains(#""rule":"execution.live_clock""#), "\(sent.stdout)")
        #expect(sent.stdout.contains("from the exchange's time"), "\(sent.stdout)")
        // An order judged on a replay's clock is refused too, however it is stamped.
        let replayed = TestLines.order("gen-replayed", ts: Timestamp.now().milliseconds, quantity: "0.0005", stop: "39000")
        try TestSupport.approve(orderLine: replayed, db: db, clock: .data)
        let refused = try gen("gen-exec", ["--venue", sim.base, "--db", db], stdin: replayed + "\n")
        #expect(refused.stdout.contains("was judged on the data clock"), "\(refused.stdout)")
        #expect(try await sim.allOrders().isEmpty)
        // The same order judged live goes through.
        let live = TestLines.order("gen-live-now", ts: Timestamp.now().milliseconds, quantity: "0.0005", stop: "39000")
        try TestSupport.approve(orderLine: live, db: db)
        #expect(try gen("gen-exec", ["--venue", sim.base, "--db", db], stdin: live + "\n").stdout.contains(#""status":"FILLED""#))
    }

    @Test func theLiveClockIsTheExchangesCarriedByTheMonotonicClock() throws {
        let store = try TestSupport.makeStore()
        #expect(try store.liveClock() is WallClock) // nothing measured yet
        // A measurement taken when the exchange said 2020-01-01: however the
        // machine's date is set afterwards, the live account's clock runs on
        // from there (here the machine says 2026, and it is ignored).
        let measured = Timestamp(parsing: "2020-01-01T00:00:00Z")!
        try store.recordClockOffset(venue: "binance", offsetMs: 250, at: measured)
        let now = try store.liveClock().now()
        #expect(now.milliseconds - measured.milliseconds >= 250 && now.milliseconds - measured.milliseconds < 250 + 5_000, "\(now.iso8601)")
    }

    @Test func atCannotMoveTheLiveAccountsClock() throws {
        try prepare()
        let sim = try SimProcess()
        // Before the exchange binds it, the database is a backtest's: --at is the point there.
        #expect(try gen("gen-tilt", ["evaluate", "--at", "2030-01-01", "--db", db]).status == 0)
        try bind(sim)
        let attempts: [(String, [String])] = [
            ("gen-risk", ["tier", "override", "--confirm", "OVERRIDE EMERGENCY HALT", "--reason", "closing a hedge by hand", "--at", "2030-01-01T23:55:00Z"]),
            ("gen-risk", ["tier", "accept", "--confirm", "I understand the responsibilities", "--at", "2031-01-01"]),
            ("gen-risk", ["tier", "evaluate", "--at", "2031-01-01"]),
            ("gen-risk", ["tier", "demote", "--reason", "testing the clock", "--at", "2031-01-01"]),
            ("gen-tilt", ["evaluate", "--at", "2031-01-01"]),
            ("gen-tilt", ["journal", "--trigger", "a stop", "--plan", "wait", "--at", "2031-01-01"]),
        ]
        for (command, arguments) in attempts {
            let outcome = try gen(command, arguments + ["--db", db], stdin: "text")
            #expect(outcome.status == 6, "\(command) \(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.contains("--at 20"), "\(command) \(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.contains("never at another time"), "\(command) \(arguments): \(outcome.stderr)")
        }
        // Looking is not changing: status and limits still take --at.
        #expect(try gen("gen-risk", ["tier", "status", "--at", "2031-01-01", "--db", db]).status == 0)
        #expect(try gen("gen-risk", ["limits", "--at", "2031-01-01", "--db", db]).status == 0)
    }

    // 4. Re-halt to skip the cooldown.
    @Test func noHaltOrResumeShortensAnEmergency() throws {
        try prepare()
        try Store(path: db).halt(.emergency, reason: "emergency: daily loss 18%", by: "gen-exec watch", at: .now())
        let halt = try gen("gen-exec", ["halt", "--reason", "something else", "--confirm", "HALT TRADING NOW", "--db", db])
        #expect(halt.status == 7 && halt.stderr.contains("already HALTED (emergency: daily loss 18%)"), "\(halt.stderr)")
        let resume = try gen("gen-exec", ["resume", "--db", db])
        #expect(resume.status == 6 && resume.stderr.contains("an emergency halt holds until"), "\(resume.stderr)")
        #expect(try Store(path: db).haltCause() == .emergency)
        let health = try gen("gen-report", ["health", "--db", db])
        #expect(health.status == 6, "\(health.stdout)")
    }

    @Test func resumeCannotLiftAReconciliationHalt() throws {
        try prepare()
        try Store(path: db).halt(.reconciliation, reason: "reconciliation: trade 3 on BTCUSDT", by: "gen-exec", at: .now())
        #expect(try gen("gen-exec", ["halt", "--reason", "mine", "--confirm", "HALT TRADING NOW", "--db", db]).status == 7)
        let resume = try gen("gen-exec", ["resume", "--db", db])
        #expect(resume.status == 7 && resume.stderr.contains("a reconcile that finds everything explained lifts it"), "\(resume.stderr)")
        #expect(try Store(path: db).haltCause() == .reconciliation)
    }

    // 6. Send the live keys elsewhere.
    @Test func liveKeysGoOnlyToBinancesOwnHosts() throws {
        try prepare()
        let sim = try SimProcess()
        // The live account's keys, even the very ones the simulator knows, are not sent to it.
        let live = ["BINANCE_API_KEY": SimProcess.key, "BINANCE_API_SECRET": SimProcess.secret]
        let outcome = try gen("gen-exec", ["reconcile", "--venue", sim.base, "--db", db], environment: live)
        #expect(outcome.status == 4, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("no simulator credentials: set GENESIS_SIM_API_KEY"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("BINANCE_* keys are never sent"), "\(outcome.stderr)")
        #expect(try Store(path: db).liveAccount() == nil)
        // Plain http leaves this machine for nobody.
        let remote = try gen("gen-exec", ["reconcile", "--venue", "http://203.0.113.5:8765", "--db", db], environment: live)
        #expect(remote.status == 2 && remote.stderr.contains("http://203.0.113.5:8765"), "\(remote.stderr)")
        // No secret on a command line (ps shows it to every user).
        let sim2 = try gen("gen-sim", ["--port", "0", "--key", "demo=demo-secret"])
        #expect(sim2.status == 2 && sim2.stderr.contains("--key is refused"), "\(sim2.stderr)")
        #expect(Credentials.Scope(restBase: "https://api.binance.com") == .live)
        #expect(Credentials.Scope(restBase: "https://testnet.binance.vision") == .testnet)
        #expect(Credentials.Scope(restBase: "https://api.binance.com.example.org") == .simulator)
        #expect(Credentials.Scope(restBase: sim.base) == .simulator)
        #expect(throws: Credentials.Problem.missingFor(.testnet)) { try Credentials.load(.testnet, environment: live) }
    }

    // 7. A halt disables the stop-loss.
    @Test(arguments: [HaltCause.manual, .reconciliation])
    func aWatcherUnderAHaltStillSellsACrossedStop(_ cause: HaltCause) async throws {
        try prepare()
        try Store(path: db).write { try $0.execute(sql: "UPDATE accounts SET tier = 'HUNTER' WHERE session = 'default'") }
        let config = directory.appendingPathComponent("genesis.yaml").path
        try "watcher:\n  heartbeatSeconds: 1\n  stallSeconds: 3\n  reconnectDelaysMs: [100, 200]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let sim = try SimProcess(["--symbols", "BTCUSDT"])
        let entry = TestLines.order("gen-halted-stop", ts: Timestamp.now().milliseconds, quantity: "0.001", stop: "39000", target: "42000")
        try TestSupport.approve(orderLine: entry, db: db)
        #expect(try gen("gen-exec", ["--venue", sim.base, "--db", db], stdin: entry + "\n").status == 0)
        #expect(try Store(path: db).openPositions(session: "default").count == 1)
        if cause == .manual {
            #expect(try gen("gen-exec", ["halt", "--reason", "lunch", "--confirm", "HALT TRADING NOW", "--db", db]).status == 0)
        } else {
            // A trade made behind GENESIS's back: the watcher's reconciliation halts trading.
            try await sim.tradeOutsideGenesis()
        }
        let watcher = try WatcherProcess(sim: sim, db: db, config: config, directory: directory)
        #expect(try await eventually { try Store(path: db).heartbeat()?.streamConnected == true }, "\(watcher.diagnostics)")
        #expect(try await eventually { try Store(path: db).haltCause() == cause }, "\(watcher.diagnostics)")
        try await sim.setPrice("38900")
        #expect(try await eventually { try Store(path: db).openPositions(session: "default").isEmpty }, "\(watcher.diagnostics)")
        #expect(try Store(path: db).rowCount("orders WHERE purpose = 'STOP_LOSS' AND status = 'REJECTED'") == 0)
        #expect(try Store(path: db).tradingState().0 == .halted) // the halt still stands for new risk
        #expect(watcher.terminate() == 0)
    }
}

/// Exits are never abandoned (DESIGN §10): an exit the exchange refused is
/// tried again, after a growing pause, for as long as the position is open;
/// meanwhile health says the position is not protected.
@Suite(.serialized) struct ExitRetryTests {
    @Test func aRefusedStopIsRetriedWithBackoffLongAfterFiveAttempts() async throws {
        let sim = try await LocalSim(price: 40000)
        let http = AsyncHTTPClientBox()
        let store = try TestSupport.makeStore(balance: 5000, openedAt: .now())
        let gateway = sim.gateway(state: store, http: http)
        let clock = ManualClock(.now())
        let (health, waited, sold) = try await TestSupport.onThread { () throws -> (HealthReport, [VenueOutput], [VenueOutput]) in
            let venue = try ExchangeVenue(name: "sim", gateway: gateway, ledger: store, session: "default", logger: .init(label: "test"), clock: clock, pause: { _ in })
            let entry = OrderIntent(clientOrderID: "gen-retry-entry", ts: clock.now(), session: "default", signalID: "sig-retry", strategy: "momentum_breakout",
                                    symbol: "BTCUSDT", side: .buy, purpose: .entry, quantity: Decimal(string: "0.001")!, referencePrice: 40000, stop: 39000, target: nil)
            _ = try venue.submit(entry)
            // No stop on the exchange (as when it refused the protection): the watcher's exits guard the position.
            _ = try venue.unprotect("BTCUSDT")
            let position = try #require(try store.openPositions(session: "default").first)
            // Seven attempts at the stop were refused (more than any old cap of five).
            let stop = PositionBook(session: "default", account: try store.loadAccount(session: "default"), positions: [position])
                .exitOrder(for: position, purpose: .stopLoss, reference: 39000, time: clock.now())
            for attempt in 1...7 {
                var order = stop
                order.clientOrderID = ClientOrderID.derive(session: "default", origin: "\(stop.clientOrderID):exit", slice: attempt)
                try store.recordRejected(order, venue: "sim", rejection: Rejection(.exchangeRejected, "sim refused"), at: clock.now())
            }
            let health = HealthReport(inputs: try store.healthInputs(), now: clock.now())
            // The next attempt waits out its pause (64 s doubling, capped at a minute) …
            let waited = try venue.onBook(symbol: "BTCUSDT", time: clock.now(), bid: 38900, ask: 38901)
            clock.advance(seconds: 61)
            // … and then sells.
            let sold = try venue.onBook(symbol: "BTCUSDT", time: clock.now(), bid: 38900, ask: 38901)
            return (health, waited, sold)
        }
        #expect(health.exitStatus == ExitStatus.stateConflict)
        #expect(health.problems.contains { $0.message.contains("BTCUSDT (default) is NOT protected: its stop_loss sell ended REJECTED (exchange.rejected)") })
        #expect(waited.isEmpty)
        #expect(sold.contains { if case .filled = $0 { true } else { false } })
        #expect(try store.openPositions(session: "default").isEmpty)
        #expect(try store.healthInputs().failedExits.isEmpty)
        #expect(ExchangeVenue.exitRetryDelayMs(before: 2) == 1000 && ExchangeVenue.exitRetryDelayMs(before: 5) == 8000)
        #expect(ExchangeVenue.exitRetryDelayMs(before: 50) == ExchangeVenue.exitRetryMaxMs)
        await http.shutdown()
    }
}
