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

@Suite struct TiltIndicatorTests {
    typealias F = TiltFixture
    let config = F.config

    // MARK: Loss streak

    func losses(_ count: Int) -> [TradeRecord] {
        (0..<count).map { F.loss(closed: F.minutes(Double($0 - count + 1))) }    // the last closes at t0
    }

    @Test func lossStreakTripsAtThreeAndStrengthensAtFive() {
        func reading(_ trades: [TradeRecord]) -> [IndicatorReading] {
            TiltIndicators.lossStreak(TiltHistory(trades: trades), now: F.minutes(1), config: config)
        }
        #expect(reading(losses(2)).isEmpty)
        #expect(reading(losses(3)).map(\.points) == [30])
        #expect(reading(losses(4)).map(\.points) == [40])
        #expect(reading(losses(5)).map(\.points) == [60])                // 50 + strong bonus 10
        #expect(reading(losses(6)).map(\.points) == [70])
        #expect(reading(losses(3)).first?.at == F.t0)
        #expect(reading(losses(4)).first?.evidence == "4 losing trades in a row, 20 lost in all, the last at 12:00:00 UTC.")
    }

    @Test func aWinOrBreakEvenEndsTheStreak() {
        let now = F.minutes(10)
        let history = TiltHistory(trades: losses(4) + [F.win(closed: F.minutes(2))])
        #expect(TiltIndicators.lossStreak(history, now: now, config: config).isEmpty)
        let evenTrade = F.trade(opened: F.minutes(1), closed: F.minutes(2), pnl: 0)
        #expect(TiltIndicators.lossStreak(TiltHistory(trades: losses(4) + [evenTrade]), now: now, config: config).isEmpty)

        // W L L then L: only the run after the win counts.
        let after = TiltHistory(trades: [F.loss(closed: F.minutes(-9)), F.win(closed: F.minutes(-8)),
                                         F.loss(closed: F.minutes(-2)), F.loss(closed: F.minutes(-1))])
        #expect(TiltIndicators.currentLossStreak(after, now: F.t0).count == 2)
        #expect(TiltIndicators.lossStreak(TiltHistory(trades: after.trades + [F.loss(closed: F.t0)]), now: F.t0, config: config).map(\.points) == [30])
    }

    @Test func lossStreakIgnoresClosesAfterNow() {
        let history = TiltHistory(trades: losses(3))
        #expect(TiltIndicators.lossStreak(history, now: F.at(-1), config: config).isEmpty)
        #expect(TiltIndicators.lossStreak(history, now: F.t0, config: config).count == 1)
    }

    // MARK: Revenge entry

    func reentry(after seconds: Double, symbol: String = "BTCUSDT", exit: String = TradeRecord.stopLoss, pnl: Decimal = -5) -> [IndicatorReading] {
        let history = TiltHistory(trades: [F.loss(closed: F.t0, pnl: pnl, exit: exit),
                                           F.trade(opened: F.at(seconds), symbol: symbol, pnl: 1)])
        return TiltIndicators.revengeEntry(history, now: F.minutes(5), config: config)
    }

    @Test func reentryWithinSixtySecondsOfAStopIsRevenge() {
        #expect(reentry(after: 59).map(\.points) == [30])
        #expect(reentry(after: 60).map(\.points) == [30])
        #expect(reentry(after: 61).isEmpty)
        #expect(reentry(after: 59).first?.at == F.at(59))
        #expect(reentry(after: 42).first?.evidence == "A new BTCUSDT entry 42 s after its stop-loss closed at 12:00:00 UTC (5 lost).")
    }

    /// Issue 12: re-entering 60 s after closing at a loss by hand was not
    /// revenge, because only a stop-loss counted. Any losing close counts.
    @Test func reentryNeedsTheSameSymbolAndALossHoweverItClosed() {
        #expect(reentry(after: 10, symbol: "ETHUSDT").isEmpty)
        #expect(reentry(after: 60, exit: TradeRecord.exit).map(\.points) == [30])
        #expect(reentry(after: 60, exit: TradeRecord.exit).first?.evidence == "A new BTCUSDT entry 60 s after a losing exit closed at 12:00:00 UTC (5 lost).")
        #expect(reentry(after: 61, exit: TradeRecord.exit).isEmpty)
        #expect(reentry(after: 10, pnl: 2).isEmpty)          // a stop that closed in profit is no loss
        #expect(reentry(after: 10, exit: TradeRecord.takeProfit, pnl: 2).isEmpty)
    }

    func succession(_ minutes: [Double], pnl: Decimal = -5) -> [IndicatorReading] {
        let entries = minutes.enumerated().map { F.trade(opened: F.minutes($0.element), symbol: "SYM\($0.offset)", pnl: 1) }
        let history = TiltHistory(trades: [F.loss(closed: F.t0, pnl: pnl, exit: TradeRecord.exit)] + entries)
        return TiltIndicators.revengeEntry(history, now: F.minutes(15), config: config)
    }

    @Test func threeEntriesWithinTenMinutesOfALossAreRevenge() {
        #expect(succession([1, 2]).isEmpty)
        #expect(succession([1, 2, 10]).map(\.points) == [30])
        #expect(succession([1, 2, 10]).first?.at == F.minutes(10))
        #expect(succession([1, 2, 10 + 1.0 / 60]).isEmpty)
        #expect(succession([1, 2, 3, 4]).count == 1)
        #expect(succession([1, 2, 3], pnl: 1).isEmpty)
    }

    @Test func anEntryTripsOnlyOneRevengeReading() {
        // Two losses a minute apart, then three quick entries: one reading.
        let entries = [3.0, 4, 5].map { F.trade(opened: F.minutes($0), symbol: "ETHUSDT", pnl: 1) }
        let history = TiltHistory(trades: [F.loss(closed: F.t0, exit: TradeRecord.exit), F.loss(closed: F.minutes(1), exit: TradeRecord.exit)] + entries)
        #expect(TiltIndicators.revengeEntry(history, now: F.minutes(10), config: config).count == 1)
    }

    // MARK: Size escalation

    /// Ten entries of 100 (wins), then a stop-loss, then an entry of `size` a minute later.
    func sizeAfterLoss(_ size: String, baseline: TiltBaseline? = F.established(), previousWin: Bool = false) -> [IndicatorReading] {
        var trades = (0..<10).map { F.trade(opened: F.minutes(Double(-60 + 3 * $0)), notional: 100, pnl: 1) }
        trades.append(previousWin ? F.win(closed: F.minutes(-1)) : F.loss(closed: F.minutes(-1)))
        trades.append(F.trade(opened: F.t0, symbol: "ETHUSDT", notional: F.decimal(size), pnl: 1))
        return TiltIndicators.sizeEscalation(TiltHistory(trades: trades), baseline: baseline, now: F.minutes(1), config: config)
    }

    @Test func sizeAfterALossAboveOneAndAHalfTimesTheRecentMedian() {
        #expect(sizeAfterLoss("149.99").isEmpty)
        #expect(sizeAfterLoss("150").isEmpty)
        #expect(sizeAfterLoss("150.01").map(\.points) == [20])
        #expect(sizeAfterLoss("150.01").first?.at == F.t0)
        #expect(sizeAfterLoss("150.01").first?.evidence == "An entry of 150.01 in ETHUSDT at 12:00:00 UTC after a loss, against a recent median of 100.")
        #expect(sizeAfterLoss("300", previousWin: true).isEmpty)
    }

    @Test func sizeEscalationWaitsForTheBaseline() {
        #expect(sizeAfterLoss("300", baseline: nil).isEmpty)
        #expect(sizeAfterLoss("300", baseline: F.notEstablished).isEmpty)
    }

    @Test func sizeFarAboveTheTypicalBandWeighsMore() {
        // Typical size band 80…120 (IQR 10): 150.01 is 3 IQRs above, capped at 3×.
        let sizes = TiltBaseline.HourlyBands(overall: F.band(low: 80, high: 120, iqr: 10, median: 100))
        let band = F.established(typicalSize: sizes)
        #expect(sizeAfterLoss("150.01", baseline: band).first?.points ?? 0 == 20 * 3)
        // Below the cap the points follow the distance in IQRs: 145.5 is 2.55 above.
        #expect(abs(sizes.overall!.severity(of: 145.5) - 2.55) < 1e-9)
    }

    func alternation(_ sizes: [String]) -> [IndicatorReading] {
        let trades = sizes.enumerated().map { F.trade(opened: F.minutes(Double(-60 + 5 * $0.offset)), notional: F.decimal($0.element), pnl: 1) }
        return TiltIndicators.sizeEscalation(TiltHistory(trades: trades), baseline: F.established(), now: F.t0, config: config)
    }

    @Test func sizesAlternatingBetweenMinAndMax() {
        #expect(alternation(["100", "150", "100", "150", "100", "150"]).map(\.points) == [20])
        #expect(alternation(["150", "100", "150", "100", "150", "100"]).count == 1)
        #expect(alternation(["100", "150", "101", "149", "100", "150"]).count == 1)    // each across the midpoint 125
        #expect(alternation(["100", "149", "100", "149", "100", "149"]).isEmpty)       // spread below 1.5×
        #expect(alternation(["100", "150", "100", "100", "150", "100"]).isEmpty)       // not alternating
        #expect(alternation(["100", "150", "100", "150", "100"]).isEmpty)              // only five entries
        #expect(alternation(["100", "150", "100", "150", "100", "150", "100"]).count == 1)  // overlapping windows trip once
        #expect(alternation(["100", "150", "100", "150", "100", "150"]).first?.evidence.contains("between 100 and 150") == true)
    }

    // MARK: Frequency deviation

    /// `count` orders spread over the 50 minutes before 12:50 (the last at 12:50).
    func orders(_ count: Int, endingAt end: Timestamp = F.minutes(50), over minutes: Double = 50) -> [OrderRecord] {
        (0..<count).map { F.order("f\($0)", placed: end.adding(milliseconds: -Int64(Double($0) * minutes * 60_000 / Double(max(count, 1))))) }
    }

    @Test func chasingIsMoreThanTwiceTheUsualPace() {
        let baseline = F.established(tradesPerHour: .init(overall: F.band(low: 2, high: 8, iqr: 2, median: 5)))
        func frequency(_ count: Int) -> [IndicatorReading] {
            TiltIndicators.frequencyDeviation(TiltHistory(orders: orders(count)), baseline: baseline, now: F.minutes(50), config: config)
        }
        #expect(frequency(10).isEmpty)
        #expect(frequency(11).map(\.points) == [22.5])         // (11 − 8) / 2 = 1.5 IQRs
        #expect(frequency(14).map(\.points) == [45])           // 3 IQRs
        #expect(frequency(30).map(\.points) == [45])           // capped at 3×
        #expect(frequency(11).first?.at == F.minutes(50))
        #expect(frequency(11).first?.evidence == "11 trades and orders in the hour to 12:50:00 UTC, against a usual 5 for that hour.")
    }

    @Test func chasingUsesTheHourOfDayBandWhenThereIsOne() {
        let bands = TiltBaseline.HourlyBands(overall: F.band(low: 2, high: 8, iqr: 2, median: 5), byHour: [12: F.band(low: 10, high: 30, iqr: 5, median: 20)])
        let baseline = F.established(tradesPerHour: bands)
        #expect(TiltIndicators.frequencyDeviation(TiltHistory(orders: orders(11)), baseline: baseline, now: F.minutes(50), config: config).isEmpty)
        let trades = (0..<11).map { F.trade(opened: F.minutes(-59 + Double($0)), pnl: 1) }     // hour 11: the overall band applies
        #expect(TiltIndicators.frequencyDeviation(TiltHistory(trades: trades), baseline: baseline, now: F.minutes(-49), config: config).count == 1)
    }

    @Test func paralysisIsBelowAFifthOfTheUsualPaceDuringASession() {
        let baseline = F.established(tradesPerHour: .init(overall: F.band(low: 4, high: 16, iqr: 4, median: 10)))
        func frequency(lastHour: Int, earlier: Double = -120) -> [IndicatorReading] {
            let earlierOrders = [F.order("e", placed: F.minutes(earlier))]
            let recent = (0..<lastHour).map { F.order("r\($0)", placed: F.minutes(Double(-10 - $0))) }
            return TiltIndicators.frequencyDeviation(TiltHistory(orders: earlierOrders + recent), baseline: baseline, now: F.t0, config: config)
        }
        #expect(frequency(lastHour: 2).isEmpty)                 // 2 is not below 0.2 × 10
        #expect(frequency(lastHour: 1).map(\.points) == [15])    // (4 − 1) / 4 = 0.75 IQRs, at least 1×
        #expect(frequency(lastHour: 0).map(\.points) == [15])
        #expect(frequency(lastHour: 1).first?.at == F.t0)
        #expect(frequency(lastHour: 0, earlier: -239).count == 1)   // within the 3 hours before the last one
        #expect(frequency(lastHour: 0, earlier: -241).isEmpty)      // no active session
    }

    @Test func frequencyWaitsForTheBaseline() {
        let history = TiltHistory(orders: orders(40))
        #expect(TiltIndicators.frequencyDeviation(history, baseline: nil, now: F.minutes(50), config: config).isEmpty)
        #expect(TiltIndicators.frequencyDeviation(history, baseline: F.notEstablished, now: F.minutes(50), config: config).isEmpty)
        #expect(TiltIndicators.frequencyDeviation(history, baseline: F.established(), now: F.minutes(50), config: config).isEmpty)  // no band learned
    }

    // MARK: Cancel rate

    func cancels(total: Int, quick: Int, after seconds: Double = 1, baseline: TiltBaseline? = nil) -> [IndicatorReading] {
        let orders = (0..<total).map { F.order("c\($0)", placed: F.minutes(Double(-30 + $0)), canceledAfter: $0 < quick ? seconds : nil) }
        return TiltIndicators.cancelRate(TiltHistory(orders: orders), baseline: baseline, now: F.t0, config: config)
    }

    @Test func cancelRateTripsAboveFortyPercent() {
        #expect(cancels(total: 5, quick: 2).isEmpty)             // exactly 0.4
        #expect(cancels(total: 10, quick: 4).isEmpty)            // exactly 0.4
        #expect(cancels(total: 12, quick: 5).map(\.points) == [15])   // 0.4167
        #expect(cancels(total: 5, quick: 3).map(\.points) == [15])
        #expect(cancels(total: 4, quick: 4).isEmpty)             // too few orders to judge
        #expect(cancels(total: 5, quick: 3).first?.at == F.minutes(-28).adding(milliseconds: 1000))
        #expect(cancels(total: 5, quick: 3).first?.evidence == "3 of 5 orders in the last 24 hours were cancelled within 5 s, the last at 11:32:01 UTC.")
    }

    @Test func aQuickCancelIsWithinFiveSeconds() {
        #expect(cancels(total: 5, quick: 3, after: 5).count == 1)
        #expect(cancels(total: 5, quick: 3, after: 5.001).isEmpty)
        #expect(cancels(total: 5, quick: 3, after: 6).isEmpty)
    }

    @Test func cancelRateCountsTheLastTwentyFourHoursOnly() {
        let old = (0..<5).map { F.order("old\($0)", placed: F.days(-1).adding(milliseconds: -Int64($0) * 1000), canceledAfter: 1) }
        let recent = (0..<5).map { F.order("new\($0)", placed: F.minutes(Double(-30 + $0)), canceledAfter: $0 < 2 ? 1 : nil) }
        #expect(TiltIndicators.cancelRate(TiltHistory(orders: old + recent), baseline: nil, now: F.t0, config: config).isEmpty)
    }

    @Test func anEstablishedCancelBaselineScalesThePoints() {
        let baseline = F.established(cancelRate: F.band(low: 0, high: 0.2, iqr: 0.1, median: 0.1))
        #expect(cancels(total: 5, quick: 3, baseline: baseline).map(\.points) == [45])      // (0.6 − 0.2) / 0.1 = 4, capped at 3
        let wide = F.established(cancelRate: F.band(low: 0, high: 0.5, iqr: 0.5, median: 0.25))
        #expect(cancels(total: 5, quick: 3, baseline: wide).map(\.points) == [15])          // inside or near the band: at least 1×
        #expect(cancels(total: 5, quick: 3, baseline: F.notEstablished).map(\.points) == [15])
    }

    // MARK: Bargaining

    @Test func bargainingIsMoreThanFiveModifications() {
        func reading(_ modifications: Int) -> [IndicatorReading] {
            TiltIndicators.bargaining(TiltHistory(orders: [F.order("b", placed: F.t0, modifications: modifications)]), now: F.minutes(1), config: config)
        }
        #expect(reading(4).isEmpty)
        #expect(reading(5).isEmpty)
        #expect(reading(6).map(\.points) == [10])
        #expect(reading(6).first?.evidence == "Order b, placed at 12:00:00 UTC, was changed 6 times.")
        let two = TiltHistory(orders: [F.order("x", placed: F.t0, modifications: 6), F.order("y", placed: F.t0, modifications: 7)])
        #expect(TiltIndicators.bargaining(two, now: F.t0, config: config).count == 2)
    }

    // MARK: Manual override

    @Test func eachOverrideCountsInsideTheDecayWindow() {
        let history = TiltHistory(behaviour: [
            F.event(.manualOrder, F.minutes(-10), "BTCUSDT buy 0.01"), F.event(.overrideAttempt, F.minutes(-5)), F.event(.forcedResume, F.minutes(-1)),
            F.event(.configChange, F.minutes(-2)), F.event(.halt, F.minutes(-3)),
            F.event(.overrideAttempt, F.minutes(-240)),     // aged out exactly
            F.event(.manualOrder, F.minutes(1)),            // after now
        ])
        let readings = TiltIndicators.manualOverride(history, now: F.t0, config: config)
        #expect(readings.map(\.points) == [10, 10, 10])
        #expect(readings.first?.evidence == "A manual entry at 11:50:00 UTC (BTCUSDT buy 0.01).")
        #expect(TiltIndicators.manualOverride(history, now: F.minutes(-239.5), config: config).count == 1)
    }

    /// Issue 12: every manual order, exits and refused signals included,
    /// added 10. Taking risk off is not an override, nor is an entry refused
    /// for its size; an entry refused by a discipline rule is an attempt.
    @Test func exitsAndEntriesRefusedForSizeAreNotOverrides() {
        #expect(BehaviourKind.ofManualSignal(side: .sell, refusedBy: nil) == .manualExit)
        #expect(BehaviourKind.ofManualSignal(side: .sell, refusedBy: RiskRule.noPosition.rawValue) == .manualExit)
        #expect(BehaviourKind.ofManualSignal(side: .buy, refusedBy: nil) == .manualOrder)
        #expect(BehaviourKind.ofManualSignal(side: .buy, refusedBy: RiskRule.minimumPosition.rawValue) == .manualRefused)
        #expect(BehaviourKind.ofManualSignal(side: .buy, refusedBy: RiskRule.tiltLocked.rawValue) == .overrideAttempt)
        #expect(BehaviourKind.ofManualSignal(side: .buy, refusedBy: RiskRule.tradingState.rawValue) == .overrideAttempt)
        let history = TiltHistory(behaviour: [F.event(.manualExit, F.minutes(-10)), F.event(.manualRefused, F.minutes(-5)), F.event(.halt, F.minutes(-3))])
        #expect(TiltIndicators.manualOverride(history, now: F.t0, config: config).isEmpty)
    }

    // MARK: Config thrashing

    func configChanges(_ minutes: [Double]) -> [IndicatorReading] {
        TiltIndicators.configThrashing(TiltHistory(behaviour: minutes.map { F.event(.configChange, F.minutes($0)) }), now: F.t0, config: config)
    }

    @Test func configThrashingIsMoreThanThreeChangesInADay() {
        #expect(configChanges([-30, -20, -10]).isEmpty)
        #expect(configChanges([-40, -30, -20, -10]).map(\.points) == [15])
        #expect(configChanges([-40, -30, -20, -10]).first?.at == F.minutes(-10))
        #expect(configChanges([-40, -30, -20, -10]).first?.evidence == "4 settings changes within 24 hours (more than 3 is thrashing), the last at 11:50:00 UTC.")
        #expect(configChanges([-1440 - 10, -30, -20, -10]).count == 1)           // exactly 24 hours from first to last
        #expect(configChanges([-1440 - 10 - 0.001, -30, -20, -10]).isEmpty)      // 60 ms more than a day
    }

    /// Issue 12 ("Clocks"): the weight capped at 15, so thrashing alone never
    /// reached CAUTION. Each change beyond the limit adds the weight, up to 3×.
    @Test func moreThrashingWeighsMoreButAloneNeverLocks() {
        #expect(configChanges([-50, -40, -30, -20, -10]).map(\.points) == [30])
        #expect(configChanges([-60, -50, -40, -30, -20, -10]).map(\.points) == [45])
        #expect(configChanges((1...12).map { Double(-$0) }).map(\.points) == [45])
        let five = TiltHistory(behaviour: [-50.0, -40, -30, -20, -10].map { F.event(.configChange, F.minutes($0)) })
        #expect(TiltDetector(config: config).assess(five, baseline: nil, now: F.minutes(-10)).level == .caution)
        let dozen = TiltHistory(behaviour: (1...12).map { F.event(.configChange, F.minutes(Double(-$0))) })
        #expect(TiltDetector(config: config).assess(dozen, baseline: nil, now: F.t0).level == .caution)
    }

    // MARK: Off-hours

    let night = Timestamp(parsing: "2024-03-01T03:10:00Z")!

    func offHours(_ events: [BehaviourRecord], baseline: TiltBaseline? = F.established(usualHours: Array(8...17)), now: Timestamp? = nil) -> [IndicatorReading] {
        TiltIndicators.offHours(TiltHistory(behaviour: events), baseline: baseline, now: now ?? night.adding(milliseconds: 3_600_000), config: config)
    }

    @Test func manualActivityOutsideUsualHours() {
        #expect(offHours([F.event(.manualOrder, night)]).map(\.points) == [10])
        #expect(offHours([F.event(.manualOrder, night)]).first?.evidence
                == "1 manual action between 03:00 and 04:00 UTC, outside the usual hours (08:00–18:00 UTC); the last at 03:10:00 UTC.")
        #expect(offHours([F.event(.watcherRestart, night)]).isEmpty)
        let day = Timestamp(parsing: "2024-03-01T10:00:00Z")!
        #expect(offHours([F.event(.configChange, day)], now: day).isEmpty)
        let edge = Timestamp(parsing: "2024-03-01T17:59:59Z")!
        #expect(offHours([F.event(.halt, edge)], now: edge).isEmpty)
        let after = Timestamp(parsing: "2024-03-01T18:00:00Z")!
        #expect(offHours([F.event(.halt, after)], now: after).count == 1)
    }

    @Test func offHoursCountsOncePerClockHour() {
        let events = [F.event(.manualOrder, night), F.event(.resume, night.adding(milliseconds: 600_000)), F.event(.halt, night.adding(milliseconds: 3_300_000))]
        let readings = offHours(events, now: night.adding(milliseconds: 3_400_000))
        #expect(readings.count == 2)
        #expect(readings.first?.evidence.hasPrefix("2 manual actions between 03:00 and 04:00 UTC") == true)
    }

    @Test func offHoursWaitsForTheBaselineAndItsUsualHours() {
        #expect(offHours([F.event(.manualOrder, night)], baseline: nil).isEmpty)
        #expect(offHours([F.event(.manualOrder, night)], baseline: F.notEstablished).isEmpty)
        #expect(offHours([F.event(.manualOrder, night)], baseline: F.established(usualHours: nil)).isEmpty)
    }

    // MARK: Impulsive reaction

    func impulsive(after seconds: Double, kind: BehaviourKind = .manualOrder, pnl: Decimal = -5) -> [IndicatorReading] {
        let history = TiltHistory(trades: [F.loss(closed: F.t0, pnl: pnl)], behaviour: [F.event(kind, F.at(seconds))])
        return TiltIndicators.impulsiveReaction(history, now: F.minutes(1), config: config)
    }

    @Test func aManualActionUnderTwoSecondsAfterALoss() {
        #expect(impulsive(after: 1.9).map(\.points) == [20])
        #expect(impulsive(after: 0).count == 1)
        #expect(impulsive(after: 2).isEmpty)
        #expect(impulsive(after: 2.1).isEmpty)
        #expect(impulsive(after: -0.5).isEmpty)                  // before the loss
        #expect(impulsive(after: 1, pnl: 5).isEmpty)             // after a win
        #expect(impulsive(after: 1, kind: .watcherRestart).isEmpty)
        #expect(impulsive(after: 1, kind: .forcedResume).count == 1)
        #expect(impulsive(after: 1.5).first?.evidence == "A manual entry 1.5 s after the losing BTCUSDT trade closed at 12:00:00 UTC.")
        #expect(impulsive(after: 1, kind: .manualRefused).count == 1)
    }

    /// Issue 12: closing a losing position by hand was scored as an
    /// "immediate reaction to a loss, 0 s after the losing trade". The exit
    /// is the loss; taking risk off (an exit, a halt) is no reaction to it.
    @Test func anExitOrAHaltIsNotAnImpulsiveReaction() {
        #expect(impulsive(after: 0, kind: .manualExit).isEmpty)
        #expect(impulsive(after: 1, kind: .halt).isEmpty)
        #expect(impulsive(after: 1, kind: .resume).count == 1)
        #expect(impulsive(after: 1, kind: .configChange).count == 1)
    }

    // MARK: Trading pace in the first 30 days

    /// Issue 12: a new trader's 30 entries in an hour raised no pace signal.
    @Test func aBurstOfManualEntriesIsChasingBeforeTheBaselineExists() {
        func pace(_ count: Int, every seconds: Double, baseline: TiltBaseline? = nil) -> [IndicatorReading] {
            let events = (0..<count).map { F.event($0 % 3 == 2 ? .manualRefused : .manualOrder, F.at(Double($0) * seconds)) }
            return TiltIndicators.frequencyDeviation(TiltHistory(behaviour: events), baseline: baseline, now: F.at(Double(count) * seconds), config: config)
        }
        #expect(pace(6, every: 60).isEmpty)                                  // six in an hour: the limit
        #expect(pace(7, every: 60).map(\.points) == [17.5])                  // 15 × 7/6
        #expect(pace(30, every: 120).map(\.points) == [45])                  // 30 in an hour: capped at 3×
        #expect(pace(30, every: 120).first?.evidence
                == "30 manual entries in the hour to 12:58:00 UTC; until there are 30 days of history to learn a usual pace from, more than 6 an hour counts as chasing.")
        #expect(pace(7, every: 600).isEmpty)                                  // seven in seventy minutes
        #expect(pace(30, every: 120, baseline: F.notEstablished).count == 1)
        // Strategy entries are the plan: only manual ones count.
        let strategies = TiltHistory(trades: (0..<30).map { F.trade(opened: F.at(Double($0) * 60), pnl: 1) })
        #expect(TiltIndicators.frequencyDeviation(strategies, baseline: nil, now: F.minutes(30), config: config).isEmpty)
        var relaxed = config
        relaxed.warmUpEntriesPerHour = 40
        let events = (0..<30).map { F.event(.manualOrder, F.at(Double($0) * 60)) }
        #expect(TiltIndicators.frequencyDeviation(TiltHistory(behaviour: events), baseline: nil, now: F.minutes(30), config: relaxed).isEmpty)
    }

    // MARK: Rage restarts

    func restarts(_ minutes: [Double]) -> [IndicatorReading] {
        let kinds: [BehaviourKind] = [.halt, .resume, .watcherRestart, .halt]
        let events = minutes.enumerated().map { F.event(kinds[$0.offset % kinds.count], F.minutes($0.element)) }
        return TiltIndicators.rageRestarts(TiltHistory(behaviour: events), now: F.minutes(11), config: config)
    }

    @Test func threeRestartsWithinTenMinutesAreRage() {
        #expect(restarts([0, 5]).isEmpty)
        #expect(restarts([0, 5, 10]).map(\.points) == [20])
        #expect(restarts([0, 5, 10]).first?.at == F.minutes(10))
        #expect(restarts([0, 5, 10 + 0.001 / 60]).isEmpty)
        #expect(restarts([0, 2, 4, 6]).first?.evidence == "4 halts, resumes or watcher restarts within 10 minutes, the last at 12:06:00 UTC.")
        let manual = TiltHistory(behaviour: [F.event(.manualOrder, F.t0), F.event(.configChange, F.minutes(1)), F.event(.halt, F.minutes(2))])
        #expect(TiltIndicators.rageRestarts(manual, now: F.minutes(3), config: config).isEmpty)
    }
}
