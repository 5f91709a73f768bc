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

@Suite struct TiltBaselineTests {
    typealias F = TiltFixture
    let config = F.config

    // MARK: Percentiles and bands

    @Test func percentilesInterpolateLinearlyBetweenRanks() {
        let ten = (1...10).map(Double.init)
        // rank = p/100 · (n − 1): P25 → 2.25 → 3 + 0.25·(4 − 3) = 3.25; P75 → 6.75 → 7.75; P50 → 4.5 → 5.5.
        #expect(TiltBaseline.percentile(25, ofSorted: ten) == 3.25)
        #expect(TiltBaseline.percentile(50, ofSorted: ten) == 5.5)
        #expect(TiltBaseline.percentile(75, ofSorted: ten) == 7.75)
        #expect(TiltBaseline.percentile(0, ofSorted: ten) == 1)
        #expect(TiltBaseline.percentile(100, ofSorted: ten) == 10)
        let five: [Double] = [15, 20, 35, 40, 50]
        // P40 → rank 1.6 → 20 + 0.6·(35 − 20) = 29.
        #expect(TiltBaseline.percentile(40, ofSorted: five) == 29)
        #expect(TiltBaseline.percentile(25, ofSorted: five) == 20)
        #expect(TiltBaseline.percentile(75, ofSorted: five) == 40)
        #expect(TiltBaseline.percentile(50, ofSorted: [7]) == 7)
        #expect(TiltBaseline.percentile(50, ofSorted: []) == 0)
    }

    @Test func bandIsTheQuartilesWidenedByOneAndAHalfIQRs() throws {
        let band = try #require(TiltBaseline.Band(samples: (1...10).reversed().map(Double.init)))   // order does not matter
        #expect(band.p25 == 3.25 && band.p75 == 7.75 && band.median == 5.5)
        #expect(band.iqr == 4.5)
        #expect(band.low == -3.5)                 // 3.25 − 6.75
        #expect(band.high == 14.5)                // 7.75 + 6.75
        #expect(band.samples == 10)
        #expect(band.contains(14.5) && !band.contains(14.6))
        #expect(band.severity(of: 5) == 0)
        #expect(band.severity(of: 14.5) == 0)
        #expect(band.severity(of: 19) == 1)       // 4.5 above the band = 1 IQR
        #expect(band.severity(of: 23.5) == 2)
        #expect(band.severity(of: -8) == 1)       // below the band
        #expect(TiltBaseline.Band(samples: []) == nil)
    }

    @Test func aFlatBandMeasuresDistanceInATenthOfTheMedianOrInUnits() throws {
        let flat = try #require(TiltBaseline.Band(samples: [4, 4, 4, 4]))
        #expect(flat.iqr == 0 && flat.low == 4 && flat.high == 4)
        #expect(flat.spread == 0.4)
        #expect(abs(flat.severity(of: 5) - 2.5) < 1e-12)
        let zeros = try #require(TiltBaseline.Band(samples: [0, 0, 0]))
        #expect(zeros.spread == 1)
        #expect(zeros.severity(of: 0.5) == 0.5)
    }

    // MARK: Learning

    /// An order placed `days` days and `minutes` minutes from `t0`.
    func order(_ id: String, days: Double, minutes: Double = 0, canceledAfter: Double? = nil) -> OrderRecord {
        F.order(id, placed: F.days(days).adding(milliseconds: Int64(minutes * 60_000)), canceledAfter: canceledAfter)
    }

    @Test func tradesPerHourCountsEntriesAndOrdersPerActiveClockHour() throws {
        // Three active hours two days ago holding 2, 3 and 4 (one of them an entry); quiet hours are not samples.
        var orders = [order("a1", days: -2, minutes: 5), order("a2", days: -2, minutes: 10)]
        orders += (0..<3).map { order("b\($0)", days: -2, minutes: 125 + Double($0)) }
        orders += (0..<3).map { order("c\($0)", days: -2, minutes: 245 + Double($0)) }
        let entry = F.trade(opened: F.days(-2).adding(milliseconds: 250 * 60_000), pnl: 1)
        let old = order("old", days: -31)          // outside the window, but it makes the history long enough
        let future = order("future", days: 1)
        let baseline = TiltBaseline.learn(from: TiltHistory(trades: [entry], orders: orders + [old, future]), now: F.t0, config: config)
        let band = try #require(baseline.tradesPerHour.overall)
        #expect(band.samples == 3)
        #expect(band.median == 3 && band.p25 == 2.5 && band.p75 == 3.5)
        #expect(band.low == 1 && band.high == 5)
        #expect(baseline.tradesPerHour.byHour.isEmpty)                    // no hour of day has 10 samples
        #expect(baseline.established)
        #expect(baseline.firstActivity == F.days(-31))
        #expect(baseline.learnedAt == F.t0)
    }

    @Test func anHourOfDayGetsItsOwnBandFromTenSamples() {
        // One order at 09:15 on each of ten days, at 10:15 on nine.
        let nineOClock = (1...10).map { order("n\($0)", days: Double(-$0), minutes: -165) }
        let tenOClock = (1...9).map { order("t\($0)", days: Double(-$0), minutes: -105) }
        let baseline = TiltBaseline.learn(from: TiltHistory(orders: nineOClock + tenOClock), now: F.t0, config: config)
        #expect(Set(baseline.tradesPerHour.byHour.keys) == [9])
        #expect(baseline.tradesPerHour.byHour[9]?.samples == 10)
        #expect(baseline.tradesPerHour.overall?.samples == 19)
        #expect(baseline.tradesPerHour.band(atHour: 9) == baseline.tradesPerHour.byHour[9])
        #expect(baseline.tradesPerHour.band(atHour: 10) == baseline.tradesPerHour.overall)
        #expect(!baseline.established)                                    // only ten days of history
    }

    func manual(at hour: Int, count: Int, day: Int = -1) -> [BehaviourRecord] {
        (0..<count).map { F.event(.manualOrder, F.days(Double(day)).adding(milliseconds: Int64(hour - 12) * 3_600_000 + Int64($0) * 60_000)) }
    }

    @Test func usualHoursHoldAtLeastFivePercentOfManualActivity() {
        let twenty = manual(at: 9, count: 10) + manual(at: 10, count: 9) + manual(at: 22, count: 1, day: -2)
        #expect(TiltBaseline.learn(from: TiltHistory(behaviour: twenty), now: F.t0, config: config).usualHours == [9, 10, 22])   // 1/20 = 5%
        let twentyOne = twenty + manual(at: 9, count: 1, day: -3)
        #expect(TiltBaseline.learn(from: TiltHistory(behaviour: twentyOne), now: F.t0, config: config).usualHours == [9, 10])    // 1/21 < 5%
        let restarts = (0..<30).map { F.event(.watcherRestart, F.days(-1).adding(milliseconds: Int64($0) * 3_600_000)) }
        let learned = TiltBaseline.learn(from: TiltHistory(behaviour: twenty + restarts), now: F.t0, config: config)
        #expect(learned.usualHours == [9, 10, 22])                         // restarts are not manual
        #expect(learned.manualActions == 20)
    }

    @Test func usualHoursAreUnknownWithFewerThanTenManualActions() {
        #expect(TiltBaseline.learn(from: TiltHistory(behaviour: manual(at: 9, count: 9)), now: F.t0, config: config).usualHours == nil)
        #expect(TiltBaseline.learn(from: TiltHistory(behaviour: manual(at: 9, count: 10)), now: F.t0, config: config).usualHours == [9])
    }

    @Test func cancelRateIsOneShareAPerDayWithOrders() throws {
        let dayOne = [order("a", days: -2, canceledAfter: 1), order("b", days: -2, minutes: 1, canceledAfter: 30),
                      order("c", days: -2, minutes: 2), order("d", days: -2, minutes: 3)]
        let dayTwo = [order("e", days: -1), order("f", days: -1, minutes: 1)]
        let band = try #require(TiltBaseline.learn(from: TiltHistory(orders: dayOne + dayTwo), now: F.t0, config: config).cancelRate)
        #expect(band.samples == 2)
        #expect(band.median == 0.125 && band.p25 == 0.0625 && band.p75 == 0.1875)
    }

    @Test func typicalSizeIsTheEntryNotionals() throws {
        let trades = ["100", "200", "300"].enumerated().map { F.trade(opened: F.days(-1).adding(milliseconds: Int64($0.offset) * 60_000), notional: F.decimal($0.element), pnl: 1) }
        let stale = F.trade(opened: F.days(-31), notional: 5000, pnl: 1)
        let band = try #require(TiltBaseline.learn(from: TiltHistory(trades: trades + [stale]), now: F.t0, config: config).typicalSize.overall)
        #expect(band.samples == 3 && band.median == 200 && band.p25 == 150 && band.p75 == 250)
    }

    @Test func theBaselineIsEstablishedAfterThirtyDays() {
        func learned(firstAt time: Timestamp) -> TiltBaseline {
            TiltBaseline.learn(from: TiltHistory(behaviour: [F.event(.configChange, time)]), now: F.t0, config: config)
        }
        #expect(learned(firstAt: F.days(-30)).established)
        #expect(learned(firstAt: F.days(-31)).established)
        #expect(!learned(firstAt: F.days(-30).adding(milliseconds: 1)).established)
        #expect(!learned(firstAt: F.days(-29)).established)
        #expect(!TiltBaseline.learn(from: TiltHistory(), now: F.t0, config: config).established)
        #expect(TiltHistory().firstActivity == nil)
    }

    @Test func refreshAfterSevenDaysOrOnceItCouldBeEstablished() {
        let grown = TiltBaseline(learnedAt: F.t0, firstActivity: F.days(-40), established: true)
        #expect(!grown.needsRefresh(now: F.days(7).adding(milliseconds: -1), config: config))
        #expect(grown.needsRefresh(now: F.days(7), config: config))
        #expect(grown.needsRefresh(now: F.days(-1), config: config))          // learned "in the future": a rewound clock
        let young = TiltBaseline(learnedAt: F.t0, firstActivity: F.days(-25), established: false)
        #expect(!young.needsRefresh(now: F.days(4), config: config))
        #expect(young.needsRefresh(now: F.days(5), config: config))           // 30 days since the first activity
    }

    @Test func theBaselineRoundTripsThroughJSON() throws {
        var orders = (1...12).map { order("n\($0)", days: Double(-$0), minutes: -165, canceledAfter: $0 % 3 == 0 ? 2 : nil) }
        orders.append(order("old", days: -35))
        let trades = (1...12).map { F.trade(opened: F.days(Double(-$0)), notional: Decimal(100 + $0), pnl: 1) }
        let baseline = TiltBaseline.learn(from: TiltHistory(trades: trades, orders: orders, behaviour: manual(at: 9, count: 12)), now: F.t0, config: config)
        let data = try JSONEncoder().encode(baseline)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"learnedAt\":\(F.t0.milliseconds)"))
        #expect(try JSONDecoder().decode(TiltBaseline.self, from: data) == baseline)
        let empty = TiltBaseline(learnedAt: F.t0, firstActivity: nil, established: false)
        #expect(try JSONDecoder().decode(TiltBaseline.self, from: JSONEncoder().encode(empty)) == empty)
    }
}
