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

/// Performance metrics (DESIGN §8) against numbers worked out by hand; the
/// formulas are in docs/METRICS.md, whose worked example is `handCurve`.
@Suite struct MetricsTests {
    // MARK: - Helpers

    func time(_ text: String) -> Timestamp { Timestamp(parsing: text)! }
    func day(_ text: String) -> Int64 { time(text).utcDay }

    func close(_ at: String, _ pnl: Decimal, strategy: String = "momentum", symbol: String = "BTCUSDT",
               risk: Decimal? = nil, fees: Decimal = 0) -> TradeResult {
        let closed = time(at)
        return TradeResult(closedAt: closed, openedAt: closed.adding(milliseconds: -3_600_000), symbol: symbol,
                           strategy: strategy, pnl: pnl, risk: risk, fees: fees)
    }

    func near(_ value: Double?, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
        guard let value else { return false }
        return abs(value - expected) <= tolerance
    }

    /// A curve given directly by its daily closes (one point a day from 2024-03-01).
    func curve(_ equities: [Decimal], initial: Decimal? = nil) -> EquityCurve {
        let start = day("2024-03-01")
        var changes: [(time: Timestamp, change: Decimal)] = []
        var previous = initial ?? equities[0]
        for (offset, equity) in equities.enumerated() where equity != previous {
            changes.append((Timestamp(milliseconds: (start + Int64(offset)) * Timestamp.millisecondsPerDay + 43_200_000), equity - previous))
            previous = equity
        }
        return EquityCurve(initialBalance: initial ?? equities[0], startDay: start, endDay: start + Int64(equities.count - 1), changes: changes)
    }

    /// The trades of the worked example of docs/METRICS.md: +100 on 03-02,
    /// −50 and −60 on 03-03, +99 on 03-04.
    var handTrades: [TradeResult] {
        [
            close("2024-03-02T10:00:00Z", 100),
            close("2024-03-03T09:00:00Z", -50),
            close("2024-03-03T15:00:00Z", -60),
            close("2024-03-04T23:59:59Z", 99),
        ]
    }

    /// Opening balance 1000, one point a day from 03-01 for `days` days.
    func handCurve(days: Int64 = 5) -> EquityCurve {
        EquityCurve(initialBalance: 1000, startDay: day("2024-03-01"), endDay: day("2024-03-01") + days - 1,
                    changes: handTrades.map { ($0.closedAt, $0.pnl) })
    }

    // MARK: - Equity curve

    @Test func curveHasOnePointPerDayAndTheFirstReturnIsFromTheOpeningEquity() {
        let curve = handCurve()
        #expect(curve.points.map(\.date) == ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-03-05"])
        // 1000 → 1100 → 990 (−50 −60 on one day) → 1089 → 1089 (no trade: carried)
        #expect(curve.points.map(\.equity) == [1000, 1100, 990, 1089, 1089])
        // The first day's base is the opening equity (1000): a quiet first day is a return of 0, not a missing one.
        // 1000/1000 − 1 = 0; 1100/1000 − 1 = 0.1; 990/1100 − 1 = −0.1; 1089/990 − 1 = 0.1; 1089/1089 − 1 = 0
        #expect(curve.dailyReturns == [0, 0.1, -0.1, 0.1, 0])
        #expect(curve.openingEquity == 1000 && curve.finalEquity == 1089)
    }

    @Test func daysWithoutTradesCarryTheEquityAcrossMonthAndLeapDay() {
        // 2024 is a leap year: 02-27 … 03-02 is five days, 02-29 included.
        let curve = EquityCurve(initialBalance: 1000, startDay: day("2024-02-27"), endDay: day("2024-03-02"),
                                changes: [(time("2024-02-29T08:00:00Z"), 50),
                                          (time("2024-02-20T08:00:00Z"), 10),   // before the start: in the opening equity
                                          (time("2024-03-03T00:00:01Z"), 500)])  // after the end: ignored
        #expect(curve.points.map(\.date) == ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02"])
        #expect(curve.openingEquity == 1010)
        #expect(curve.points.map(\.equity) == [1010, 1010, 1060, 1060, 1060])
        // 1010/1010 − 1 = 0; 0; 1060/1010 − 1 = 5/101; then 0, 0
        #expect(curve.points.map(\.dailyReturn) == [0, 0, (Decimal(50) / 1010).approximateDouble, 0, 0])
        #expect(curve.initialBalance == 1000)
    }

    @Test func midnightExactlyClosesTheDayBefore() {
        // A fill in the last hourly candle of 03-01 is stamped 03-02T00:00: it is 03-01's result.
        let curve = EquityCurve(initialBalance: 1000, startDay: day("2024-03-01"), endDay: day("2024-03-02"),
                                changes: [(time("2024-03-02T00:00:00Z"), 10), (time("2024-03-02T00:00:00.001Z"), 5)])
        #expect(curve.points.map(\.equity) == [1010, 1015])
        #expect(EquityCurve.day(closedBy: time("2025-01-01T00:00:00Z")) == day("2024-12-31"))
        #expect(EquityCurve.day(closedBy: time("2024-12-31T00:00:00.001Z")) == day("2024-12-31"))
        // A year of hourly candles, stamped 2024-01-01T01:00 … 2025-01-01T00:00, is 2024's 366 days.
        let year = EquityCurve(initialBalance: 1000, from: time("2024-01-01T01:00:00Z"), through: time("2025-01-01T00:00:00Z"), changes: [])
        #expect(year.points.count == 366 && year.points.last?.date == "2024-12-31")
    }

    @Test func markToMarketCountsOnItsDayOnlyAndEntryFeesAreChanges() {
        let curve = EquityCurve(initialBalance: 1000, startDay: day("2024-03-01"), endDay: day("2024-03-03"),
                                changes: [(time("2024-03-01T09:00:00Z"), -1),   // entry fee
                                          (time("2024-03-03T12:00:00Z"), 30)],  // close, after fees
                                markToMarket: [day("2024-03-01"): 20, day("2024-03-02"): -10])
        // 03-01: 1000 − 1 + 20 = 1019; 03-02: 999 − 10 = 989; 03-03: 999 + 30 = 1029 (position closed, no mark)
        #expect(curve.points.map(\.equity) == [1019, 989, 1029])
        #expect(near(curve.points[0].dailyReturn, 0.019))               // 1019/1000 − 1
        #expect(near(curve.points[1].dailyReturn, 989.0 / 1019 - 1))   // −0.029440628…
        #expect(near(curve.points[2].dailyReturn, 1029.0 / 989 - 1))   // +0.040444893…
    }

    @Test func csvHasHeaderDatesExactEquityAndEightDecimalReturns() {
        let curve = EquityCurve(initialBalance: 1000, startDay: day("2024-02-28"), endDay: day("2024-03-01"),
                                changes: [(time("2024-02-29T01:00:00Z"), 50), (time("2024-03-01T01:00:00Z"), Decimal(string: "-21.5")!)])
        // 1000/1000 − 1 = 0; 1050/1000 − 1 = 0.05; 1028.5/1050 − 1 = −0.0204761904…
        #expect(curve.csv() == """
            date,equity,daily_return
            2024-02-28,1000,0.00000000
            2024-02-29,1050,0.05000000
            2024-03-01,1028.5,-0.02047619

            """)
    }

    @Test func emptyAndOneDayCurves() {
        let empty = EquityCurve(initialBalance: 500, startDay: 10, endDay: 9, changes: [])
        #expect(empty.points.isEmpty && empty.finalEquity == nil && empty.openingEquity == 500)
        #expect(empty.csv() == "date,equity,daily_return\n")
        let one = EquityCurve(initialBalance: 500, from: time("2024-03-01T05:00:00Z"), through: time("2024-03-01T22:00:00Z"),
                              changes: [(time("2024-03-01T12:00:00Z"), 5)])
        // 505/500 − 1 = 0.01
        #expect(one.points == [EquityPoint(day: day("2024-03-01"), equity: 505, dailyReturn: 0.01)])
        #expect(one.dailyReturns == [0.01])
    }

    // MARK: - Ratios from the curve

    @Test func handExampleSharpeSortinoCalmarDrawdownUnderwater() {
        // The worked example of docs/METRICS.md: 30 days, 03-01 … 03-30, the trades on 03-02 … 03-04.
        let metrics = PerformanceMetrics(curve: handCurve(days: 30), trades: handTrades)
        // Returns r = [0, 0.1, −0.1, 0.1, then 26 × 0], n = 30: exactly the minimum.
        #expect(metrics.days == 30 && metrics.returns == 30)
        // mean = 0.1 / 30 = 1/300
        // Σ(r − mean)² = Σr² − n·mean² = 0.03 − 30/90000 = 89/3000; sample var = 89/3000/29 = 89/87000
        // Sharpe = (1/300) / sqrt(89/87000) × sqrt(365) = 1.99108499960585…
        #expect(near(metrics.sharpe, (1.0 / 300) / (89.0 / 87_000).squareRoot() * 365.0.squareRoot()))
        #expect(near(metrics.sharpe, 1.9910849996058508))
        // Downside deviation = sqrt(0.01 / 30) = sqrt(1/3000)
        // Sortino = (1/300) / sqrt(1/3000) × sqrt(365) = sqrt(1095000) / 300 = 3.48807492272…
        #expect(near(metrics.sortino, 1_095_000.0.squareRoot() / 300))
        #expect(near(metrics.sortino, 3.4880749227427246))
        // Max drawdown: peak 1100 on 03-02, trough 990 on 03-03: 110, 110/1100 = 0.1
        #expect(metrics.maxDrawdown == Drawdown(amount: 110, fraction: 0.1, peak: 1100, startDay: day("2024-03-02"), endDay: day("2024-03-03")))
        #expect(metrics.maxDrawdown?.percent == 10)
        // Annualised = (1089 / 1000)^(365 / 30) − 1 = 1.82166772…; Calmar = 1.82166772 / 0.1 = 18.2166772…
        let annualised = pow(1.089, 365.0 / 30) - 1
        #expect(near(metrics.annualisedReturn, annualised))
        #expect(near(metrics.annualisedReturn, 1.821667723337847))
        #expect(near(metrics.calmar, annualised / 0.1))
        #expect(near(metrics.calmar, 18.21667723337847, tolerance: 1e-8))
        // 03-03 … 03-30 all close below the 1100 peak: 28 days
        #expect(metrics.longestUnderwaterDays == 28)
        // Net: 1089 − 1000 = 89 = 8.9 %
        #expect(metrics.netPnL == 89 && metrics.finalEquity == 1089 && metrics.openingEquity == 1000)
        #expect(near(metrics.netPnLFraction, 0.089))
        #expect(metrics.whyNull.isEmpty)
    }

    @Test func oneDayShortOfTheMinimumLeavesEveryAnnualisedFigureNullWithItsReason() {
        // The same month one day shorter: 29 returns.
        let metrics = PerformanceMetrics(curve: handCurve(days: 29), trades: handTrades)
        #expect(PerformanceMetrics.minimumDailyReturns == 30)
        #expect(metrics.sharpe == nil && metrics.sortino == nil && metrics.annualisedReturn == nil && metrics.calmar == nil)
        let reason = "needs at least 30 daily returns; the curve has 29"
        #expect(metrics.whyNull[.sharpe] == reason && metrics.whyNull[.sortino] == reason && metrics.whyNull[.annualisedReturn] == reason)
        #expect(metrics.whyNull[.calmar] == "the annualised return is null: " + reason)
        // What needs no annualisation is still there.
        #expect(metrics.maxDrawdown?.amount == 110 && metrics.longestUnderwaterDays == 27)
        #expect(metrics.whyNull[.equityMaxDrawdownStart] == nil)
    }

    @Test func handExampleTradeMetrics() {
        let stats = PerformanceMetrics(curve: handCurve(), trades: handTrades).trading
        #expect(stats.trades == 4 && stats.wins == 2 && stats.losses == 2 && stats.breakeven == 0)
        #expect(stats.winRate == 0.5)
        // gross profit 100 + 99 = 199, gross loss 50 + 60 = 110, PF = 199 / 110 = 1.809090…
        #expect(stats.grossProfit == 199 && stats.grossLoss == 110 && stats.netPnL == 89)
        #expect(near(stats.profitFactor, 199.0 / 110))
        // expectancy 89 / 4 = 22.25
        #expect(stats.expectancy == Decimal(string: "22.25"))
        // no risk given: no average R; SQN from P&L: mean 22.25,
        // deviations 77.75, −72.25, −82.25, 76.75 → squares 6045.0625 + 5220.0625 + 6765.0625 + 5890.5625 = 23920.75
        // stdev = sqrt(23920.75 / 3); SQN = sqrt(4) × 22.25 / stdev
        #expect(stats.averageR == nil && stats.tradesWithRisk == 0)
        #expect(stats.whyNull == [.averageR: "no trade had a stop, so none has an R multiple"])
        #expect(near(stats.sqn, 2 * 22.25 / (23920.75 / 3).squareRoot()))
        #expect(near(stats.sqn, 0.4983485996538582))   // 44.5 / 89.2949…
        // close order +100, −50, −60, +99
        #expect(stats.longestWinStreak == 1 && stats.longestLossStreak == 2)
    }

    @Test func drawdownPeakIsTheLastDayAtThePeakAndTroughTheLowestClose() {
        // 1000, 1100, 1100, 1045, 990, 1100: the fall starts after the second 1100 (03-03)
        let metrics = PerformanceMetrics(curve: curve([1000, 1100, 1100, 1045, 990, 1100]), trades: [])
        // deepest: 1100 − 990 = 110, 0.1, from 03-03 to 03-05
        #expect(metrics.maxDrawdown == Drawdown(amount: 110, fraction: 0.1, peak: 1100, startDay: day("2024-03-03"), endDay: day("2024-03-05")))
        // 03-04 and 03-05 below 1100; 03-06 is back at the peak (equal is not underwater)
        #expect(metrics.longestUnderwaterDays == 2)
    }

    @Test func deepestDrawdownIsByFractionNotAmount() {
        // 1000 → 800: −200 = 20 %; 2000 → 1700: −300 = 15 %. The 20 % one is the max drawdown.
        let metrics = PerformanceMetrics(curve: curve([1000, 800, 2000, 1700]), trades: [])
        #expect(metrics.maxDrawdown == Drawdown(amount: 200, fraction: 0.2, peak: 1000, startDay: day("2024-03-01"), endDay: day("2024-03-02")))
        // underwater runs: 03-02 (1 day), 03-04 (1 day)
        #expect(metrics.longestUnderwaterDays == 1)
        // 4 returns: no Calmar from four days (it would be ((1700 / 1000)^(365 / 4) − 1) / 0.2 ≈ 5 × 10²¹)
        #expect(metrics.calmar == nil)
        #expect(metrics.whyNull[.calmar] == "the annualised return is null: needs at least 30 daily returns; the curve has 4")
    }

    @Test func underwaterCountsTheLongestRunBelowTheRunningPeak() {
        // 1000, 900, 950, 1000, 990, 1010: runs 03-02…03-03 (2 days) and 03-05 (1 day)
        let metrics = PerformanceMetrics(curve: curve([1000, 900, 950, 1000, 990, 1010]), trades: [])
        #expect(metrics.longestUnderwaterDays == 2)
        #expect(metrics.maxDrawdown?.amount == 100 && metrics.maxDrawdown?.fraction == 0.1)
        // a curve that ends under water counts to its end: 1000, 990, 980, 970 → 3
        #expect(PerformanceMetrics(curve: curve([1000, 990, 980, 970]), trades: []).longestUnderwaterDays == 3)
    }

    @Test func aFirstCloseBelowTheOpeningEquityIsADrawdownFromIt() {
        // Opening 1000, closes 900, 950, 1000: the opening equity is the first peak.
        let metrics = PerformanceMetrics(curve: curve([900, 950, 1000], initial: 1000), trades: [])
        // 1000 − 900 = 100, 0.1, from the opening day to its close
        #expect(metrics.maxDrawdown == Drawdown(amount: 100, fraction: 0.1, peak: 1000, startDay: day("2024-03-01"), endDay: day("2024-03-01")))
        // 900 and 950 are under water; 1000 is back at the peak
        #expect(metrics.longestUnderwaterDays == 2)
        #expect(metrics.netPnL == 0 && metrics.netPnLFraction == 0)
        #expect(metrics.returns == 3)   // 900/1000 − 1, 950/900 − 1, 1000/950 − 1
    }

    // MARK: - Streaks, R, SQN

    @Test func streaksFollowCloseOrderAndAZeroTradeBreaksBoth() {
        let pnls: [Decimal] = [1, 2, 3, 0, 4, -1, -2, 0, -3, -4, -5, 1]
        let trades = pnls.enumerated().map { offset, pnl in
            close("2024-03-01T00:00:00Z", pnl).with(closedAt: time("2024-03-01T00:00:00Z").adding(milliseconds: Int64(offset) * 60_000))
        }
        // given out of order: the close time decides
        let stats = TradeStatistics(trades: Array(trades.reversed()))
        // wins: 1, 2, 3 | 0 | 4 → 3 (not 4 or 5); losses: −1, −2 | 0 | −3, −4, −5 → 3 (not 5)
        #expect(stats.longestWinStreak == 3)
        #expect(stats.longestLossStreak == 3)
        #expect(stats.wins == 5 && stats.losses == 5 && stats.breakeven == 2 && stats.trades == 12)
        // win rate counts breakeven trades in the denominator: 5 / 12
        #expect(near(stats.winRate, 5.0 / 12))
    }

    @Test func averageRAndSQNFromRiskMultiples() {
        let trades = [
            close("2024-03-01T01:00:00Z", 20, risk: 10),    // R  2
            close("2024-03-01T02:00:00Z", -10, risk: 10),   // R −1
            close("2024-03-01T03:00:00Z", 30, risk: 10),    // R  3
            close("2024-03-01T04:00:00Z", -5, risk: -5),    // R −1 (short: (entry − stop) × qty < 0, magnitude used)
            close("2024-03-01T05:00:00Z", 10, risk: 5),     // R  2
            close("2024-03-01T06:00:00Z", 7),               // no stop: no R
            close("2024-03-01T07:00:00Z", 3, risk: 0),      // zero risk: no R
        ]
        let stats = TradeStatistics(trades: trades)
        // R = [2, −1, 3, −1, 2]: mean 5 / 5 = 1
        #expect(stats.tradesWithRisk == 5)
        #expect(stats.averageR == 1)
        // deviations 1, −2, 2, −2, 1 → squares 1 + 4 + 4 + 4 + 1 = 14; sample var 14 / 4 = 3.5
        // SQN = sqrt(5) × 1 / sqrt(3.5) = sqrt(10 / 7) = 1.19522860933…
        #expect(near(stats.sqn, (10.0 / 7).squareRoot()))
        #expect(near(stats.sqn, 1.1952286093343936))
    }

    @Test func sqnFallsBackToPnLWhenNoTradeHasRisk() {
        let stats = TradeStatistics(trades: [close("2024-03-01T01:00:00Z", 10), close("2024-03-01T02:00:00Z", -5),
                                             close("2024-03-01T03:00:00Z", 25)])
        // P&L [10, −5, 25]: mean 10; squares 0 + 225 + 225 = 450; var 450 / 2 = 225; stdev 15
        // SQN = sqrt(3) × 10 / 15 = 1.15470053837…
        #expect(stats.averageR == nil)
        #expect(near(stats.sqn, 3.0.squareRoot() * 10 / 15))
        #expect(near(stats.sqn, 1.1547005383792515))
    }

    // MARK: - Breakdowns

    var breakdownTrades: [TradeResult] {
        [
            close("2024-03-03T23:30:00Z", 30, strategy: "momentum", symbol: "BTCUSDT"),   // Sunday, 2024-W09
            close("2024-03-04T00:15:00Z", -10, strategy: "momentum", symbol: "ETHUSDT"),  // Monday, 2024-W10
            close("2024-03-04T23:00:00Z", 20, strategy: "breakout", symbol: "BTCUSDT"),
            close("2024-04-01T00:00:00Z", -20, strategy: "breakout", symbol: "BTCUSDT"),  // Monday, 2024-W14
        ]
    }

    @Test func breakdownByStrategyAndPair() {
        let byStrategy = PerformanceMetrics.breakdown(breakdownTrades, by: .strategy)
        #expect(byStrategy.map(\.key) == ["breakout", "momentum"])
        // breakout: +20, −20 → net 0, win rate 0.5, PF 20/20 = 1, expectancy 0
        let breakout = byStrategy[0].statistics
        #expect(breakout.trades == 2 && breakout.netPnL == 0 && breakout.winRate == 0.5)
        #expect(breakout.profitFactor == 1 && breakout.expectancy == 0)
        // momentum: +30, −10 → net 20, PF 3, expectancy 10
        let momentum = byStrategy[1].statistics
        #expect(momentum.netPnL == 20 && momentum.profitFactor == 3 && momentum.expectancy == 10)

        let byPair = PerformanceMetrics.breakdown(breakdownTrades, by: .pair)
        #expect(byPair.map(\.key) == ["BTCUSDT", "ETHUSDT"])
        // BTCUSDT: 30, 20, −20 → net 30, PF 50 / 20 = 2.5, win rate 2/3, expectancy 10
        #expect(byPair[0].statistics.trades == 3 && byPair[0].statistics.netPnL == 30)
        #expect(byPair[0].statistics.profitFactor == 2.5 && byPair[0].statistics.expectancy == 10)
        #expect(near(byPair[0].statistics.winRate, 2.0 / 3))
        // ETHUSDT: one loss → win rate 0, PF 0 / 10 = 0
        #expect(byPair[1].statistics.winRate == 0 && byPair[1].statistics.profitFactor == 0)
    }

    @Test func breakdownByHourAndPeriodUsesTheUTCCloseTime() {
        let byHour = PerformanceMetrics.breakdown(breakdownTrades, by: .hour)
        #expect(byHour.map(\.key) == ["00", "23"])
        #expect(byHour.map(\.statistics.netPnL) == [-30, 50])
        #expect(byHour[1].statistics.profitFactor == nil)   // no loss at 23h

        let byDay = PerformanceMetrics.breakdown(breakdownTrades, by: .day)
        #expect(byDay.map(\.key) == ["2024-03-03", "2024-03-04", "2024-04-01"])
        #expect(byDay.map(\.statistics.trades) == [1, 2, 1])

        let byWeek = PerformanceMetrics.breakdown(breakdownTrades, by: .week)
        #expect(byWeek.map(\.key) == ["2024-W09", "2024-W10", "2024-W14"])
        #expect(byWeek.map(\.statistics.netPnL) == [30, 10, -20])

        let byMonth = PerformanceMetrics.breakdown(breakdownTrades, by: .month)
        #expect(byMonth.map(\.key) == ["2024-03", "2024-04"])
        #expect(byMonth.map(\.statistics.netPnL) == [40, -20])
        #expect(near(byMonth[0].statistics.winRate, 2.0 / 3))
    }

    @Test func groupedTakesAnyKey() {
        let tiers = ["momentum": "sniper", "breakout": "hunter"]
        let byTier = PerformanceMetrics.grouped(breakdownTrades) { tiers[$0.strategy] ?? "?" }
        #expect(byTier.map(\.key) == ["hunter", "sniper"])
        #expect(byTier.map(\.statistics.trades) == [2, 2])
        #expect(PerformanceMetrics.grouped([]) { $0.symbol }.isEmpty)
    }

    @Test func isoWeeksBelongToTheYearOfTheirThursday() {
        func week(_ date: String) -> String { TradeBreakdown.week.key(close(date + "T12:00:00Z", 1)) }
        #expect(week("2024-12-30") == "2025-W01")   // Monday of the week holding 2025-01-02
        #expect(week("2021-01-03") == "2020-W53")   // Sunday ending 2020's 53rd week
        #expect(week("2020-12-31") == "2020-W53")
        #expect(week("2027-01-01") == "2026-W53")
        #expect(week("2026-01-01") == "2026-W01")
        #expect(week("1970-01-01") == "1970-W01")
        #expect(week("1969-12-29") == "1970-W01")   // before the epoch: negative day numbers
        // the integer calendar agrees with Foundation's for every day of 1968 … 2032
        for dayNumber in Int64(-730)...Int64(22_645) {
            let stamp = Timestamp(milliseconds: dayNumber * Timestamp.millisecondsPerDay)
            let trade = TradeResult(closedAt: stamp, openedAt: stamp, symbol: "X", strategy: "s", pnl: 0)
            #expect(TradeBreakdown.day.key(trade) == stamp.utcDate)
            let date = Timestamp.civil(dayNumber)
            #expect(Timestamp.dayNumber(year: date.year, month: date.month, day: date.day) == dayNumber)
        }
    }

    // MARK: - Undefined values

    @Test func noTradesAndOneDayLeaveEverythingUndefinedWithTheReasons() {
        let one = EquityCurve(initialBalance: 1000, startDay: day("2024-03-01"), endDay: day("2024-03-01"), changes: [])
        let metrics = PerformanceMetrics(curve: one, trades: [])
        #expect(metrics.trading == TradeStatistics())
        #expect(metrics.trading.winRate == nil && metrics.trading.profitFactor == nil && metrics.trading.expectancy == nil)
        #expect(metrics.trading.averageR == nil && metrics.trading.sqn == nil)
        #expect(metrics.trading.whyNull == [.winRate: "no closed trades", .profitFactor: "no closed trades", .expectancy: "no closed trades",
                                            .averageR: "no closed trades", .sqn: "no closed trades"])
        #expect(metrics.trading.longestWinStreak == 0 && metrics.trading.longestLossStreak == 0)
        // One day: one return (1000/1000 − 1 = 0).
        #expect(metrics.days == 1 && metrics.returns == 1)
        #expect(metrics.sharpe == nil && metrics.sortino == nil && metrics.annualisedReturn == nil && metrics.calmar == nil)
        #expect(metrics.whyNull[.sharpe] == "needs at least 30 daily returns; the curve has 1")
        #expect(metrics.maxDrawdown == nil && metrics.longestUnderwaterDays == 0)
        #expect(metrics.whyNull[.equityMaxDrawdownStart] == "the curve never closed below a peak (the opening equity counts as one)")
        #expect(metrics.netPnL == 0 && metrics.netPnLFraction == 0)
        // an empty curve: the final equity is the opening equity
        let empty = PerformanceMetrics(curve: EquityCurve(initialBalance: 0, startDay: 2, endDay: 1, changes: []), trades: [])
        #expect(empty.finalEquity == 0 && empty.netPnLFraction == nil && empty.sharpe == nil && empty.days == 0)
        #expect(empty.whyNull[.periodStart] == "the curve is empty" && empty.whyNull[.equityNetPnLPercent] == "the initial balance is not positive")
    }

    /// A month: closes given for the first days, the last one carried to day 30.
    func month(_ closes: [Decimal], initial: Decimal = 1000) -> EquityCurve {
        curve(closes + Array(repeating: closes.last!, count: 30 - closes.count), initial: initial)
    }

    @Test func noLossesMeansNoProfitFactorNoSortinoNoDrawdown() {
        let trades = [close("2024-03-02T12:00:00Z", 100), close("2024-03-03T12:00:00Z", 50)]
        let curve = month([1000, 1100, 1150])
        let metrics = PerformanceMetrics(curve: curve, trades: trades)
        #expect(metrics.trading.profitFactor == nil && metrics.trading.winRate == 1)
        #expect(metrics.trading.whyNull[.profitFactor] == "no losing trade: the gross loss it divides by is 0")
        // returns 0, 0.1, 1150/1100 − 1 = 1/22, then 27 × 0: no negative return → downside deviation 0
        #expect(metrics.sortino == nil && metrics.whyNull[.sortino] == "no day lost money (downside deviation 0)")
        #expect(metrics.maxDrawdown == nil && metrics.calmar == nil && metrics.longestUnderwaterDays == 0)
        #expect(metrics.whyNull[.calmar] == "no drawdown to divide by: the curve never closed below a peak")
        // Sharpe exists: mean m = (0.1 + 1/22) / 30, sample var = (0.1² + (1/22)² − 30 m²) / 29
        let mean = (0.1 + 1.0 / 22) / 30
        let variance = (0.01 + 1.0 / 484 - 30 * mean * mean) / 29
        #expect(near(metrics.sharpe, mean / variance.squareRoot() * 365.0.squareRoot()))
        #expect(near(metrics.sharpe, 4.679995744455496, tolerance: 1e-8))
        // (1150 / 1000)^(365 / 30) − 1
        #expect(near(metrics.annualisedReturn, pow(1.15, 365.0 / 30) - 1))
    }

    @Test func flatCurveHasNoRatiosButAZeroReturn() {
        let metrics = PerformanceMetrics(curve: month([1000]), trades: [])
        #expect(metrics.days == 30 && metrics.returns == 30)
        #expect(metrics.sharpe == nil && metrics.whyNull[.sharpe] == "the daily returns do not vary (standard deviation 0)")
        #expect(metrics.sortino == nil)      // downside deviation 0
        #expect(metrics.annualisedReturn == 0)
        #expect(metrics.maxDrawdown == nil && metrics.calmar == nil && metrics.longestUnderwaterDays == 0)
    }

    @Test func aOneTradeTwoDaySessionPrintsNoAnnualisedFigure() {
        let trade = close("2024-03-02T12:00:00Z", -100, risk: 50)
        let curve = EquityCurve(initialBalance: 1000, startDay: day("2024-03-01"), endDay: day("2024-03-02"),
                                changes: [(trade.closedAt, trade.pnl)])
        let metrics = PerformanceMetrics(curve: curve, trades: [trade])
        // r = [0, −0.1]: two returns, far below the 30 an annualised figure needs
        #expect(metrics.sharpe == nil && metrics.sortino == nil && metrics.annualisedReturn == nil && metrics.calmar == nil)
        #expect(metrics.whyNull[.sortino] == "needs at least 30 daily returns; the curve has 2")
        // the drawdown needs no annualisation: 100 / 1000 = 0.1 from the opening day (the first close, 1000, equals it)
        #expect(metrics.maxDrawdown == Drawdown(amount: 100, fraction: 0.1, peak: 1000, startDay: day("2024-03-01"), endDay: day("2024-03-02")))
        #expect(metrics.trading.averageR == -2 && metrics.trading.sqn == nil)
        #expect(metrics.trading.whyNull[.sqn] == "needs at least 2 trades with a stop; there is 1")
        #expect(metrics.trading.profitFactor == 0 && metrics.trading.longestLossStreak == 1)
    }
}

extension TradeResult {
    fileprivate func with(closedAt: Timestamp) -> TradeResult {
        var copy = self
        copy.closedAt = closedAt
        return copy
    }
}
