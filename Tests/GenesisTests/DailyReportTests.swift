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

/// `gen-report daily` over a real paper replay of the committed January 2024
/// hours (Tests/Fixtures/BTCUSDT-1h-2024.zip): its figures are those of the
/// reports it is built from, for the day asked and no other.
@Suite(.serialized) struct DailyReportTests {
    /// The replayed bench, built once for the suite (the tests only read it,
    /// apart from the alerts test's own events on a day without trades).
    static let database: Result<String, any Error> = Result {
        // Kept for the process's life: the suite's tests read it after this returns.
        let bench = PipelineBench()
        retained.set(bench)
        try bench.initialiseAccount(balance: "500")
        let imported = try bench.run("gen-fetch", ["import", TestSupport.fixture("BTCUSDT-1h-2024.zip")])
        guard imported.status == 0 else { throw GenesisError.internalError("gen-fetch import: \(imported.stderr)") }
        let run = try bench.pipeline(replay: "gen-fetch replay BTCUSDT --interval 1h --from 2024-01-01 --to 2024-02-01",
                                     risk: "gen-risk --session jan", exec: "gen-exec --venue paper --session jan")
        for stage in ["fetch", "signal", "risk", "exec"] where run.rc[stage] != 0 {
            throw GenesisError.internalError("\(stage) exited \(run.rc[stage].map(String.init) ?? "?"): \(run.stderr[stage] ?? "")")
        }
        return bench.db
    }
    static let retained = Locked<PipelineBench?>(nil)

    /// Runs a command on the replayed database.
    static func run(_ command: String, _ arguments: [String]) throws -> TestSupport.Outcome {
        try TestSupport.run(command, arguments + ["--db", try database.get()])
    }

    func daily(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let outcome = try Self.run("gen-report", ["daily", "--session", "jan", "--json"] + arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)", sourceLocation: sourceLocation)
        return try PipelineBench.object(outcome.stdout)
    }

    /// The days of `summary --by day`, by date.
    func summaryDays() throws -> [String: [String: Any]] {
        let outcome = try Self.run("gen-report", ["summary", "--by", "day", "--json", "--session", "jan"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["period"] as! String, $0) })
    }

    @Test func aDayWithTradesShowsThoseTradesAndTheSummaryRowOfThatDay() throws {
        let days = try summaryDays()
        let traded = days.filter { ($0.value["trades"] as? Int ?? 0) > 0 }.keys.sorted()
        try #require(traded.count >= 2, "the replay must close trades on several days: \(days.keys.sorted())")
        for day in traded.prefix(3) {
            let report = try daily(["--day", day])
            let row = try #require(days[day])
            #expect(report["day"] as? String == day)
            #expect(report["as_of"] as? String == "\(day)T23:59:59.999Z")
            // P&L: dollars (the trades and the equity), then percent, all the summary's.
            #expect(try PipelineBench.decimal(report["net_pnl"]) == PipelineBench.decimal(row["net_pnl"]))
            #expect(try PipelineBench.decimal(report["equity_change"]) == PipelineBench.decimal(row["equity_change"]))
            #expect(report["return_pct"] as? String == row["return_pct"] as? String)
            // The trades listed are those closed that day, and their P&L adds up to the day's.
            let trades = try #require(report["trades"] as? [[String: Any]])
            #expect(trades.count == row["trades"] as? Int)
            #expect(trades.allSatisfy { ($0["closed_at"] as? String)?.hasPrefix(day) == true })
            let sum = try trades.reduce(Decimal(0)) { try $0 + PipelineBench.decimal($1["pnl"]) }
            #expect(sum == (try PipelineBench.decimal(row["net_pnl"])))
            // Tier with its gates, tilt level and score, health, alerts.
            let tier = try #require(report["tier"] as? [String: Any])
            #expect(tier["tier"] as? String == "SNIPER")
            #expect(((tier["gates"] as? [[String: Any]]) ?? []).contains { $0["gate"] as? String == "balance" })
            let tilt = try #require(report["tilt"] as? [String: Any])
            #expect(tilt["level"] as? String != nil && tilt["score"] as? Int != nil)
            #expect(report["healthy"] as? Bool != nil && report["health"] as? [String: Any] != nil)
            #expect(report["alerts"] as? [Any] != nil)
        }
        // A day without trades: no trades, zero P&L.
        let quiet = try #require(days.filter { ($0.value["trades"] as? Int) == 0 }.keys.sorted().first)
        let report = try daily(["--day", quiet])
        #expect((report["trades"] as? [Any])?.isEmpty == true)
        #expect(try PipelineBench.decimal(report["net_pnl"]) == 0)
    }

    @Test func theTextReportHasEveryPartAndBadDaysAreRefused() throws {
        let day = try #require(try summaryDays().filter { ($0.value["trades"] as? Int ?? 0) > 0 }.keys.sorted().first)
        let text = try Self.run("gen-report", ["daily", "--session", "jan", "--day", day])
        #expect(text.status == 0, "\(text.stderr)")
        for part in ["GENESIS daily report \(day) (UTC), session jan", "P&L", "net P&L (trades closed)", "Trades closed", "momentum_breakout",
                     "Tier", "balance", "Tilt", "score", "Alerts", "Health now", "watcher", "pipeline"] {
            #expect(text.stdout.contains(part), "missing \(part):\n\(text.stdout)")
        }
        for bad in ["2024-02-30", "01/05/2024", "tomorrow"] {
            let refused = try Self.run("gen-report", ["daily", "--session", "jan", "--day", bad])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("--day '\(bad)'"), "\(refused.stderr)")
        }
    }

    @Test func theAlertsAreTheDaysWarningEventsOfTheSession() throws {
        let store = try Store(path: try Self.database.get(), origin: ["command": "tests"])
        func at(_ text: String) -> Timestamp { Timestamp(parsing: text)! }
        do {
            try store.write { db in
                _ = try store.append(AuditEvent(type: "tilt.locked", aggregateType: "tilt", aggregateID: "jan", occurredAt: at("2024-01-20T10:00:00Z"),
                                                payload: ["score": "85"]), in: db)
                // Another session's lockout, a day later and a day earlier, and an event that is no alert.
                _ = try store.append(AuditEvent(type: "tilt.locked", aggregateType: "tilt", aggregateID: "other", occurredAt: at("2024-01-20T11:00:00Z"),
                                                payload: ["score": "90"]), in: db)
                _ = try store.append(AuditEvent(type: "exchange.banned", aggregateType: "venue", aggregateID: "binance", occurredAt: at("2024-01-21T00:00:00Z"),
                                                payload: ["reason": "418"]), in: db)
                _ = try store.append(AuditEvent(type: "trading.halted", aggregateType: "trading_state", aggregateID: "1", occurredAt: at("2024-01-19T23:59:59.999Z"),
                                                payload: ["reason": "drill"]), in: db)
                _ = try store.append(AuditEvent(type: "tier.journal_written", aggregateType: "tier", aggregateID: "jan", occurredAt: at("2024-01-20T12:00:00Z"),
                                                payload: [:]), in: db)
            }
        }
        let alerts = try #require(try daily(["--day", "2024-01-20"])["alerts"] as? [[String: Any]])
        #expect(alerts.map { $0["type"] as? String } == ["tilt.locked"])
        #expect((alerts.first?["payload"] as? [String: Any])?["score"] as? String == "85")
        #expect(try #require(try daily(["--day", "2024-01-21"])["alerts"] as? [[String: Any]]).map { $0["type"] as? String } == ["exchange.banned"])
        #expect(try #require(try daily(["--day", "2024-01-19"])["alerts"] as? [[String: Any]]).map { $0["type"] as? String }.contains("trading.halted"))
    }
}
