import Foundation
import GRDB
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisCommandLine

/// Issue 12, escape 3 ("Edit the config"), tried again through the real
/// commands (DESIGN §1.3, §10): a key that would switch a rule off is
/// refused at load; a loosening of any protective key waits out the
/// cooling-off in gen-tilt, gen-risk and gen-exec alike, recorded as
/// events; tightening applies at once. The hour is made to pass by moving
/// the waiting loosening's time into the past, as an hour of wall clock
/// would (the cooling-off is measured on the wall clock only).
@Suite struct ConfigEscapeTests {
    let bench: CLIBench

    /// An account that has run once with the built-in defaults: the
    /// configuration it agreed to when calm, which later files are compared with.
    init() throws {
        bench = try CLIBench.withAccount()
        let calm = try bench.run("gen-tilt", ["status"])
        #expect(calm.status == 0, "\(calm.stderr)")
    }

    /// Writes `yaml` beside the database and returns `--config PATH`.
    func config(_ yaml: String, _ name: String = "genesis.yaml") throws -> [String] {
        let path = bench.directory.appendingPathComponent(name).path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return ["--config", path]
    }

    func events(_ prefix: String) throws -> [[String: String]] {
        try bench.withStore { store in
            try store.read { db in
                try Row.fetchAll(db, sql: "SELECT type, payload FROM events WHERE type LIKE ? ORDER BY seq", arguments: [prefix + "%"]).map { row in
                    var payload = (try? JSONDecoder().decode([String: String].self, from: Data((row["payload"] as String).utf8))) ?? [:]
                    payload["type"] = row["type"]
                    return payload
                }
            }
        }
    }

    /// What an hour of wall clock does: every waiting loosening is due.
    func letTheCoolingOffPass() throws {
        try bench.withStore { store in
            try store.write { try $0.execute(sql: "UPDATE limit_loosenings SET effective_at = ?", arguments: [Timestamp.now().milliseconds - 1]) }
        }
    }

    static func signal(_ id: String, orderType: String = "MARKET") -> String {
        let limit = orderType == "MARKET" ? "" : #","order_type":"\#(orderType)","limit_price":"40000""#
        return #"{"v":1,"type":"signal","ts":\#(Timestamp.now().milliseconds),"id":"\#(id)","strategy":"momentum_breakout","symbol":"BTCUSDT","side":"BUY","price":"40000","stop":"39000","reason":"test"\#(limit)}"#
    }

    func judge(_ signal: String, _ configuration: [String]) throws -> TestSupport.Outcome {
        try bench.run("gen-risk", ["--clock", "wall", "--no-sync"] + configuration, stdin: Data((signal + "\n").utf8))
    }

    /// Lines of `type` on stdout, decoded.
    func lines(_ outcome: TestSupport.Outcome, type: String) -> [[String: Any]] {
        outcome.stdout.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
            .filter { $0["type"] as? String == type }
    }

    // MARK: - Refused at load

    /// `tilt.decayMinutes: 0` would make every point fade the moment it is
    /// earned: the score switched off. Every command refuses the file.
    @Test func decayMinutesZeroIsRefusedAtLoadByEveryCommand() throws {
        let file = try config("tilt:\n  decayMinutes: 0\n")
        let expected = "configuration: tilt.decayMinutes: 0 is not allowed; use a whole number from 30 to 10080 minutes"
        let runs: [(String, [String])] = [
            ("gen-tilt", ["status"]), ("gen-tilt", ["evaluate"]), ("gen-risk", ["--clock", "wall"]), ("gen-risk", ["limits"]),
            ("gen-exec", ["--venue", "paper"]), ("gen-exec", ["halt", "--reason", "test", "--confirm", "HALT TRADING NOW"]),
        ]
        for (command, arguments) in runs {
            let outcome = try bench.run(command, arguments + file)
            #expect(outcome.status == 4, "\(command) \(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.contains(expected), "\(command) \(arguments): \(outcome.stderr)")
        }
        // Nothing was adopted, nothing halted.
        #expect(try events("config.").isEmpty && events("behaviour.config_change").isEmpty)
        #expect(try bench.withStore { try $0.tradingState().0 } == .active)
    }

    /// A negative iceberg slice count used to crash `SlicePlan`; now gen-exec
    /// and gen-risk stop with exit 4 naming the key and its range.
    @Test func aNegativeIcebergSliceCountIsExit4NotACrash() throws {
        let file = try config("execution:\n  icebergMinSlices: -3\n  icebergMaxSlices: -1\n")
        // (No input: the file is refused before a line is read, and a pipe
        // written after the command has gone would kill the test runner.)
        for command in ["gen-exec", "gen-risk"] {
            let outcome = try bench.run(command, (command == "gen-exec" ? ["--venue", "paper"] : ["--clock", "wall"]) + file)
            #expect(outcome.status == 4, "\(command): \(outcome.status) \(outcome.stderr)")
            #expect(outcome.stderr.contains("execution.icebergMaxSlices: -1 is not allowed; use a whole number from 1 to 100 slices"), "\(outcome.stderr)")
        }
        #expect(try bench.count("orders") == 0)
    }

    /// Emptying or shortening a confirmation phrase is refused outright.
    @Test func anEmptyOrShortPhraseIsRefusedAtLoad() throws {
        for yaml in ["execution:\n  haltPhrase: \"\"\n", "execution:\n  closeAllPhrase: \"ok\"\n", "demotion:\n  overridePhrase: \"\"\n",
                     "progression:\n  acceptPhrase: \"yes\"\n"] {
            let outcome = try bench.run("gen-exec", ["halt", "--reason", "test", "--confirm", ""] + config(yaml))
            #expect(outcome.status == 4, "\(yaml): \(outcome.stderr)")
            #expect(outcome.stderr.contains("use a phrase of at least 12 characters with no spaces at either end"), "\(outcome.stderr)")
        }
    }

    // MARK: - Loosening waits

    /// One file that adds LIMIT to SNIPER and changes the halt phrase: both
    /// wait in gen-risk and gen-exec (and every command says so on stderr)
    /// until the cooling-off has passed, then apply.
    @Test func aTiersOrderTypesAndTheHaltPhraseWaitInGenRiskAndGenExec() throws {
        let loose = try config("""
            tiers:
              sniper:
                orderTypes: [MARKET, LIMIT]
            execution:
              haltPhrase: "STOP ALL TRADING"
            """)
        // gen-risk: LIMIT is still locked at SNIPER.
        let refused = try judge(Self.signal("cfg-limit-1", orderType: "LIMIT"), loose)
        #expect(refused.status == 0, "\(refused.stderr)")
        #expect(lines(refused, type: "rejection").first?["rule"] as? String == "tier.order_type", "\(refused.stdout)")
        #expect(refused.stdout.contains("LIMIT orders are not unlocked at SNIPER"))
        #expect(refused.stderr.contains("tiers.sniper.orderTypes stays [MARKET] until"), "\(refused.stderr)")
        // gen-exec: the new phrase does not halt; the phrase in force is named.
        let halt = try bench.run("gen-exec", ["halt", "--reason", "news spike", "--confirm", "STOP ALL TRADING"] + loose)
        #expect(halt.status == 6, "\(halt.stderr)")
        #expect(halt.stderr.contains(#"type --confirm "HALT TRADING NOW" exactly to halt trading"#), "\(halt.stderr)")
        #expect(halt.stderr.contains("execution.haltPhrase stays HALT TRADING NOW until"), "\(halt.stderr)")
        let run = try bench.run("gen-exec", ["--venue", "paper"] + loose)
        #expect(run.status == 0 && run.stderr.contains("tiers.sniper.orderTypes stays [MARKET]"), "\(run.stderr)")
        let tilt = try bench.run("gen-tilt", ["status"] + loose)
        #expect(tilt.status == 0 && tilt.stderr.contains("execution.haltPhrase stays"), "\(tilt.stderr)")
        // Recorded once, with when each applies.
        let pending = try events("config.loosening_pending")
        #expect(Set(pending.compactMap { $0["key"] }) == ["tiers.sniper.orderTypes", "execution.haltPhrase"])
        #expect(pending.first { $0["key"] == "tiers.sniper.orderTypes" }?["from"] == "[MARKET]")
        #expect(pending.allSatisfy { $0["effective_at"].flatMap(Timestamp.init(parsing:)).map { $0 > Timestamp.now().adding(milliseconds: 55 * 60_000) } ?? false })
        #expect(try events("behaviour.config_change").count == 1)
        #expect(try bench.withStore { try $0.tradingState().0 } == .active)

        // An hour later the file applies, in both commands.
        try letTheCoolingOffPass()
        let approved = try judge(Self.signal("cfg-limit-2", orderType: "LIMIT"), loose)
        #expect(lines(approved, type: "order").first?["order_type"] as? String == "LIMIT", "\(approved.stdout) \(approved.stderr)")
        #expect(Set(try events("config.loosening_adopted").compactMap { $0["key"] }) == ["tiers.sniper.orderTypes", "execution.haltPhrase"])
        let halted = try bench.run("gen-exec", ["halt", "--reason", "news spike", "--confirm", "STOP ALL TRADING"] + loose)
        #expect(halted.status == 0, "\(halted.stderr)")
        #expect(try bench.withStore { try $0.tradingState().0 } == .halted)
    }

    /// Loosening the LOCKED threshold (80 → 95) and the first lockout
    /// (5 → 1 minute) with a tilt score of 90: gen-tilt still locks, for 5
    /// minutes, and gen-risk still refuses the entry.
    @Test func aLoosenedTiltThresholdAndLockoutWaitInGenTiltAndGenRisk() throws {
        let now = Timestamp.now()
        try bench.withStore { store in
            for index in 0..<9 { try store.recordBehaviour(kind: "override_attempt", detail: "tried to lift a halt \(index)", at: now) }
        }
        let loose = try config("tilt:\n  lockedAt: 95\n  lockoutMinutes: [1, 30, 1440]\n")
        let evaluated = try bench.run("gen-tilt", ["evaluate", "--json"] + loose)
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(evaluated.stdout.utf8)) as? [String: Any], "\(evaluated.stdout)")
        #expect(report["level"] as? String == "LOCKED", "\(evaluated.stdout)")
        let ends = try #require((report["lockout_ends_at"] as? String).flatMap(Timestamp.init(parsing:)), "\(evaluated.stdout)")
        // The 5-minute lockout in force, not the 1 minute asked for.
        #expect(ends.milliseconds - now.milliseconds > 4 * 60_000 && ends.milliseconds - now.milliseconds <= 6 * 60_000, "\(ends.iso8601)")
        #expect(evaluated.stderr.contains("tilt.lockedAt stays 80 until"), "\(evaluated.stderr)")
        #expect(evaluated.stderr.contains("tilt.lockoutMinutes stays [5, 30, 1440] until"), "\(evaluated.stderr)")
        // gen-risk judges with the same threshold: the entry is refused.
        let judged = try judge(Self.signal("cfg-tilt-1"), loose)
        #expect(lines(judged, type: "rejection").first?["rule"] as? String == "tilt.locked", "\(judged.stdout) \(judged.stderr)")
        #expect(Set(try events("config.loosening_pending").compactMap { $0["key"] }) == ["tilt.lockedAt", "tilt.lockoutMinutes"])
    }

    // MARK: - Tightening applies at once

    /// Lower tilt thresholds and a higher paper slippage apply on the very
    /// run that reads them, with nothing waiting; a lower slippage (the
    /// loosening) keeps the old one.
    @Test func tighteningAppliesAtOnceInEveryCommand() throws {
        let now = Timestamp.now()
        try bench.withStore { store in
            for index in 0..<5 { try store.recordBehaviour(kind: "override_attempt", detail: "tried to lift a halt \(index)", at: now) }
        }
        let tight = try config("tilt:\n  cautionAt: 20\n  warningAt: 40\n  lockedAt: 45\n")
        let status = try bench.run("gen-tilt", ["status", "--json"] + tight)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains(#""level":"LOCKED""#), "\(status.stdout)")
        let judged = try judge(Self.signal("cfg-tight-1"), tight)
        #expect(lines(judged, type: "rejection").first?["rule"] as? String == "tilt.locked", "\(judged.stdout)")
        #expect(try events("config.loosening").isEmpty)
        #expect(try bench.withStore { try $0.pendingLoosenings(session: Account.defaultSession) }.isEmpty)

        // gen-exec on paper: slippage 1 bp (looser) waits at 5; 50 bps (tighter) applies.
        func fillPrice(_ id: String, _ configuration: [String]) throws -> Decimal? {
            let order = CLIBench.orderTemplate.replacingOccurrences(of: "garbage-1", with: id).replacingOccurrences(of: #""s-1""#, with: #""\#(id)""#)
            try TestSupport.approve(orderLine: order, db: bench.db)
            // The next candle's open fills it; the one after falls through its stop and closes it.
            let fall = #"{"v":1,"type":"candle","ts":1704081600000,"symbol":"BTCUSDT","interval":"1h","open_time":1704078000000,"open":"40244.68","high":"40250","low":"38000","close":"38500","volume":"900"}"#
            let input = [CLIBench.goodCandles[0], order, CLIBench.goodCandles[1], CLIBench.goodCandles[2], fall].joined(separator: "\n") + "\n"
            let outcome = try bench.run("gen-exec", ["--venue", "paper"] + configuration, stdin: Data(input.utf8))
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let price = lines(outcome, type: "execution").first { $0["status"] as? String == "FILLED" }.flatMap { ($0["price"] as? String).flatMap(Decimal.parse) }
            #expect(price != nil, "\(outcome.stdout)")
            return price
        }
        let open = Decimal(string: "40016.84")! // the next candle's open, where paper fills
        let held = try #require(try fillPrice("cfg-slip-1", config("tilt:\n  cautionAt: 20\n  warningAt: 40\n  lockedAt: 45\npaper:\n  slippageBps: 1\n", "slip1.yaml")))
        #expect(held == (open * Decimal(string: "1.0005")!).rounded(scale: 2, .up), "\(held): 5 bps still in force, not 1")
        let tighter = try #require(try fillPrice("cfg-slip-2", config("tilt:\n  cautionAt: 20\n  warningAt: 40\n  lockedAt: 45\npaper:\n  slippageBps: 50\n", "slip50.yaml")))
        #expect(tighter == (open * Decimal(string: "1.005")!).rounded(scale: 2, .up), "\(tighter): 50 bps at once")
        #expect(try events("config.loosening_withdrawn").map { $0["key"] } == ["paper.slippageBps"])
    }
}
