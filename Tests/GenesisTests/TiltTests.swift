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

@Suite struct TiltLevelTests {
    let config = TiltFixture.config

    @Test func levelsChangeExactlyAtTheThresholds() {
        #expect(TiltLevel(score: 0, config: config) == .normal)
        #expect(TiltLevel(score: 29, config: config) == .normal)
        #expect(TiltLevel(score: 30, config: config) == .caution)
        #expect(TiltLevel(score: 59, config: config) == .caution)
        #expect(TiltLevel(score: 60, config: config) == .warning)
        #expect(TiltLevel(score: 79, config: config) == .warning)
        #expect(TiltLevel(score: 80, config: config) == .locked)
        #expect(TiltLevel(score: 100, config: config) == .locked)
    }

    @Test func thresholdsComeFromTheConfiguration() {
        var config = config
        config.cautionAt = 10
        #expect(TiltLevel(score: 9, config: config) == .normal)
        #expect(TiltLevel(score: 10, config: config) == .caution)
    }

    @Test func levelsAreOrderedAndCodable() throws {
        #expect(TiltLevel.normal < .caution && .caution < .warning && .warning < .locked)
        #expect(max(TiltLevel.warning, .caution) == .warning)
        let data = try JSONEncoder().encode([TiltLevel.locked])
        #expect(String(decoding: data, as: UTF8.self) == "[\"LOCKED\"]")
        #expect(try JSONDecoder().decode([TiltLevel].self, from: data) == [.locked])
    }

    @Test func messagesAreOneCalmSentence() {
        for level in TiltLevel.allCases {
            let message = level.message
            #expect(message.hasSuffix("."))
            #expect(!message.dropLast().contains(". "), "one sentence: \(message)")
            for word in ["stupid", "fail", "bad", "reckless", "mistake", "you should be"] {
                #expect(!message.lowercased().contains(word))
            }
        }
        #expect(TiltLevel.warning.message.contains("halved"))
        #expect(TiltLevel.warning.message.contains("reason"))
        #expect(TiltLevel.locked.message.contains("exits"))
        #expect(TiltLevel.locked.message.contains("gen-tilt journal"))
    }
}

@Suite struct TiltDetectorTests {
    typealias F = TiltFixture
    var config = F.config

    func assess(_ history: TiltHistory, baseline: TiltBaseline? = nil, now: Timestamp) -> TiltAssessment {
        TiltDetector(config: config).assess(history, baseline: baseline, now: now)
    }

    /// A revenge entry (30 points) tripped at `t0`.
    var revenge: TiltHistory {
        TiltHistory(trades: [F.loss(closed: F.at(-30)), F.trade(opened: F.at(0), pnl: 1)])
    }

    @Test func aReadingCountsFullyWhenFreshAndFadesLinearly() {
        let fresh = assess(revenge, now: F.at(0))
        #expect(fresh.score == 30)
        #expect(fresh.readings.map(\.indicator) == [.revengeEntry])
        #expect(fresh.readings[0].points == 30 && fresh.readings[0].initialPoints == 30)

        let half = assess(revenge, now: F.minutes(120))       // half of the 240-minute window
        #expect(half.score == 15)
        #expect(half.readings[0].points == 15)

        let quarter = assess(revenge, now: F.minutes(180))
        #expect(quarter.readings[0].points == 7.5)
        #expect(quarter.score == 8)                            // 7.5 rounds half up

        #expect(assess(revenge, now: F.minutes(240)).score == 0)
        #expect(assess(revenge, now: F.minutes(240)).readings.isEmpty)
        #expect(assess(revenge, now: F.minutes(300)).readings.isEmpty)
    }

    @Test func evidenceAfterNowDoesNotCount() {
        #expect(assess(revenge, now: F.at(-1)).readings.isEmpty)
    }

    @Test func decayWindowComesFromTheConfiguration() {
        var config = config
        config.decayMinutes = 60
        let detector = TiltDetector(config: config)
        #expect(detector.assess(revenge, baseline: nil, now: F.minutes(30)).score == 15)
        #expect(detector.assess(revenge, baseline: nil, now: F.minutes(60)).score == 0)
    }

    /// One bargaining reading of `weight` points at `t0`.
    func levelFor(weight: Int) -> TiltAssessment {
        var config = config
        config.weights.bargaining = weight
        return TiltDetector(config: config).assess(TiltHistory(orders: [F.order("a", placed: F.t0, modifications: 6)]), baseline: nil, now: F.t0)
    }

    @Test func levelsFollowTheScore() {
        #expect(levelFor(weight: 29).level == .normal)
        #expect(levelFor(weight: 30).level == .caution)
        #expect(levelFor(weight: 59).level == .caution)
        #expect(levelFor(weight: 60).level == .warning)
        #expect(levelFor(weight: 79).level == .warning)
        #expect(levelFor(weight: 80).level == .locked)
        #expect(levelFor(weight: 80).score == 80)
    }

    @Test func scoreIsClampedAtOneHundred() {
        let events = (0..<12).map { F.event(.overrideAttempt, F.at(Double($0))) }
        let result = assess(TiltHistory(behaviour: events), now: F.at(20))
        #expect(result.readings.filter { $0.indicator == .manualOverride }.count == 12)
        #expect(result.readings.contains { $0.indicator == .frequencyDeviation })      // twelve attempts in a minute: chasing too
        #expect(result.score == 100)
        #expect(result.level == .locked)
    }

    @Test func readingsAreSortedByPointsNow() {
        let history = TiltHistory(
            trades: [F.loss(closed: F.at(-30)), F.trade(opened: F.at(0), pnl: 1)],   // revenge 30 at t0
            orders: [F.order("a", placed: F.minutes(-120), modifications: 9)],          // bargaining 10, half decayed
            behaviour: [F.event(.manualOrder, F.minutes(-60), "ETHUSDT buy")])          // manual override 10, quarter decayed
        let result = assess(history, now: F.t0)
        #expect(result.readings.map(\.indicator) == [.revengeEntry, .manualOverride, .bargaining])
        #expect(result.readings.map(\.points) == [30, 7.5, 5])
        #expect(result.score == 43)                                                   // 42.5 rounds up
    }

    @Test func threeLossesForceABreakFromTheLatestLoss() {
        let three = TiltHistory(trades: [F.loss(closed: F.minutes(-20)), F.loss(closed: F.minutes(-10)), F.loss(closed: F.t0)])
        #expect(assess(three, now: F.minutes(10)).forcedBreakUntil == F.minutes(30))
        #expect(assess(three, now: F.minutes(29)).forcedBreakUntil == F.minutes(30))
        #expect(assess(three, now: F.minutes(30)).forcedBreakUntil == nil)

        let two = TiltHistory(trades: [F.loss(closed: F.minutes(-10)), F.loss(closed: F.t0)])
        #expect(assess(two, now: F.minutes(1)).forcedBreakUntil == nil)

        let four = TiltHistory(trades: three.trades + [F.loss(closed: F.minutes(20))])
        #expect(assess(four, now: F.minutes(25)).forcedBreakUntil == F.minutes(50))

        let broken = TiltHistory(trades: three.trades + [F.win(closed: F.minutes(5))])
        #expect(assess(broken, now: F.minutes(6)).forcedBreakUntil == nil)
    }

    @Test func explanationHasOneCalmLinePerReadingAndTheBreak() {
        let history = TiltHistory(trades: [F.loss(closed: F.minutes(-20)), F.loss(closed: F.minutes(-10)), F.loss(closed: F.t0)])
        let result = assess(history, now: F.minutes(10))
        #expect(result.readings.map(\.indicator) == [.lossStreak])
        #expect(result.explanation.count == 2)
        #expect(result.explanation[0].hasPrefix("Loss streak: 3 losing trades in a row"))
        #expect(result.explanation[0].contains("the last at 12:00:00 UTC"))
        #expect(result.explanation[0].hasSuffix("29 points now."))              // 30 × (1 − 10/240) = 28.75
        #expect(result.explanation[1].contains("until 12:30:00 UTC"))
        #expect(result.explanation[1].contains("exits still go through"))
        #expect(assess(TiltHistory(), now: F.t0).explanation.isEmpty)
    }

    @Test func onlyAbsoluteRulesActWhileTheBaselineIsYoung() {
        // Off-hours manual activity and a size jump after a loss: baseline-dependent.
        let night = Timestamp(parsing: "2024-03-01T03:00:00Z")!
        var trades = (0..<6).map { F.trade(opened: night.adding(milliseconds: Int64($0) * 600_000), pnl: 1) }
        trades.append(F.loss(closed: night.adding(milliseconds: 3_900_000)))
        trades.append(F.trade(opened: night.adding(milliseconds: 4_000_000), symbol: "ETHUSDT", notional: 500, pnl: 1))
        let history = TiltHistory(trades: trades, behaviour: [F.event(.configChange, night.adding(milliseconds: 4_100_000))])
        let now = night.adding(milliseconds: 4_200_000)

        let young = assess(history, baseline: F.notEstablished, now: now)
        #expect(!young.readings.contains { $0.indicator.needsBaseline })
        #expect(assess(history, baseline: nil, now: now).readings.filter { $0.indicator.needsBaseline }.isEmpty)

        let grown = assess(history, baseline: F.established(usualHours: Array(8...17)), now: now)
        #expect(Set(grown.readings.map(\.indicator)) == [.offHours, .sizeEscalation])
    }

    @Test func aLearnedBaselineTurnsAFastHourIntoAReading() throws {
        // Forty days of four orders and one manual order an hour from 10:00 UTC; today twelve orders by 10:50.
        let now = F.minutes(-70)                                                  // 10:50
        let ten = F.minutes(-120)                                                 // 10:00 today
        var orders: [OrderRecord] = []
        var behaviour: [BehaviourRecord] = []
        for day in 1...40 {
            let start = ten.adding(milliseconds: -Int64(day) * Timestamp.millisecondsPerDay)
            orders += (0..<4).map { F.order("d\(day)-\($0)", placed: start.adding(milliseconds: Int64($0) * 600_000)) }
            behaviour.append(F.event(.manualOrder, start.adding(milliseconds: 1_800_000)))
        }
        orders += (0..<12).map { F.order("today-\($0)", placed: ten.adding(milliseconds: Int64($0) * 272_727)) }
        behaviour.append(F.event(.manualOrder, F.minutes(-75), "BTCUSDT buy"))      // 10:45
        let history = TiltHistory(orders: orders, behaviour: behaviour)

        let baseline = TiltBaseline.learn(from: history, now: now, config: config)
        #expect(baseline.established)
        #expect(baseline.usualHours == [10])
        let band = try #require(baseline.tradesPerHour.byHour[10])
        #expect(band.median == 4 && band.samples == 30)

        let result = assess(history, baseline: baseline, now: now)
        #expect(result.readings.map(\.indicator) == [.frequencyDeviation, .manualOverride])
        #expect(result.readings[0].initialPoints == 45)                            // far outside a flat band: capped at 3 × 15
        #expect(result.score == 55)                                                // 45 + 10 × (1 − 5/240)
        #expect(result.level == .caution)

        let young = TiltBaseline.learn(from: history, now: F.days(-15), config: config)
        #expect(!young.established)
        #expect(assess(history, baseline: young, now: now).score == 10)
    }

    @Test func theAbsoluteRulesActWithoutAnyBaseline() {
        let trades = [F.loss(closed: F.minutes(-3)), F.loss(closed: F.minutes(-2)), F.loss(closed: F.minutes(-1)),
                      F.trade(opened: F.minutes(-0.5), pnl: 1)]
        let orders = (0..<5).map { F.order("o\($0)", placed: F.minutes(Double(-10 + $0)), canceledAfter: $0 < 3 ? 1 : nil) }
        let result = assess(TiltHistory(trades: trades, orders: orders), baseline: nil, now: F.t0)
        #expect(Set(result.readings.map(\.indicator)) == [.lossStreak, .revengeEntry, .cancelRate])
        #expect(TiltIndicator.allCases.filter(\.needsBaseline) == [.sizeEscalation, .offHours])
    }

    /// Issue 12 ("Clocks"): the warm-up footnote said only three indicators
    /// act in the first 30 days, but seven did. It is now built from the
    /// indicators' own warm-up rule.
    @Test func theWarmUpFootnoteSaysWhatActs() {
        #expect(TiltIndicator.allCases.filter { $0.warmUp == .acts } == [.lossStreak, .revengeEntry, .cancelRate, .bargaining, .manualOverride,
                                                                           .configThrashing, .impulsiveReaction, .rageRestarts])
        #expect(TiltIndicator.allCases.filter { $0.warmUp == .absoluteRule } == [.frequencyDeviation])
        #expect(TiltIndicator.warmUpNote(config: config)
                == "the baseline needs 30 days of history; until then size escalation and activity outside usual hours wait for it, trading pace counts more than 6 manual entries an hour, and the other 8 indicators act as usual")
    }

    // MARK: Issue 12, "Clocks": the streak, the break and the journal

    /// Decided: each further loss of a running streak starts the break again
    /// from its own close (a fourth loss right after a break says the break
    /// did not help), also a loss of a position opened before the break.
    @Test func eachFurtherLossOfTheStreakRestartsTheBreak() {
        let three = [F.loss(closed: F.minutes(-20)), F.loss(closed: F.minutes(-10)), F.loss(closed: F.t0)]
        // The fourth loss closes during the break (a stop of a position opened before it).
        let during = TiltHistory(trades: three + [F.loss(closed: F.minutes(10))])
        #expect(assess(during, now: F.minutes(11)).forcedBreakUntil == F.minutes(40))
        let result = assess(during, now: F.minutes(11))
        #expect(result.readings.first { $0.indicator == .lossStreak }?.initialPoints == 40)
    }

    /// Decided: a journal unlock clears the slate — the streak counts the
    /// losses after it, so the next loss is not the fourth of a streak — but
    /// a break already running at the unlock runs to its end.
    @Test func aJournalUnlockRestartsTheStreakButNotTheBreak() {
        let three = [F.loss(closed: F.minutes(-20)), F.loss(closed: F.minutes(-10)), F.loss(closed: F.t0)]
        let unlock = F.minutes(15)
        let detector = TiltDetector(config: config)
        // The break imposed at 12:00 still holds after an unlock at 12:15.
        #expect(detector.assess(TiltHistory(trades: three), baseline: nil, now: F.minutes(16), since: unlock).forcedBreakUntil == F.minutes(30))
        #expect(detector.assess(TiltHistory(trades: three), baseline: nil, now: F.minutes(16), since: unlock).readings.isEmpty)
        // One loss after the unlock: a streak of one, no new break, no streak points.
        let one = TiltHistory(trades: three + [F.loss(closed: F.minutes(40))])
        let afterOne = detector.assess(one, baseline: nil, now: F.minutes(41), since: unlock)
        #expect(afterOne.forcedBreakUntil == nil)
        #expect(!afterOne.readings.contains { $0.indicator == .lossStreak })
        // Without the unlock the same loss would be the fourth: 40 points and a new break.
        let without = detector.assess(one, baseline: nil, now: F.minutes(41))
        #expect(without.forcedBreakUntil == F.minutes(70) && without.readings.first { $0.indicator == .lossStreak }?.initialPoints == 40)
        // Three losses after the unlock make a streak of their own.
        let again = TiltHistory(trades: three + [F.loss(closed: F.minutes(40)), F.loss(closed: F.minutes(45)), F.loss(closed: F.minutes(50))])
        let streak = detector.assess(again, baseline: nil, now: F.minutes(51), since: unlock)
        #expect(streak.forcedBreakUntil == F.minutes(80))
        #expect(streak.readings.first { $0.indicator == .lossStreak }?.initialPoints == 30)
    }

    /// Issue 12: `gen-tilt status` printed LOCKED above "carry on". The advice
    /// comes from the level printed, and a LOCKED score not yet applied says so.
    @Test func theAdviceMatchesTheLevelPrinted() {
        let locked = TiltAssessment(score: 83, level: .locked, readings: [], forcedBreakUntil: nil, at: F.t0)
        let pending = TiltReport(assessment: locked, standing: TiltStanding(), debt: 0, baselineEstablished: true, now: F.t0)
        #expect(pending.level == .locked && pending.lockPending)
        #expect(pending.howToResume.hasPrefix("The score is in the LOCKED range: the next check"))
        #expect(!pending.text.contains("carry on"))
        #expect(pending.json.contains(#""lock_pending":true"#))
        let applied = TiltReport(assessment: locked, standing: TiltStanding(score: 83, level: .locked, locked: true, lockoutEndsAt: F.minutes(5)),
                                 debt: 0, baselineEstablished: true, now: F.t0)
        #expect(!applied.lockPending && applied.howToResume.hasPrefix("New entries are paused until"))
        // A stored level that lags behind the score never picks the message.
        let caution = TiltAssessment(score: 35, level: .caution, readings: [], forcedBreakUntil: nil, at: F.t0)
        let lagging = TiltReport(assessment: caution, standing: TiltStanding(level: .normal), debt: 0, baselineEstablished: true, now: F.t0)
        #expect(lagging.howToResume == TiltLevel.caution.message)
        #expect(TiltReport(assessment: caution, standing: TiltStanding(), debt: 0, baselineEstablished: false, now: F.t0).text
                .contains("(the baseline needs 30 days of history; until then size escalation and activity outside usual hours wait for it"))
    }
}

@Suite struct TiltDebtTests {
    typealias F = TiltFixture
    let config = F.config

    func closed(_ minutes: Double, _ pnl: String) -> TradeRecord {
        F.trade(opened: F.minutes(minutes - 1), closed: F.minutes(minutes), pnl: F.decimal(pnl))
    }

    @Test func fractionsFollowTheLevel() {
        #expect(TiltDebt.fraction(at: .normal, config: config) == 0)
        #expect(TiltDebt.fraction(at: .caution, config: config) == F.decimal("0.1"))
        #expect(TiltDebt.fraction(at: .warning, config: config) == F.decimal("0.25"))
        #expect(TiltDebt.fraction(at: .locked, config: config) == F.decimal("0.5"))
    }

    @Test func lossesWhileTiltedCreateDebtAndProfitsRepayIt() {
        var trades: [(trade: TradeRecord, level: TiltLevel)] = [
            (closed(1, "-100"), .caution),    // +10    → 10
            (closed(2, "-40"), .warning),     // +10    → 20
            (closed(3, "-30"), .locked),      // +15    → 35
            (closed(4, "-50"), .normal),      // +0     → 35
        ]
        #expect(TiltDebt.outstanding(trades, config: config) == 35)
        trades.append((closed(5, "20"), .locked))          // repays 20 → 15
        #expect(TiltDebt.outstanding(trades, config: config) == 15)
        trades.append((closed(6, "0"), .locked))           // break-even: unchanged
        #expect(TiltDebt.outstanding(trades, config: config) == 15)
        trades.append((closed(7, "100"), .normal))         // repays all, never below 0
        #expect(TiltDebt.outstanding(trades, config: config) == 0)
        trades.append((closed(8, "-10.50"), .warning))     // 10.50 × 0.25 = 2.625 exactly
        #expect(TiltDebt.outstanding(trades, config: config) == F.decimal("2.625"))
        trades.append((closed(9, "-0.03"), .caution))      // + 0.003
        #expect(TiltDebt.outstanding(trades, config: config) == F.decimal("2.628"))
    }

    @Test func tradesAreTakenInOrderOfClosing() {
        // The profit closes first, so it repays nothing; the debt stays.
        let trades: [(trade: TradeRecord, level: TiltLevel)] = [(closed(2, "-100"), .locked), (closed(1, "80"), .normal)]
        #expect(TiltDebt.outstanding(trades, config: config) == 50)
        #expect(TiltDebt.outstanding([], config: config) == 0)
    }

    @Test func runningDebtMatchesTheWholeHistory() {
        var debt: Decimal = 0
        debt = TiltDebt.applying(closed(1, "-12.34"), at: .warning, to: debt, config: config)
        #expect(debt == F.decimal("3.085"))
        debt = TiltDebt.applying(closed(2, "1.085"), at: .caution, to: debt, config: config)
        #expect(debt == 2)
    }
}

@Suite struct LockoutScheduleTests {
    typealias F = TiltFixture
    let config = F.config

    @Test func escalatingLengthsFollowTheLadderThenTheMultiplierUpToTheCap() {
        let minutes = (1...9).map { LockoutSchedule.minutes(forEscalation: $0, config: config) }
        #expect(minutes == [5, 30, 1440, 2160, 3240, 4860, 7290, 10080, 10080])
        #expect(LockoutSchedule.minutes(forEscalation: 0, config: config) == 5)
        #expect(LockoutSchedule.minutes(forEscalation: 1000, config: config) == 10080)
    }

    @Test func fractionalProductsRoundToWholeMinutes() {
        var config = config
        config.lockoutMinutes = [5]
        config.lockoutCapMinutes = 100
        let minutes = (1...6).map { LockoutSchedule.minutes(forEscalation: $0, config: config) }
        #expect(minutes == [5, 8, 11, 17, 25, 38])     // 7.5, 11.25, 16.875, 25.3125, 37.96875
    }

    @Test func escalationResetsAfterThirtyQuietDays() {
        #expect(LockoutSchedule.escalation(previous: nil, now: F.t0, config: config) == 1)
        #expect(LockoutSchedule.escalation(previous: (escalation: 2, startedAt: F.days(-29)), now: F.t0, config: config) == 3)
        #expect(LockoutSchedule.escalation(previous: (escalation: 2, startedAt: F.days(-30)), now: F.t0, config: config) == 3)
        #expect(LockoutSchedule.escalation(previous: (escalation: 2, startedAt: F.days(-30).adding(milliseconds: -1)), now: F.t0, config: config) == 1)
    }

    @Test func endOfALockout() {
        #expect(LockoutSchedule.endsAt(startedAt: F.t0, escalation: 2, config: config) == F.minutes(30))
        #expect(LockoutSchedule.endsAt(startedAt: F.t0, escalation: 3, config: config) == F.days(1))
    }
}
