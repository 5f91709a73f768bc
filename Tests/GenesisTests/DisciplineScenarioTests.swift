import Foundation
import GRDB
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

/// DESIGN §2–§4 through the real executables, on the data's clock: what a
/// backtest shows is what live trading would have done.
@Suite(.serialized) struct DisciplineScenarioTests: TemporaryDatabase {
    let directory = TestSupport.temporaryDirectory()
    static let start = Timestamp(parsing: "2024-03-01T00:00:00Z")!
    static let hour: Int64 = 3_600_000

    /// Builds a replay: hourly candles of one symbol, with signals after some of them.
    struct Tape {
        var lines: [String] = []
        var symbol = "BTCUSDT"

        /// The candle that opens at `hour` (hours after the start).
        mutating func candle(_ hour: Int64, open: String, high: String, low: String, close: String, symbol: String? = nil) {
            let openTime = start.milliseconds + hour * DisciplineScenarioTests.hour
            lines.append(TestLines.candle(symbol: symbol ?? self.symbol, openTime: openTime, open: open, high: high, low: low, close: close))
        }

        /// A BUY signal at the close of the candle that opened at `hour`.
        mutating func buy(_ hour: Int64, id: String, price: String, stop: String, target: String? = nil, symbol: String? = nil, extra: String = "") {
            let ts = start.milliseconds + (hour + 1) * DisciplineScenarioTests.hour
            let targetField = target.map { #","target":"\#($0)""# } ?? ""
            lines.append(#"{"v":1,"type":"signal","ts":\#(ts),"id":"\#(id)","strategy":"momentum_breakout","symbol":"\#(symbol ?? self.symbol)","side":"BUY","price":"\#(price)","stop":"\#(stop)"\#(targetField)\#(extra)}"#)
        }

        var text: String { lines.joined(separator: "\n") + "\n" }
    }

    func account(balance: String, tier: Tier = .sniper) throws {
        #expect(try TestSupport.run("gen-risk", ["account", "init", "--balance", balance, "--db", db, "--at", String(Self.start.milliseconds)]).status == 0)
        if tier != .sniper {
            try Store(path: db).write { try $0.execute(sql: "UPDATE accounts SET tier = ? WHERE session = 'default'", arguments: [tier.rawValue]) }
        }
    }

    /// Runs the tape through gen-risk and gen-exec (paper), as a backtest does.
    func replay(_ tape: Tape, config: String? = nil) throws -> TestSupport.Outcome {
        let input = directory.appendingPathComponent("tape-\(UUID().uuidString).ndjson")
        try tape.text.write(to: input, atomically: true, encoding: .utf8)
        var flags = "--db '\(db)'"
        if let config {
            let file = directory.appendingPathComponent("genesis.yaml")
            try config.write(to: file, atomically: true, encoding: .utf8)
            flags += " --config '\(file.path)'"
        }
        return try TestSupport.shell("gen-risk \(flags) < '\(input.path)' | gen-exec \(flags)")
    }

    func at(_ hour: Int64, minutes: Int64 = 0) -> String { String(Self.start.milliseconds + hour * Self.hour + minutes * 60_000) }

    func lines(_ outcome: TestSupport.Outcome, containing text: String) -> [String] {
        outcome.stdout.split(separator: "\n").map(String.init).filter { $0.contains(text) }
    }

    @Test func aMonthOfGoodTradingPassesTheGatesAndPromotesOnlyAfterTheTypedConfirmation() throws {
        try account(balance: "2000")
        var tape = Tape()
        var hour: Int64 = 0
        var trade = 0
        // 31 days, four trades a day: four in five reach their target, one in five is stopped.
        for _ in 0..<31 {
            for _ in 0..<4 {
                tape.candle(hour, open: "100", high: "100.2", low: "99.8", close: "100")
                tape.buy(hour, id: "good-\(trade)", price: "100", stop: "99", target: "101")
                let wins = trade % 5 != 4
                tape.candle(hour + 1, open: "100", high: wins ? "101.5" : "100.2", low: wins ? "99.8" : "98.9", close: "100")
                hour += 6
                trade += 1
            }
        }
        let outcome = try replay(tape)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(lines(outcome, containing: #""status":"CLOSED""#).count == 124)
        let day31 = at(31 * 24 + 1)
        // Not before the typed confirmation, and not with a wrong one.
        let status = try TestSupport.run("gen-risk", ["tier", "evaluate", "--db", db, "--at", day31, "--json"])
        #expect(status.stdout.hasPrefix(#"{"tier":"SNIPER","target":"HUNTER","#) && status.stdout.contains(#""passed":true,"gates""#), "\(status.stdout)")
        #expect(!status.stdout.contains(#""passed":false"#))
        #expect(try Store(path: db).requireAccount().tier == .sniper)
        let wrong = try TestSupport.run("gen-risk", ["tier", "accept", "--confirm", "I understand", "--db", db, "--at", day31])
        #expect(wrong.status == 6)
        #expect(wrong.stderr.contains("typed exactly"))
        #expect(try Store(path: db).requireAccount().tier == .sniper)
        let accepted = try TestSupport.run("gen-risk", ["tier", "accept", "--confirm", "I understand the responsibilities", "--db", db, "--at", day31])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        let store = try Store(path: db)
        #expect(try store.requireAccount().tier == .hunter)
        #expect(try store.tierState().adjustment?.endsAt == Timestamp(milliseconds: Int64(day31)!).adding(milliseconds: 48 * Self.hour))
        let events = try store.read { try String.fetchAll($0, sql: "SELECT type FROM events WHERE type LIKE 'tier.%' ORDER BY seq") }
        #expect(events == ["tier.evaluated", "tier.promoted"])
        // The tax report's realised P&L (FIFO lots, fees in cost and proceeds) equals the summary's net P&L.
        let summary = try TestSupport.run("gen-report", ["summary", "--json", "--db", db])
        let net = try #require(summary.stdout.firstMatch(of: /"net_pnl":"(-?[0-9.]+)"/)?.1)
        let tax = try TestSupport.run("gen-report", ["tax", "--year", "2024", "--csv", "--db", db])
        #expect(tax.status == 0, "\(tax.stderr)")
        let realized = tax.stdout.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst(11).first }
            .compactMap { Decimal(string: String($0)) }.reduce(0, +)
        #expect(realized == Decimal(string: String(net))!)
        #expect(tax.stdout.split(separator: "\n").count == 1 + 124 * 2)
        // The reports over the same month: the daily curve, the metrics from it, breakdowns and the HTML page.
        let equity = try TestSupport.run("gen-report", ["equity", "--csv", "--db", db])
        let days = equity.stdout.split(separator: "\n")
        #expect(days.first == "date,equity,daily_return")
        // The curve runs over the replayed days: from the account's opening day (its baseline: 2000) to the last data day.
        #expect(days.dropFirst().first?.hasPrefix("2024-03-01,") == true, "\(days.prefix(3))")
        #expect(days.last?.hasPrefix("2024-03-31,") == true)
        let report = try TestSupport.run("gen-report", ["summary", "--db", db])
        #expect(report.stdout.contains("Sharpe") && report.stdout.contains("Sortino") && report.stdout.contains("longest streaks"), "\(report.stdout)")
        let byMonth = try TestSupport.run("gen-report", ["breakdown", "--by", "month", "--csv", "--db", db])
        #expect(byMonth.stdout.hasPrefix("month,trades,win_rate,net_pnl,profit_factor,expectancy\n2024-03,124,80.65%,"), "\(byMonth.stdout)")
        let html = try TestSupport.run("gen-report", ["html", "--db", db])
        #expect(html.status == 0)
        #expect(html.stdout.components(separatedBy: "<svg ").count == 4)           // equity, drawdown, and the guarded and unguarded equity of "What discipline did"
        #expect(html.stdout.contains("<polyline points=") && !html.stdout.contains("<script"))
        // The evaluation is idempotent for the day.
        let again = try TestSupport.run("gen-risk", ["tier", "evaluate", "--db", db, "--at", day31])
        #expect(again.stderr.contains("already evaluated today"))
    }

    @Test func aFifteenPercentDailyLossDemotesCancelsOrdersAndAppliesEmergencyLimits() throws {
        try account(balance: "5000", tier: .hunter)
        var tape = Tape()
        // A resting limit order on ETH, far below the market: the demotion cancels it.
        tape.candle(0, open: "2000", high: "2001", low: "1999", close: "2000", symbol: "ETHUSDT")
        tape.buy(0, id: "eth-limit", price: "2000", stop: "1500", symbol: "ETHUSDT", extra: #","order_type":"LIMIT","limit_price":"1600""#)
        tape.candle(1, open: "2000", high: "2001", low: "1999", close: "2000", symbol: "ETHUSDT")
        // A big BTC position with a 2% stop (its loss at the stop fits the
        // drawdown budget), then a crash that opens far through the stop.
        tape.candle(1, open: "100", high: "100", low: "100", close: "100")
        tape.buy(1, id: "btc-big", price: "100", stop: "98")
        tape.candle(2, open: "100", high: "100", low: "99", close: "99")
        tape.candle(3, open: "59", high: "66", low: "55", close: "65")
        // The same day, a new signal meets the emergency.
        tape.candle(4, open: "65", high: "66", low: "64", close: "65")
        tape.buy(4, id: "btc-after", price: "65", stop: "60")
        tape.candle(5, open: "65", high: "66", low: "64", close: "65")
        let outcome = try replay(tape, config: "risk:\n  positionFraction: 0.4\n")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let store = try Store(path: db)
        #expect(try store.requireAccount().tier == .sniper)
        #expect(try store.orderStatus(clientOrderID: ClientOrderID.derive(session: "default", origin: "eth-limit")) == .canceled)
        #expect(outcome.stdout.contains(#""code":"tier.demoted""#))
        #expect(outcome.stdout.contains("The account moves from HUNTER to SNIPER after a daily loss of 824.78, 16.5% of the day's starting balance 5000"))
        #expect(lines(outcome, containing: #""signal_id":"btc-after""#).first?.contains(#""rule":"trading_state""#) == true)
        let state = try store.tierState()
        #expect(state.emergencyAt != nil && state.journalRequired)
        // The trader's account is halted until a resume after the cooldown.
        #expect(try store.tradingState().0 == .halted)
        #expect(try store.tradingState().1.hasPrefix("emergency"))
        // Emergency limits: after the cooldown and a journal entry, positions start at $10 that day and ramp back.
        let limits = try TestSupport.run("gen-risk", ["limits", "--db", db, "--at", at(6)])
        #expect(limits.stdout.contains("emergency limits until the end of the UTC day"), "\(limits.stdout)")
    }

    /// Seven BTC losses 13 hours apart (never three stops within a day), an
    /// ETH position held meanwhile with a far stop.
    func losingStreak() -> (Tape, lockedAt: Int64) {
        var tape = Tape()
        tape.candle(0, open: "2000", high: "2001", low: "1999", close: "2000", symbol: "ETHUSDT")
        tape.buy(0, id: "eth-held", price: "2000", stop: "1800", symbol: "ETHUSDT")
        tape.candle(1, open: "2000", high: "2001", low: "1999", close: "2000", symbol: "ETHUSDT")
        var hour: Int64 = 1
        for index in 0..<7 {
            tape.candle(hour, open: "100", high: "100.2", low: "99.8", close: "100")
            tape.buy(hour, id: "loss-\(index)", price: "100", stop: "98")
            tape.candle(hour + 1, open: "100", high: "100.2", low: "97", close: "97.5") // filled at the open, stopped in the candle
            hour += 13
        }
        // Right after the seventh loss a new entry is refused; then ETH falls through its stop.
        let lockedAt = hour - 12
        tape.buy(lockedAt, id: "btc-locked", price: "97.5", stop: "95")
        tape.candle(lockedAt + 1, open: "2000", high: "2001", low: "1790", close: "1795", symbol: "ETHUSDT")
        tape.candle(lockedAt + 1, open: "97.5", high: "98", low: "97", close: "97.5")
        tape.buy(lockedAt + 1, id: "btc-still-locked", price: "97.5", stop: "95")
        return (tape, lockedAt)
    }

    @Test func aLosingStreakLocksEntriesButLetsAStopLossExitThrough() throws {
        try account(balance: "5000", tier: .hunter)
        let (tape, lockedAt) = losingStreak()
        let outcome = try replay(tape)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(lines(outcome, containing: #""exit_reason":"STOP_LOSS""#).filter { $0.contains("BTCUSDT") }.count == 7)
        let locked = lines(outcome, containing: #""signal_id":"btc-locked""#).first ?? ""
        #expect(locked.contains(#""rule":"tilt.locked""#), "\(locked)")
        #expect(locked.contains("exits still go through"))
        // The ETH stop-loss, after the lock, went through.
        let eth = lines(outcome, containing: #""symbol":"ETHUSDT","side":"LONG","status":"CLOSED""#).first ?? ""
        #expect(eth.contains(#""exit_reason":"STOP_LOSS""#), "\(outcome.stdout)")
        #expect(lines(outcome, containing: #""signal_id":"btc-still-locked""#).first?.contains("tilt.locked") == true)
        // A tilt score of 80 while trading also demotes (DESIGN §2).
        #expect(outcome.stdout.contains("The account moves from HUNTER to SNIPER after a tilt score of"))
        // Persisted: a new process (or machine) sees the lock, its escalation and what lifts it.
        let status = try TestSupport.run("gen-tilt", ["status", "--db", db, "--json", "--at", at(lockedAt + 3)])
        #expect(status.stdout.contains(#""locked":true"#), "\(status.stdout)")
        #expect(status.stdout.contains("gen-tilt journal"))
        // The reports show it: results by the level in force at each close, and the audit trail.
        let tiltReport = try TestSupport.run("gen-report", ["tilt", "--db", db])
        #expect(tiltReport.stdout.contains("lockouts 1;"), "\(tiltReport.stdout)")
        #expect(tiltReport.stdout.contains("LOCKED  "))
        let audit = try TestSupport.run("gen-report", ["audit", "--type", "tilt.", "--json", "--db", db])
        #expect(audit.stdout.split(separator: "\n").map { $0.contains(#""type":"tilt."#) }.allSatisfy { $0 } && audit.stdout.contains("tilt.locked"))
        let tiers = try TestSupport.run("gen-report", ["tiers", "--db", db])
        #expect(tiers.stdout.contains("tier.demoted") && tiers.stdout.contains(#""trigger":"tilt""#))
        let lockouts = try Store(path: db).read { try Row.fetchAll($0, sql: "SELECT escalation, ends_at - started_at AS length FROM lockouts") }
        #expect(lockouts.count == 1)
        #expect(lockouts.first?["escalation"] == 1)
        #expect(lockouts.first?["length"] == 5 * 60_000)
    }

    @Test func aJournalAfterTheLockoutUnlocksAtHalfSizeForOneHour() throws {
        try account(balance: "5000", tier: .hunter)
        let (tape, lockedAt) = losingStreak()
        #expect(try replay(tape).status == 0)
        let journal = directory.appendingPathComponent("journal.txt")
        try JournalCheckTests.prose(480, seed: 7).write(to: journal, atomically: true, encoding: .utf8)
        let trigger = JournalCheckTests.prose(30, seed: 8), plan = JournalCheckTests.prose(30, seed: 9)
        // Too short: refused, still locked.
        let short = try TestSupport.run("gen-tilt", ["journal", "--db", db, "--at", at(lockedAt + 3), "--trigger", trigger, "--plan", plan],
                                        stdin: Data("I was unlucky.".utf8))
        #expect(short.status == 6)
        #expect(short.stderr.contains("words"))
        // Long enough, after the five-minute lockout (the next morning, once the
        // day's loss limit has reset): the lock lifts into the recovery hour.
        let unlockAt = lockedAt + 17
        let written = try TestSupport.run("gen-tilt", ["journal", "--db", db, "--at", at(unlockAt), "--trigger", trigger, "--plan", plan, "--file", journal.path])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("the lock is lifted"))
        // The same entry again is a copy.
        let copy = try TestSupport.run("gen-tilt", ["journal", "--db", db, "--at", at(unlockAt), "--trigger", trigger, "--plan", plan, "--file", journal.path])
        #expect(copy.status == 6)
        let during = try TestSupport.run("gen-risk", ["limits", "--db", db, "--at", at(unlockAt, minutes: 59)])
        #expect(during.stdout.contains("the recovery hour after an unlock"), "\(during.stdout)")
        let after = try TestSupport.run("gen-risk", ["limits", "--db", db, "--at", at(unlockAt, minutes: 61)])
        #expect(!after.stdout.contains("the recovery hour"))
        // A signal in the recovery hour is sized at half of what it is an hour later.
        var tape2 = Tape()
        tape2.candle(unlockAt - 1, open: "97.5", high: "98", low: "97", close: "97.5")
        tape2.buy(unlockAt - 1, id: "recovery", price: "100", stop: "95")
        let recovery = try replay(tape2)
        let id = ClientOrderID.derive(session: "default", origin: "recovery")
        #expect(!lines(recovery, containing: #""client_order_id":"\#(id)""#).isEmpty, "\(recovery.stdout)")
        #expect(try Store(path: db).orderStatus(clientOrderID: id) == .new)
        let limitsNow = try TestSupport.run("gen-risk", ["limits", "--db", db, "--at", at(unlockAt), "--json"])
        #expect(limitsNow.stdout.contains(#""why":"the recovery hour after an unlock"#))
    }
}

/// DESIGN §7/issue 5: a backtest never trades on a price it could not have had.
@Suite(.serialized) struct NoLookAheadTests {
    @Test func aSignalOnACandleFillsOnlyAtALaterPrice() throws {
        let bench = try CLIBench.withAccount(at: "2024-03-01")
        var tape = DisciplineScenarioTests.Tape()
        // The signal comes at the close of candle 0, whose low (90) was far better than anything after it.
        tape.candle(0, open: "100", high: "101", low: "90", close: "100")
        tape.buy(0, id: "no-peek", price: "100", stop: "95")
        tape.candle(1, open: "102", high: "103", low: "101.5", close: "102.5")
        let input = bench.directory.appendingPathComponent("tape.ndjson")
        try tape.text.write(to: input, atomically: true, encoding: .utf8)
        let outcome = try TestSupport.shell("gen-risk --db '\(bench.db)' < '\(input.path)' | gen-exec --db '\(bench.db)'")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let fill = outcome.stdout.split(separator: "\n").first { $0.contains(#""status":"FILLED""#) } ?? ""
        // The next candle's open (102) with 5 bps of slippage, rounded up to the tick, at that candle's open time.
        #expect(fill.contains(#""price":"102.06""#), "\(outcome.stdout)")
        #expect(fill.contains(#""ts":\#(DisciplineScenarioTests.start.milliseconds + DisciplineScenarioTests.hour)"#))
    }
}
