import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisPipeline

/// `gen-report sweep`: the fold arithmetic, the grid, the run configuration
/// files and session names, the walk-forward choice and the warnings
/// (docs/METRICS.md, "Sweeps and walk-forward"), then one real sweep over
/// the committed 2024 fixture, run twice.
@Suite struct SweepTests {
    static func day(_ text: String) -> Timestamp { Timestamp(parsing: text)! }

    // MARK: - Folds

    @Test func foldsRollByTheTestLengthAndStopWhenAWholeTestWindowNoLongerFits() {
        let folds = WalkForward.folds(from: Self.day("2024-01-01"), to: Self.day("2024-05-01"), trainDays: 60, testDays: 30)
        #expect(folds.map(\.train.label) == ["2024-01-01..2024-03-01", "2024-01-31..2024-03-31"])
        #expect(folds.map(\.test.label) == ["2024-03-01..2024-03-31", "2024-03-31..2024-04-30"])
        #expect(folds.map(\.index) == [0, 1])
        // The test windows follow each other: one out-of-sample stretch.
        #expect(folds[0].test.to == folds[1].test.from)
        // Exactly one fold's length fits once; a day less fits none.
        #expect(WalkForward.folds(from: Self.day("2024-01-01"), to: Self.day("2024-03-31"), trainDays: 60, testDays: 30).count == 1)
        #expect(WalkForward.folds(from: Self.day("2024-01-01"), to: Self.day("2024-03-30"), trainDays: 60, testDays: 30).isEmpty)
        #expect(WalkForward.folds(from: Self.day("2024-01-01"), to: Self.day("2025-01-01"), trainDays: 90, testDays: 30).count == 9)
        #expect(WalkForward.folds(from: Self.day("2024-01-01"), to: Self.day("2025-01-01"), trainDays: 0, testDays: 30).isEmpty)
    }

    // MARK: - Grid

    @Test func theGridIsTheFullCartesianProductFirstKeySlowest() throws {
        let grid = try SweepGrid(parsing: ["a.x=1,2", "b.y=p, q ,r"])
        #expect(grid.combinations.map(\.label) == ["a.x=1 b.y=p", "a.x=1 b.y=q", "a.x=1 b.y=r", "a.x=2 b.y=p", "a.x=2 b.y=q", "a.x=2 b.y=r"])
        #expect(grid.combinations.map(\.index) == Array(0..<6))
        // Lists keep their commas; no grid is one run of the base.
        #expect(try GridAxis(parsing: "tilt.lockoutMinutes=[5, 30, 1440],[10, 60, 1440]").values == ["[5, 30, 1440]", "[10, 60, 1440]"])
        #expect(try SweepGrid(parsing: []).combinations == [SweepCombination(index: 0, settings: [])])
    }

    @Test func aBadGridArgumentIsNamed() {
        #expect(throws: SweepGridError.notKeyEqualsValues("lookback")) { try SweepGrid(parsing: ["lookback"]) }
        #expect(throws: SweepGridError.noValues(key: "a.b")) { try SweepGrid(parsing: ["a.b="]) }
        #expect(throws: SweepGridError.noValues(key: "a.b")) { try SweepGrid(parsing: ["a.b=1,,2"]) }
        #expect(throws: SweepGridError.repeatedValue(key: "a.b")) { try SweepGrid(parsing: ["a.b=1,1"]) }
        #expect(throws: SweepGridError.badKey("a..b=1")) { try SweepGrid(parsing: ["a..b=1"]) }
        #expect(throws: SweepGridError.repeatedKey("a.b")) { try SweepGrid(parsing: ["a.b=1", "a.b=2"]) }
        #expect(throws: SweepGridError.overlappingKeys("a.b", "a.b.c")) { try SweepGrid(parsing: ["a.b=1", "a.b.c=2"]) }
        #expect("\(SweepGridError.noValues(key: "a.b"))" == "--grid a.b: no values (write a.b=value1,value2,…)")
    }

    // MARK: - Run configuration files

    @Test func dottedKeysBecomeNestedYAMLSortedWithValuesVerbatim() throws {
        let yaml = try SweepConfigFile.yaml([
            GridSetting(key: "strategies.momentumBreakout.timeframe", value: "15m"),
            GridSetting(key: "risk.positionFraction", value: "0.03"),
            GridSetting(key: "strategies.momentumBreakout.lookback", value: "20"),
            GridSetting(key: "tilt.lockoutMinutes", value: "[5, 30, 1440]"),
            GridSetting(key: "strategies.meanReversion.rsiPeriod", value: "7"),
        ])
        #expect(yaml == """
            risk:
              positionFraction: 0.03
            strategies:
              meanReversion:
                rsiPeriod: 7
              momentumBreakout:
                lookback: 20
                timeframe: 15m
            tilt:
              lockoutMinutes: [5, 30, 1440]

            """)
        #expect(try SweepConfigFile.yaml([]) == "")
        #expect(throws: SweepGridError.overlappingKeys("a.b", "a.b.c")) {
            try SweepConfigFile.yaml([GridSetting(key: "a.b.c", value: "1"), GridSetting(key: "a.b", value: "2")])
        }
        // The configuration loader reads it back as written.
        let config = try ConfigLoader.parse(yaml)
        #expect(config.risk.positionFraction.value == Decimal(string: "0.03"))
        #expect(config.strategies.momentumBreakout.lookback == 20)
        #expect(config.tilt.lockoutMinutes == [5, 30, 1440])
    }

    @Test func theBaseConfigurationsOwnSettingsAreCarriedAndASweptKeyWins() throws {
        let base = try ConfigLoader.parse("""
            paper:
              feeRate: 0.002
            risk:
              positionFraction: 0.04
            demotion:
              overridePhrase: "I know: this # is risky"
            """)
        let changes = SweepConfigFile.changes(base: ConfigKeys.flatten(base), defaults: ConfigKeys.flatten(GenesisConfig()))
        #expect(changes == ["paper.feeRate": "0.002", "risk.positionFraction": "0.04", "demotion.overridePhrase": "I know: this # is risky"])
        let settings = SweepConfigFile.merged(changes: changes, settings: [GridSetting(key: "risk.positionFraction", value: "0.02")])
        let yaml = try SweepConfigFile.yaml(settings)
        #expect(yaml == """
            demotion:
              overridePhrase: "I know: this # is risky"
            paper:
              feeRate: 0.002
            risk:
              positionFraction: 0.02

            """)
        let loaded = try ConfigLoader.parse(yaml)
        #expect(loaded.demotion.overridePhrase == "I know: this # is risky")
        #expect(loaded.paper.feeRate.value == Decimal(string: "0.002") && loaded.risk.positionFraction.value == Decimal(string: "0.02"))
        #expect(SweepConfigFile.scalar("plain text") == "plain text")
        #expect(SweepConfigFile.scalar("a: b") == "\"a: b\"")
        #expect(SweepConfigFile.scalar("-5") == "-5")
    }

    @Test func theSessionNameIsAStableHashOfEverythingThatMakesTheRun() {
        let key = SweepRunKey(symbols: ["BTCUSDT"], interval: "1h", from: Self.day("2024-01-01"), to: Self.day("2024-03-01"),
                              strategies: ["momentum_breakout"], configText: "risk:\n  positionFraction: 0.02\n")
        #expect(key.session == key.session)
        #expect(key.session.hasPrefix("sweep-") && key.session.count == 22)
        var other = key
        other.configText = "risk:\n  positionFraction: 0.03\n"
        #expect(other.session != key.session)
        other = key
        other.to = Self.day("2024-03-02")
        #expect(other.session != key.session)
        other = key
        other.symbols = ["BTCUSDT", "ETHUSDT"]
        #expect(other.session != key.session)
        other = key
        other.strategies = []
        #expect(other.session != key.session)
    }

    // MARK: - Pooling, ranking, the walk-forward choice, the warnings

    /// `n` daily returns alternating `mean + spread`, `mean − spread`.
    static func returns(mean: Double, spread: Double, count: Int = 30) -> [Double] {
        (0..<count).map { $0 % 2 == 0 ? mean + spread : mean - spread }
    }

    static func run(trades: Int, wins: Int = 0, pnl: Decimal, drawdown: Decimal = 0, returns: [Double]) -> SweepRunResult {
        SweepRunResult(trades: trades, wins: wins, grossProfit: max(pnl, 0), grossLoss: max(-pnl, 0), initialBalance: 1000, netPnL: pnl,
                       maxDrawdownPercent: drawdown, dailyReturns: returns)
    }

    @Test func runsArePooledByChainingTheirReturns() {
        let pooled = SweepAggregate([
            Self.run(trades: 4, wins: 3, pnl: 100, drawdown: 2, returns: [0.1, -0.5]),
            Self.run(trades: 2, wins: 0, pnl: -50, drawdown: 7, returns: [0.2]),
        ])
        #expect(pooled.runs == 2 && pooled.trades == 6 && pooled.wins == 3 && pooled.winRate == 0.5)
        #expect(pooled.netPnL == 50)
        #expect(pooled.returnPercent == Decimal(string: "4.5"))   // 1.1 × 0.95 − 1
        #expect(pooled.worstMaxDrawdownPercent == 7)
        #expect(abs(pooled.chainedMaxDrawdownPercent - 50) < 1e-9)   // 1.1 → 0.55 → 0.66
        #expect(pooled.profitFactor == 2)
        #expect(pooled.sharpe == nil)                               // 3 daily returns, fewer than 30
        let steady = SweepAggregate([Self.run(trades: 1, pnl: 1, returns: Self.returns(mean: 0.001, spread: 0.002))])
        let expected = 0.001 / (0.002 * (30.0 / 29).squareRoot()) * Double(365).squareRoot()
        #expect(abs(steady.sharpe! - expected) < 1e-9)
    }

    @Test func rankingPutsMissingFiguresLastAndBreaksTiesInGridOrder() {
        let none = SweepAggregate([Self.run(trades: 0, pnl: 0, returns: [])])
        let good = SweepAggregate([Self.run(trades: 1, pnl: 5, returns: Self.returns(mean: 0.001, spread: 0.002))])
        let better = SweepAggregate([Self.run(trades: 1, pnl: 9, returns: Self.returns(mean: 0.002, spread: 0.002))])
        #expect(SweepRanking.sharpe.order([none, good, better, good]) == [2, 1, 3, 0])
        #expect(SweepRanking.netPnL.order([good, none, better]) == [2, 0, 1])
        #expect(SweepRanking.profitFactor.order([good, better]) == [0, 1])  // both without a loss: a tie, grid order
    }

    /// Two combinations, two folds: each fold's train window favours another
    /// combination, and the choices lose out of sample.
    static func overfitted() throws -> SweepEvaluation {
        let combinations = try SweepGrid(parsing: ["strategies.momentumBreakout.lookback=20,40"]).combinations
        let folds = WalkForward.folds(from: day("2024-01-01"), to: day("2024-05-01"), trainDays: 60, testDays: 30)
        let high = returns(mean: 0.003, spread: 0.002, count: 60), low = returns(mean: 0.0005, spread: 0.002, count: 60)
        let losing = returns(mean: -0.0003, spread: 0.002), flat = returns(mean: 0.0001, spread: 0.002)
        let results: [[(train: SweepRunResult, test: SweepRunResult)]] = [
            [(run(trades: 20, wins: 15, pnl: 180, returns: high), run(trades: 5, wins: 1, pnl: -10, drawdown: 3, returns: losing)),
             (run(trades: 18, wins: 9, pnl: 30, returns: low), run(trades: 7, wins: 4, pnl: 3, drawdown: 1, returns: flat))],
            [(run(trades: 19, wins: 8, pnl: 30, returns: low), run(trades: 4, wins: 3, pnl: 8, drawdown: 1, returns: flat)),
             (run(trades: 22, wins: 16, pnl: 170, returns: high), run(trades: 6, wins: 2, pnl: 20, drawdown: 4, returns: losing))],
        ]
        return SweepEvaluation(combinations: combinations, folds: folds, results: results, rankBy: .sharpe)
    }

    @Test func eachFoldChoosesOnItsTrainWindowAndTheWalkForwardLineIsTheChoicesTestWindows() throws {
        let evaluation = try Self.overfitted()
        #expect(evaluation.choices.map(\.chosen) == [0, 1])
        let line = evaluation.walkForward
        #expect(line.runs == 2 && line.trades == 11 && line.wins == 3)
        #expect(line.netPnL == 10)
        #expect(line.returnPercent == Decimal(string: "0.98"))   // 0.99 × 1.02 − 1
        #expect(line.worstMaxDrawdownPercent == 4)
        #expect(line.dailyReturns == Self.returns(mean: -0.0003, spread: 0.002) + Self.returns(mean: -0.0003, spread: 0.002))
        #expect(evaluation.walkForwardInSample.trades == 42)
        // Out of sample per combination: its test windows; ranked by Sharpe (combination 1's second window lost less).
        #expect(evaluation.combinations[0].outOfSample.trades == 12 && evaluation.combinations[1].outOfSample.trades == 10)
        #expect(evaluation.ranking.count == 2 && Set(evaluation.ranking) == [0, 1])
        let ranked = evaluation.ranking.map { evaluation.combinations[$0].outOfSample.sharpe ?? -.infinity }
        #expect(ranked == ranked.sorted(by: >))
    }

    @Test func theWarningsSayHowManyWereTriedTheGapTheFewTradesAndTheChangingChoice() throws {
        let evaluation = try Self.overfitted()
        let codes = evaluation.warnings.map(\.code)
        #expect(codes == [.combinationsTried, .inSampleGap, .inSampleGap, .fewTrades, .unstable])
        let noise = try #require(SweepEvaluation.noiseSharpe(combinations: 2, days: 60))
        #expect(abs(noise - (2 * log(2.0)).squareRoot() * (365.0 / 60).squareRoot()) < 1e-12)
        #expect(evaluation.warnings[0].message.contains("2 combinations tried") && evaluation.warnings[0].message.contains(String(format: "%.2f", noise)))
        #expect(evaluation.warnings[1].message.hasPrefix("walk-forward: out-of-sample Sharpe"))
        #expect(evaluation.warnings[3].message.contains("11 out-of-sample trades"))
        #expect(evaluation.warnings[4].message.contains("fold 1: strategies.momentumBreakout.lookback=20, fold 2: strategies.momentumBreakout.lookback=40"))
        #expect(SweepEvaluation.noiseSharpe(combinations: 1, days: 60) == nil)

        // One combination, steady out of sample with enough trades: nothing to warn about.
        let folds = WalkForward.folds(from: Self.day("2024-01-01"), to: Self.day("2024-05-01"), trainDays: 60, testDays: 30)
        let steady = Self.returns(mean: 0.002, spread: 0.002)
        let calm = SweepEvaluation(combinations: [SweepCombination(index: 0, settings: [])], folds: folds, results: [[
            (Self.run(trades: 30, wins: 18, pnl: 60, returns: steady + steady), Self.run(trades: 16, wins: 9, pnl: 60, returns: steady)),
            (Self.run(trades: 30, wins: 18, pnl: 60, returns: steady + steady), Self.run(trades: 15, wins: 9, pnl: 60, returns: steady)),
        ]], rankBy: .sharpe)
        #expect(calm.warnings.isEmpty, "\(calm.warnings)")
    }

    // MARK: - A real sweep, twice

    @Test func aSweepOverTheCommitted2024FixtureGivesTheDocumentedJSONAndARerunReusesItsRuns() throws {
        let bench = try CLIBench.withAccount(balance: "500")
        let imported = try bench.run("gen-fetch", ["import", TestSupport.fixture("BTCUSDT-1h-2024.zip")])
        try #require(imported.status == 0, "\(imported.stderr)")
        let arguments = ["sweep", "--symbol", "BTCUSDT", "--interval", "1h", "--from", "2024-01-01", "--to", "2024-05-01",
                         "--train-days", "60", "--test-days", "30", "--strategies", "momentum_breakout", "--parallel", "2",
                         "--grid", "strategies.momentumBreakout.breakoutFraction=0.01,0.02", "--grid", "strategies.momentumBreakout.lookback=20",
                         "--json"]
        let first = try bench.run("gen-report", arguments)
        try #require(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("8 runs, 0 reused, 8 to run"), "\(first.stderr)")
        let json = try PipelineBench.object(first.stdout)
        #expect(Set(json.keys) == ["symbols", "interval", "from", "to", "strategies", "train_days", "test_days", "grid", "rank_by", "folds",
                                   "combinations", "walk_forward", "warnings"])
        #expect(json["rank_by"] as? String == "sharpe" && json["interval"] as? String == "1h")
        let folds = try #require(json["folds"] as? [[String: Any]])
        #expect(folds.count == 2)
        #expect(folds.map { $0["test_from"] as? String } == ["2024-03-01T00:00:00.000Z", "2024-03-31T00:00:00.000Z"])
        let combinations = try #require(json["combinations"] as? [[String: Any]])
        #expect(combinations.map { $0["rank"] as? Int } == [1, 2])
        #expect(Set(combinations.compactMap { $0["index"] as? Int }) == [0, 1])
        let figures: Set<String> = ["runs", "trades", "wins", "win_rate", "net_pnl", "return_pct", "profit_factor", "worst_max_drawdown_pct",
                                    "chained_max_drawdown_pct", "daily_returns", "sharpe"]
        for combination in combinations {
            #expect(Set(combination.keys) == ["rank", "index", "values", "in_sample", "out_of_sample", "gap"])
            let inSample = try #require(combination["in_sample"] as? [String: Any])
            let outOfSample = try #require(combination["out_of_sample"] as? [String: Any])
            #expect(Set(inSample.keys) == figures && Set(outOfSample.keys) == figures)
            #expect(inSample["runs"] as? Int == 2 && inSample["daily_returns"] as? Int == 120)
            #expect(outOfSample["runs"] as? Int == 2 && outOfSample["daily_returns"] as? Int == 60)
            #expect((combination["values"] as? [String: String])?["strategies.momentumBreakout.lookback"] == "20")
        }
        let walkForward = try #require(json["walk_forward"] as? [String: Any])
        let line = try #require(walkForward["out_of_sample"] as? [String: Any])
        #expect(Set(line.keys) == figures && line["runs"] as? Int == 2 && line["daily_returns"] as? Int == 60)
        let codes = try #require(json["warnings"] as? [[String: Any]]).compactMap { $0["code"] as? String }
        #expect(codes.first == "combinations_tried" && codes.contains("few_trades"), "\(codes)")

        // The rerun starts nothing and gives the same figures, byte for byte.
        let second = try bench.run("gen-report", arguments)
        try #require(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("8 runs, 8 reused, 0 to run"), "\(second.stderr)")
        #expect(second.stdout == first.stdout)

        // A key the configuration does not have: exit 2, named, before anything runs.
        let typo = try bench.run("gen-report", arguments + ["--grid", "strategies.momentumBreakout.lookbak=10,20"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("--grid strategies.momentumBreakout.lookbak=10: unknown key"), "\(typo.stderr)")
        #expect(typo.stderr.split(separator: "\n").count == 1)
    }
}
