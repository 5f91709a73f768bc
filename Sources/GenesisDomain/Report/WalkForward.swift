import Foundation

/// A replay window `[from, to)`: open times from `from`, before `to`.
public struct ReplayWindow: Sendable, Hashable {
    public var from: Timestamp
    public var to: Timestamp

    public init(from: Timestamp, to: Timestamp) {
        self.from = from
        self.to = to
    }

    /// `YYYY-MM-DD..YYYY-MM-DD` (the end exclusive), for people.
    public var label: String { "\(from.utcDate)..\(to.utcDate)" }
}

/// One fold of a rolling walk-forward: parameters are chosen on `train` and
/// judged on `test`, the days right after it, which the choice never saw.
public struct WalkForwardFold: Sendable, Equatable {
    /// 0-based; fold k trains on `[start + k·test, + train)`.
    public var index: Int
    public var train: ReplayWindow
    public var test: ReplayWindow

    public init(index: Int, train: ReplayWindow, test: ReplayWindow) {
        self.index = index
        self.train = train
        self.test = test
    }
}

public enum WalkForward {
    /// Rolling folds over `[from, to)`: fold k trains on
    /// `[from + k·testDays, + trainDays)` and tests on the `testDays` after
    /// it; folds continue while a whole test window fits before `to` (a
    /// partial last window would be judged on fewer days than the others).
    /// The test windows follow each other without a gap or an overlap, so
    /// together they are one out-of-sample stretch.
    public static func folds(from: Timestamp, to: Timestamp, trainDays: Int, testDays: Int) -> [WalkForwardFold] {
        guard trainDays > 0, testDays > 0 else { return [] }
        let day = Timestamp.millisecondsPerDay
        var folds: [WalkForwardFold] = []
        var k = 0
        while true {
            let trainStart = from.milliseconds + Int64(k) * Int64(testDays) * day
            let trainEnd = trainStart + Int64(trainDays) * day
            let testEnd = trainEnd + Int64(testDays) * day
            guard testEnd <= to.milliseconds else { break }
            folds.append(WalkForwardFold(index: k, train: ReplayWindow(from: Timestamp(milliseconds: trainStart), to: Timestamp(milliseconds: trainEnd)),
                                         test: ReplayWindow(from: Timestamp(milliseconds: trainEnd), to: Timestamp(milliseconds: testEnd))))
            k += 1
        }
        return folds
    }
}

/// What one backtest session of a sweep gave (from `gen-report summary`'s
/// figures and the daily equity curve behind them).
public struct SweepRunResult: Sendable, Equatable {
    public var trades: Int
    public var wins: Int
    public var grossProfit: Decimal
    public var grossLoss: Decimal
    /// The balance the session opened with.
    public var initialBalance: Decimal
    /// Final equity (marked to market) minus the initial balance, fees included.
    public var netPnL: Decimal
    /// The equity curve's deepest drawdown in percent of its peak (daily closes, marked to market).
    public var maxDrawdownPercent: Decimal
    /// The curve's daily returns in day order.
    public var dailyReturns: [Double]

    public init(trades: Int, wins: Int, grossProfit: Decimal = 0, grossLoss: Decimal = 0, initialBalance: Decimal, netPnL: Decimal,
                maxDrawdownPercent: Decimal, dailyReturns: [Double]) {
        self.trades = trades
        self.wins = wins
        self.grossProfit = grossProfit
        self.grossLoss = grossLoss
        self.initialBalance = initialBalance
        self.netPnL = netPnL
        self.maxDrawdownPercent = maxDrawdownPercent
        self.dailyReturns = dailyReturns
    }

    /// `netPnL / initialBalance` (nil without a positive initial balance).
    public var returnFraction: Decimal? { initialBalance > 0 ? netPnL / initialBalance : nil }
}

/// Several runs pooled: the in-sample (train) or out-of-sample (test)
/// windows of one combination, or the walk-forward line. Every run starts
/// from the same initial balance, so the windows are chained by their
/// returns, not by adding up balances (docs/METRICS.md, "Sweeps").
public struct SweepAggregate: Sendable, Equatable {
    public var runs: Int
    public var trades: Int
    public var wins: Int
    public var grossProfit: Decimal
    public var grossLoss: Decimal
    /// The sum of the runs' net P&L (marked to market at each run's end).
    public var netPnL: Decimal
    /// `Π(1 + run return) − 1` in percent: the windows one after another,
    /// each from the equity the one before left. nil if a run had no positive initial balance.
    public var returnPercent: Decimal?
    /// The deepest drawdown of any one run, in percent.
    public var worstMaxDrawdownPercent: Decimal
    /// The deepest fall of the chained curve (`Π(1 + daily return)`), in
    /// percent: a drawdown that runs across a window boundary counts whole.
    public var chainedMaxDrawdownPercent: Double
    /// Daily returns pooled, in window order.
    public var dailyReturns: [Double]
    /// Sharpe of the pooled daily returns: `mean / sample stdev × √365`,
    /// nil below `PerformanceMetrics.minimumDailyReturns` returns or with no variation.
    public var sharpe: Double?

    public init(_ results: [SweepRunResult]) {
        runs = results.count
        trades = results.reduce(0) { $0 + $1.trades }
        wins = results.reduce(0) { $0 + $1.wins }
        grossProfit = results.reduce(0) { $0 + $1.grossProfit }
        grossLoss = results.reduce(0) { $0 + $1.grossLoss }
        netPnL = results.reduce(0) { $0 + $1.netPnL }
        var growth: Decimal? = 1
        for result in results {
            growth = result.returnFraction.flatMap { fraction in growth.map { $0 * (1 + fraction) } }
        }
        returnPercent = growth.map { ($0 - 1) * 100 }
        worstMaxDrawdownPercent = results.map(\.maxDrawdownPercent).max() ?? 0
        dailyReturns = results.flatMap(\.dailyReturns)
        sharpe = Self.sharpe(dailyReturns)
        var equity = 1.0, peak = 1.0, deepest = 0.0
        for value in dailyReturns {
            equity *= 1 + value
            peak = max(peak, equity)
            if peak > 0 { deepest = max(deepest, (peak - equity) / peak) }
        }
        chainedMaxDrawdownPercent = deepest * 100
    }

    /// Wins over trades (nil with none).
    public var winRate: Double? { trades == 0 ? nil : Double(wins) / Double(trades) }
    /// Gross profit over gross loss (nil with no loss).
    public var profitFactor: Double? { grossLoss == 0 ? nil : (grossProfit / grossLoss).approximateDouble }
    /// Mean daily return (nil with none).
    public var meanDailyReturn: Double? { SampleStatistics.mean(dailyReturns) }

    /// The same Sharpe as `gen-report summary` over a list of daily returns.
    public static func sharpe(_ returns: [Double]) -> Double? {
        guard returns.count >= PerformanceMetrics.minimumDailyReturns, let mean = SampleStatistics.mean(returns),
              let deviation = SampleStatistics.sampleStandardDeviation(returns), deviation > 0 else { return nil }
        return mean / deviation * Double(365).squareRoot()
    }

    /// The figures by their JSON names (docs/METRICS.md, "Sweeps").
    public var json: JSONValue {
        .object([
            ("runs", .integer(Int64(runs))), ("trades", .integer(Int64(trades))), ("wins", .integer(Int64(wins))),
            ("win_rate", ReportFormat.json(winRate)), ("net_pnl", .string(netPnL.plainText)),
            ("return_pct", returnPercent.map(ReportFormat.jsonPercent) ?? .null),
            ("profit_factor", ReportFormat.json(profitFactor)),
            ("worst_max_drawdown_pct", ReportFormat.jsonPercent(worstMaxDrawdownPercent)),
            ("chained_max_drawdown_pct", ReportFormat.jsonPercent(Decimal(chainedMaxDrawdownPercent))),
            ("daily_returns", .integer(Int64(dailyReturns.count))), ("sharpe", ReportFormat.json(sharpe)),
        ])
    }
}

/// The figure combinations are ranked and chosen by (`--rank-by`).
public enum SweepRanking: String, Sendable, CaseIterable {
    case sharpe
    case netPnL = "net_pnl"
    case returnPercent = "return"
    case profitFactor = "profit_factor"

    /// True when `a` is strictly better than `b`; a missing figure is worse than any.
    public func isBetter(_ a: SweepAggregate, than b: SweepAggregate) -> Bool {
        switch self {
        case .sharpe: Self.greater(a.sharpe, b.sharpe)
        case .netPnL: Self.greater(a.netPnL, b.netPnL)
        case .returnPercent: Self.greater(a.returnPercent, b.returnPercent)
        case .profitFactor: Self.greater(a.profitFactor, b.profitFactor)
        }
    }

    static func greater<T: Comparable>(_ a: T?, _ b: T?) -> Bool {
        switch (a, b) {
        case let (a?, b?): a > b
        case (.some, nil): true
        default: false
        }
    }

    /// Indices of `aggregates` best first; ties keep grid order (lower index first).
    public func order(_ aggregates: [SweepAggregate]) -> [Int] {
        aggregates.indices.sorted { isBetter(aggregates[$0], than: aggregates[$1]) || (!isBetter(aggregates[$1], than: aggregates[$0]) && $0 < $1) }
    }
}

/// A warning about what a sweep's figures can and cannot show.
public struct SweepWarning: Sendable, Equatable {
    public enum Code: String, Sendable {
        /// Many combinations tried: the best in-sample figure is inflated by luck.
        case combinationsTried = "combinations_tried"
        /// Out-of-sample much worse than in-sample.
        case inSampleGap = "in_sample_gap"
        /// Too few out-of-sample trades to judge.
        case fewTrades = "few_trades"
        /// The chosen combination changes from fold to fold.
        case unstable
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// The in-sample and out-of-sample figures of one combination.
public struct CombinationResult: Sendable, Equatable {
    public var combination: SweepCombination
    public var inSample: SweepAggregate
    public var outOfSample: SweepAggregate

    /// Out-of-sample Sharpe minus in-sample Sharpe (nil if either is missing).
    public var sharpeGap: Double? { outOfSample.sharpe.flatMap { out in inSample.sharpe.map { out - $0 } } }
    /// Mean daily return out of sample minus in sample, in percent.
    public var meanDailyReturnGapPercent: Double? {
        outOfSample.meanDailyReturn.flatMap { out in inSample.meanDailyReturn.map { (out - $0) * 100 } }
    }

    public var gapJSON: JSONValue {
        .object([("sharpe", ReportFormat.json(sharpeGap)), ("mean_daily_return_pct", ReportFormat.json(meanDailyReturnGapPercent))])
    }
}

/// The choice of one fold: the best combination on its train window, and
/// what that combination did on the test window after it.
public struct FoldChoice: Sendable, Equatable {
    public var fold: WalkForwardFold
    public var chosen: Int
    public var train: SweepRunResult
    public var test: SweepRunResult
}

/// A sweep's results: every combination in and out of sample, ranked by
/// out-of-sample, and the honest walk-forward line with its warnings.
public struct SweepEvaluation: Sendable, Equatable {
    public static let minimumTrades = 30
    /// Out of sample below this share of the in-sample Sharpe is a gap worth a warning.
    public static let gapSharpeShare = 0.5

    public var rankBy: SweepRanking
    public var folds: [WalkForwardFold]
    /// In grid order.
    public var combinations: [CombinationResult]
    /// Indices into `combinations`, best out-of-sample first.
    public var ranking: [Int]
    public var choices: [FoldChoice]
    /// The chosen combinations' train windows, pooled: what the choices looked like.
    public var walkForwardInSample: SweepAggregate
    /// The chosen combinations' test windows, one after another: the figure to believe.
    public var walkForward: SweepAggregate
    public var warnings: [SweepWarning]

    /// `results[c][f]` is combination c on fold f: its train and its test run.
    public init(combinations: [SweepCombination], folds: [WalkForwardFold], results: [[(train: SweepRunResult, test: SweepRunResult)]],
                rankBy: SweepRanking) {
        precondition(results.count == combinations.count && results.allSatisfy { $0.count == folds.count }, "one result per combination and fold")
        self.rankBy = rankBy
        self.folds = folds
        self.combinations = combinations.indices.map { c in
            CombinationResult(combination: combinations[c], inSample: SweepAggregate(results[c].map(\.train)),
                              outOfSample: SweepAggregate(results[c].map(\.test)))
        }
        ranking = rankBy.order(self.combinations.map(\.outOfSample))
        choices = folds.indices.map { f in
            let best = rankBy.order(combinations.indices.map { SweepAggregate([results[$0][f].train]) }).first!
            return FoldChoice(fold: folds[f], chosen: best, train: results[best][f].train, test: results[best][f].test)
        }
        walkForwardInSample = SweepAggregate(choices.map(\.train))
        walkForward = SweepAggregate(choices.map(\.test))
        warnings = []
        warnings = Self.warnings(self)
    }

    /// The expected best of `count` Sharpes of pure noise, in annualised
    /// Sharpe, each measured over `days` daily returns: `√(2 ln N)` standard
    /// errors, one standard error being `√(365 / days)` (the Sharpe of a
    /// strategy with no edge is about normal with that spread). nil for one
    /// combination or no days.
    public static func noiseSharpe(combinations count: Int, days: Int) -> Double? {
        guard count > 1, days > 0 else { return nil }
        return (2 * log(Double(count))).squareRoot() * (365 / Double(days)).squareRoot()
    }

    static func warnings(_ evaluation: SweepEvaluation) -> [SweepWarning] {
        var warnings: [SweepWarning] = []
        let count = evaluation.combinations.count
        let trainDays = evaluation.folds.first.map { Int(($0.train.to.milliseconds - $0.train.from.milliseconds) / Timestamp.millisecondsPerDay) } ?? 0
        if let noise = noiseSharpe(combinations: count, days: trainDays) {
            warnings.append(SweepWarning(.combinationsTried, """
                \(count) combinations tried: the best in-sample figure is flattered by luck. The best of \(count) strategies with no edge \
                shows a Sharpe of about √(2·ln \(count)) = \(format((2 * log(Double(count))).squareRoot())) standard errors, \
                ≈ \(format(noise)) annualised over a \(trainDays)-day train window; trust the walk-forward line, not the best row
                """))
        }
        func gap(_ name: String, inSample: SweepAggregate, outOfSample: SweepAggregate) {
            var reasons: [String] = []
            if let isSharpe = inSample.sharpe, isSharpe > 0, let oosSharpe = outOfSample.sharpe, oosSharpe < isSharpe * gapSharpeShare {
                reasons.append("out-of-sample Sharpe \(format(oosSharpe)) is under half the in-sample \(format(isSharpe))")
            }
            if let isReturn = inSample.returnPercent, isReturn > 0, let oosReturn = outOfSample.returnPercent, oosReturn < 0 {
                reasons.append("out-of-sample return \(ReportFormat.money(oosReturn))% is negative while in-sample was \(ReportFormat.money(isReturn))%")
            }
            if !reasons.isEmpty {
                warnings.append(SweepWarning(.inSampleGap, "\(name): \(reasons.joined(separator: "; ")): what the train windows showed did not carry over"))
            }
        }
        gap("walk-forward", inSample: evaluation.walkForwardInSample, outOfSample: evaluation.walkForward)
        if count > 1, let best = evaluation.rankBy.order(evaluation.combinations.map(\.inSample)).first {
            let result = evaluation.combinations[best]
            gap("best in-sample combination (\(result.combination.label))", inSample: result.inSample, outOfSample: result.outOfSample)
        }
        if evaluation.walkForward.trades < minimumTrades {
            warnings.append(SweepWarning(.fewTrades, """
                the walk-forward made \(evaluation.walkForward.trades) out-of-sample trade\(evaluation.walkForward.trades == 1 ? "" : "s"): \
                too few to judge (at least \(minimumTrades) are needed before a win rate or a Sharpe says more than chance)
                """))
        }
        let picks = evaluation.choices.map(\.chosen)
        if Set(picks).count > 1 {
            let list = evaluation.choices.map { "fold \($0.fold.index + 1): \(evaluation.combinations[$0.chosen].combination.label)" }
            warnings.append(SweepWarning(.unstable, """
                the best combination changed from fold to fold (\(list.joined(separator: ", "))): the choice follows the noise of each \
                train window, so no single row's figures are what trading it would have given
                """))
        }
        return warnings
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }

    /// One JSON object: the sweep's settings (`header`), the folds with their
    /// choices, the combinations ranked by out-of-sample, the walk-forward
    /// line and the warnings (docs/METRICS.md, "Sweeps").
    public func json(header: [(String, JSONValue)]) -> JSONValue {
        func values(_ combination: SweepCombination) -> JSONValue { .object(combination.settings.map { ($0.key, .string($0.value)) }) }
        let foldList: [JSONValue] = choices.map { choice in
            .object([
                ("fold", .integer(Int64(choice.fold.index + 1))),
                ("train_from", .string(choice.fold.train.from.iso8601)), ("train_to", .string(choice.fold.train.to.iso8601)),
                ("test_from", .string(choice.fold.test.from.iso8601)), ("test_to", .string(choice.fold.test.to.iso8601)),
                ("chosen", .integer(Int64(choice.chosen))), ("chosen_values", values(combinations[choice.chosen].combination)),
                ("train", SweepAggregate([choice.train]).json), ("test", SweepAggregate([choice.test]).json),
            ])
        }
        let ranked: [JSONValue] = ranking.enumerated().map { rank, index in
            let result = combinations[index]
            return .object([
                ("rank", .integer(Int64(rank + 1))), ("index", .integer(Int64(index))), ("values", values(result.combination)),
                ("in_sample", result.inSample.json), ("out_of_sample", result.outOfSample.json), ("gap", result.gapJSON),
            ])
        }
        return .object(header + [
            ("rank_by", .string(rankBy.rawValue)),
            ("folds", .array(foldList)),
            ("combinations", .array(ranked)),
            ("walk_forward", .object([("in_sample", walkForwardInSample.json), ("out_of_sample", walkForward.json)])),
            ("warnings", .array(warnings.map { .object([("code", .string($0.code.rawValue)), ("message", .string($0.message))]) })),
        ])
    }
}
