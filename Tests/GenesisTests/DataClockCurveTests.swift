import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore

/// The equity curve on the data's clock (DESIGN §8, docs/METRICS.md §1): it
/// spans the replayed period, one point per UTC day, whether or not anything
/// traded, and never the wall clock; `gen-report summary --json` carries every
/// figure under its own name, null with a reason when the data cannot give it;
/// an independent program agrees with the figures.
@Suite struct DataClockCurveTests {
    // MARK: - The replayed period in the store

    @Test func theReplayedPeriodIsTheFirstAndNewestEventTimeWidenedOverRuns() throws {
        let store = try TestSupport.makeStore(balance: 500, openedAt: Timestamp(parsing: "2025-06-01T00:00:00Z")!)
        func at(_ text: String) -> Timestamp { Timestamp(parsing: text)! }
        try store.registerSession("s", kind: "PAPER", venue: "paper", at: at("2025-06-02T00:00:00Z"))
        #expect(try store.replayedPeriod(session: "s") == nil)      // gen-exec has not reported yet
        // The first report comes late: it still carries the run's first event time.
        try store.recordProgress(session: "s", ts: at("2024-03-10T00:00:00Z"), consumed: 100, replayedFrom: at("2024-03-01T00:59:59.999Z"))
        try store.recordProgress(session: "s", ts: at("2024-03-20T00:00:00Z"), consumed: 200, replayedFrom: at("2024-03-01T00:59:59.999Z"))
        var period = try #require(try store.replayedPeriod(session: "s"))
        #expect(period.from == at("2024-03-01T00:59:59.999Z") && period.to == at("2024-03-20T00:00:00Z"))
        // A later run over earlier data widens the period at the front and keeps its end.
        try store.recordProgress(session: "s", ts: at("2024-02-05T00:00:00Z"), consumed: 50, replayedFrom: at("2024-02-01T00:00:00Z"))
        period = try #require(try store.replayedPeriod(session: "s"))
        #expect(period.from == at("2024-02-01T00:00:00Z") && period.to == at("2024-03-20T00:00:00Z"))
        // On an exchange's clock nothing is recorded: the live account has no replayed period.
        try store.registerSession("live", kind: "LIVE", venue: "binance", at: at("2025-06-02T00:00:00Z"))
        try store.recordProgress(session: "live", ts: at("2025-06-02T10:00:00Z"), consumed: 10, replayedFrom: nil)
        #expect(try store.replayedPeriod(session: "live") == nil)
    }

    @Test func aLiveAccountsCurveRunsToTheReportsNowAndABacktestsToItsLastDataDay() throws {
        let opened = Timestamp(parsing: "2024-03-01T10:00:00Z")!
        let store = try TestSupport.makeStore(balance: 500, openedAt: opened)
        // The live account: from its opening day to the report's now.
        let now = Timestamp(parsing: "2024-03-04T08:00:00Z")!
        var data = try ReportData(store: store, session: Account.defaultSession, now: now)
        #expect(data.curve.points.map(\.date) == ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04"])
        #expect(data.curve.points.allSatisfy { $0.equity == 500 && $0.dailyReturn == 0 })
        // A backtest session opened at its first event, replayed to 03-02: its curve ends there, whatever now is.
        _ = try store.requireAccount(session: "bt", openingAt: Timestamp(parsing: "2023-12-30T00:59:59.999Z")!)
        try store.registerSession("bt", kind: "PAPER", venue: "paper", at: now)
        try store.recordProgress(session: "bt", ts: Timestamp(parsing: "2024-01-02T23:59:59.999Z")!, consumed: 1,
                                 replayedFrom: Timestamp(parsing: "2023-12-30T00:59:59.999Z")!)
        data = try ReportData(store: store, session: "bt", now: now)
        #expect(data.curve.points.map(\.date) == ["2023-12-30", "2023-12-31", "2024-01-01", "2024-01-02"])
    }

    // MARK: - A year of real data, replayed

    /// What the replay of the committed 2024 fixture left, read once for the suite.
    struct Replay2024: Sendable {
        var stages: [String: Int32]
        var errors: [String: String]
        var equityCSV: String
        var summaryJSON: String
        var summaryText: String
        var period: (from: Timestamp, to: Timestamp)?
        var closedPositions: Int

        /// `gen-fetch import` the fixture, then the four commands on session `year`.
        static let shared: Result<Replay2024, any Error> = Result {
            let bench = PipelineBench()
            try bench.initialiseAccount(balance: "500")
            let imported = try bench.run("gen-fetch", ["import", TestSupport.fixture("BTCUSDT-1h-2024.zip")])
            guard imported.status == 0 else { throw ReplayFailed(stage: "gen-fetch import", stderr: imported.stderr) }
            let run = try bench.pipeline(replay: "gen-fetch replay BTCUSDT --interval 1h", risk: "gen-risk --session year",
                                         exec: "gen-exec --venue paper --session year")
            let equity = try bench.run("gen-report", ["equity", "--csv", "--session", "year"])
            let json = try bench.run("gen-report", ["summary", "--json", "--session", "year"])
            let text = try bench.run("gen-report", ["summary", "--session", "year"])
            for outcome in [equity, json, text] where outcome.status != 0 { throw ReplayFailed(stage: "gen-report", stderr: outcome.stderr) }
            return Replay2024(stages: run.rc.mapValues { $0 }, errors: run.stderr, equityCSV: equity.stdout, summaryJSON: json.stdout,
                              summaryText: text.stdout, period: try bench.withStore { try $0.replayedPeriod(session: "year") },
                              closedPositions: run.lines(ofType: "position").filter { $0["status"] as? String == "CLOSED" }.count)
        }
    }

    struct ReplayFailed: Error, CustomStringConvertible {
        var stage: String
        var stderr: String
        var description: String { "\(stage) failed: \(stderr)" }
    }

    /// Every figure `gen-report summary --json` gives, in its order.
    static let summaryFields = [
        "session", "tier", "trades", "wins", "losses", "breakeven", "win_rate", "net_pnl", "net_pnl_pct", "gross_profit", "gross_loss", "fees",
        "profit_factor", "expectancy", "average_r", "sqn", "longest_win_streak", "longest_loss_streak", "realized_max_drawdown",
        "realized_max_drawdown_pct", "initial_balance", "balance", "open_positions", "open_positions_marked", "unrealized_pnl", "first_trade", "last_trade", "period_start", "period_end",
        "days", "opening_equity", "final_equity", "equity_net_pnl", "equity_net_pnl_pct", "sharpe", "sortino", "calmar", "annualised_return",
        "equity_max_drawdown", "equity_max_drawdown_pct", "equity_max_drawdown_start", "equity_max_drawdown_end", "longest_underwater_days",
        "why_null",
    ]

    @Test func aYearOf2024Gives366DailyPointsDatedByTheDataAndASummaryWithEveryFigure() throws {
        let replay = try Self.Replay2024.shared.get()
        for stage in ["fetch", "signal", "risk", "exec"] {
            #expect(replay.stages[stage] == 0, "\(stage): \(replay.errors[stage] ?? "")")
        }
        // The period gen-exec saw: the first hourly candle's close to the last one's, though its first progress report came later.
        // The last closes at 2025-01-01T00:00: midnight ends 2024-12-31, the curve's last day.
        let period = try #require(replay.period)
        #expect(period.from == Timestamp(parsing: "2024-01-01T01:00:00Z") && period.to == Timestamp(parsing: "2025-01-01T00:00:00Z"))

        // 2024 is a leap year: 366 points, 2024-01-01 … 2024-12-31, each day once and in order.
        let lines = replay.equityCSV.split(separator: "\n").map(String.init)
        #expect(lines.first == "date,equity,daily_return")
        let dates = lines.dropFirst().map { String($0.prefix(10)) }
        #expect(dates.count == 366)
        #expect(dates.first == "2024-01-01" && dates.last == "2024-12-31")
        #expect(Set(dates).count == 366 && dates == dates.sorted())
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 3 && !$0.hasSuffix(",") })

        let summary = try PipelineBench.object(replay.summaryJSON)
        #expect(Set(summary.keys) == Set(Self.summaryFields), "\(summary.keys.sorted())")
        // In the documented order.
        let offsets = Self.summaryFields.map { replay.summaryJSON.range(of: "\"\($0)\":")?.lowerBound }
        #expect(offsets.allSatisfy { $0 != nil } && offsets.compactMap { $0 } == offsets.compactMap { $0 }.sorted())
        #expect(summary["max_drawdown_pct"] == nil && summary["max_drawdown"] == nil)
        let trades = try #require(summary["trades"] as? Int)
        #expect(trades > 0 && trades == replay.closedPositions)
        #expect(summary["days"] as? Int == 366)
        #expect(summary["period_start"] as? String == "2024-01-01" && summary["period_end"] as? String == "2024-12-31")
        // A year is far past the 30 returns annualised figures need: they are numbers.
        for name in ["sharpe", "sortino", "annualised_return"] { #expect(summary[name] is NSNumber, "\(name): \(String(describing: summary[name]))") }
        // Both drawdowns, each under its own name: exact decimals, and percents of their peaks.
        for name in ["realized_max_drawdown", "realized_max_drawdown_pct", "equity_max_drawdown", "equity_max_drawdown_pct"] {
            _ = try PipelineBench.decimal(summary[name])
        }
        // Null exactly when why_null says why.
        let why = try #require(summary["why_null"] as? [String: String])
        let nulls = Set(summary.filter { $0.value is NSNull }.map(\.key))
        #expect(nulls == Set(why.keys), "null: \(nulls.sorted()), why_null: \(why)")
        // The text labels the two drawdowns apart.
        #expect(replay.summaryText.contains("max drawdown, realised (balance at each close)"))
        #expect(replay.summaryText.contains("max drawdown, marked to market (daily closes)"))
        #expect(replay.summaryText.contains("2024-01-01 .. 2024-12-31 (366 days)"))
    }

    /// `python3` on PATH, for the independent check.
    static var python3: String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: python3 != nil, "needs python3 on PATH to run scripts/check-metrics.py"))
    func anIndependentProgramAgreesWithTheFiguresOfThe2024Replay() throws {
        let replay = try Self.Replay2024.shared.get()
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("equity.csv"), json = directory.appendingPathComponent("summary.json")
        try replay.equityCSV.write(to: csv, atomically: true, encoding: .utf8)
        try replay.summaryJSON.write(to: json, atomically: true, encoding: .utf8)
        let script = TestSupport.packageRoot.appendingPathComponent("scripts/check-metrics.py").path
        let check = try TestSupport.run(try #require(Self.python3), [script, csv.path, json.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("every figure agrees"))
        // The checker itself fails on a figure that is off by more than 1e-9 relative.
        var summary = try PipelineBench.object(replay.summaryJSON)
        let sharpe = try #require((summary["sharpe"] as? NSNumber)?.doubleValue)
        summary["sharpe"] = sharpe * (1 + 1e-7)
        try JSONSerialization.data(withJSONObject: summary).write(to: json)
        let off = try TestSupport.run(try #require(Self.python3), [script, csv.path, json.path])
        #expect(off.status == 1 && off.stdout.contains("DIFFERS  sharpe"), "\(off.stdout)")
    }

    // MARK: - No trades

    @Test func aSessionWithoutTradesHasAFlatCurveDatedByTheDataNotByToday() throws {
        let bench = PipelineBench()
        try bench.initialiseAccount(balance: "500")
        #expect(try bench.run("gen-fetch", ["import", TestSupport.fixture("BTCUSDT-1h-2024.zip")]).status == 0)
        // No gen-signal: the candles reach gen-risk and gen-exec, no signal does.
        let script = "gen-fetch replay BTCUSDT --interval 1h --from 2024-03-01 --to 2024-03-04 | gen-risk --session quiet | gen-exec --venue paper --session quiet"
        let run = try TestSupport.shell(script, environment: bench.environment)
        #expect(run.status == 0, "\(run.stderr)")
        let equity = try bench.run("gen-report", ["equity", "--csv", "--session", "quiet"])
        #expect(equity.stdout == """
            date,equity,daily_return
            2024-03-01,500,0.00000000
            2024-03-02,500,0.00000000
            2024-03-03,500,0.00000000

            """)
        let summary = try PipelineBench.object(try bench.run("gen-report", ["summary", "--json", "--session", "quiet"]).stdout)
        #expect(summary["trades"] as? Int == 0 && summary["days"] as? Int == 3)
        #expect(summary["period_start"] as? String == "2024-03-01" && summary["period_end"] as? String == "2024-03-03")
        #expect(summary["sharpe"] is NSNull && summary["win_rate"] is NSNull && summary["first_trade"] is NSNull)
        let why = try #require(summary["why_null"] as? [String: String])
        #expect(why["sharpe"] == "needs at least 30 daily returns; the curve has 3")
        #expect(why["win_rate"] == "no closed trades" && why["first_trade"] == "no closed trades")
        #expect(summary["realized_max_drawdown"] as? String == "0" && summary["equity_max_drawdown"] as? String == "0")
        let text = try bench.run("gen-report", ["summary", "--session", "quiet"]).stdout
        #expect(text.contains("n/a (needs at least 30 daily returns; the curve has 3)"), "\(text)")
    }
}
