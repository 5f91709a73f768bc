import Foundation
import GRDB
import Testing
@testable import Shared

/// SPEC §2–§4 through the real executables, on the data's clock: what a
/// backtest shows is what live trading would have done.
@Suite(.serialized) struct DisciplineScenarioTests {
    let directory = TestSupport.temporaryDirectory()
    var db: String { directory.appendingPathComponent("genesis.db").path }
    static let start = Timestamp(parsing: "2024-03-01T00:00:00Z")!
    static let hour: Int64 = 3_600_000

    /// Builds a replay: hourly candles of one symbol, with signals after some of them.
    struct Tape {
        var lines: [String] = []
        var symbol = "BTCUSDT"

        /// The candle that opens at `hour` (hours after the start).
        mutating func candle(_ hour: Int64, open: String, high: String, low: String, close: String, symbol: String? = nil) {
            let openTime = start.milliseconds + hour * DisciplineScenarioTests.hour
            lines.append(#"{"v":1,"type":"candle","ts":\#(openTime + DisciplineScenarioTests.hour),"symbol":"\#(symbol ?? self.symbol)","interval":"1h","open_time":\#(openTime),"open":"\#(open)","high":"\#(high)","low":"\#(low)","close":"\#(close)","volume":"10"}"#)
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
            try Store(path: db).writer.write { try $0.execute(sql: "UPDATE accounts SET tier = ? WHERE session = 'default'", arguments: [tier.rawValue]) }
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
        let events = try store.writer.read { try String.fetchAll($0, sql: "SELECT type FROM events WHERE type LIKE 'tier.%' ORDER BY seq") }
        #expect(events == ["tier.evaluated", "tier.promoted"])
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
        // A big BTC position, then a crash through its far stop.
        tape.candle(1, open: "100", high: "100", low: "100", close: "100")
        tape.buy(1, id: "btc-big", price: "100", stop: "60")
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
        #expect(try store.orderStatus(clientOrderID: ClientOrderID.derive(session: "default", origin: "eth-limit")) == "CANCELED")
        #expect(outcome.stdout.contains(#""code":"tier.demoted""#))
        #expect(outcome.stdout.contains("The account moves from HUNTER to SNIPER because today's loss of 824.78 is 16.5% of the day's starting balance 5000"))
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
}
