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

@Suite struct IndicatorTests {
    @Test func rollingWindowTracksSumMaxMinOverTheLastValues() {
        var window = RollingWindow(capacity: 3)
        window.append(5)
        #expect(!window.isFull)
        #expect(window.maximum == 5 && window.minimum == 5)
        window.append(1)
        window.append(3)
        #expect(window.isFull)
        #expect(window.sum == 9 && window.mean == 3)
        #expect(window.maximum == 5 && window.minimum == 1)
        window.append(2) // 5 leaves
        #expect(window.maximum == 3 && window.minimum == 1 && window.sum == 6)
        window.append(4) // 1 leaves
        #expect(window.maximum == 4 && window.minimum == 2 && window.sum == 9)
        for value in 0..<1000 { window.append(Double(value % 7)) }
        // Last three: 997 % 7 = 3, 998 % 7 = 4, 999 % 7 = 5
        #expect(window.maximum == 5 && window.minimum == 3 && window.sum == 12)
    }

    /// Hand-computed Wilder DMI with period 2 (see the comments for each step).
    @Test func directionalMovementMatchesHandComputedValues() {
        var dmi = DirectionalMovement(period: 2)
        dmi.update(high: 10, low: 8, close: 9)
        dmi.update(high: 12, low: 9, close: 11)    // TR 3, +DM 2
        #expect(dmi.atr == nil)
        dmi.update(high: 13, low: 10, close: 12)   // TR 3, +DM 1 → sums TR 6, +DM 3
        #expect(dmi.atr == 3)
        #expect(dmi.plusDI == 50)
        #expect(dmi.minusDI == 0)
        #expect(dmi.adx == nil)                    // one DX (100) so far
        dmi.update(high: 12, low: 9, close: 10)    // TR 3, −DM 1 → TR 6, +DM 1.5, −DM 1
        #expect(dmi.atr == 3)
        #expect(dmi.plusDI == 25)
        #expect(abs(dmi.minusDI! - 50.0 / 3) < 1e-12)
        #expect(abs(dmi.adx! - 60) < 1e-12)        // (100 + 20) / 2
        dmi.update(high: 11, low: 7, close: 8)     // TR 4, −DM 2 → TR 7, +DM 0.75, −DM 2.5
        #expect(dmi.atr == 3.5)
        #expect(abs(dmi.plusDI! - 75.0 / 7) < 1e-12)
        #expect(abs(dmi.minusDI! - 250.0 / 7) < 1e-12)
        let dx = 100 * (250.0 / 7 - 75.0 / 7) / (325.0 / 7)
        #expect(abs(dmi.adx! - (60 + dx) / 2) < 1e-12)
        #expect(abs(dmi.adx! - 56.923076923076923) < 1e-12)
    }

    func bar(_ index: Int, close: Double, high: Double? = nil, low: Double? = nil, volume: Double = 10) -> Bar {
        Bar(time: Timestamp(milliseconds: Int64(index + 1) * 60_000), open: close - 0.1, high: high ?? close + 0.3, low: low ?? close - 0.3, close: close, volume: volume)
    }

    /// A steady climb (strong ADX, +DI on top), then one bar closing 5% above the 20-bar high.
    func climb() -> [Bar] { (0..<40).map { bar($0, close: 100 + Double($0) * 0.5) } }

    @Test func momentumBreakoutFiresOnceOnACraftedBreakout() throws {
        var strategy = MomentumBreakout(settings: GenesisConfig().strategies.momentumBreakout)
        for bar in climb() { #expect(strategy.update(bar) == nil) }
        let highest = 100 + 39 * 0.5 + 0.3
        let breakout = bar(40, close: highest * 1.05, high: highest * 1.05 + 0.1, low: 119.4, volume: 20)
        let fired = strategy.update(breakout)
        let trigger = try #require(fired)
        #expect(trigger.side == .buy)
        #expect(abs(trigger.level - highest) < 1e-9)
        #expect(trigger.volumeRatio == 2)
        #expect(trigger.adx >= 25 && trigger.plusDI > trigger.minusDI)
        // Still above the (new) high on the next bar: no second signal for the same move.
        let follow = bar(41, close: highest * 1.05 * 1.03, high: highest * 1.05 * 1.03 + 0.1, volume: 30)
        #expect(strategy.update(follow) == nil)

        let signal = strategy.signal(for: trigger, symbol: "BTCUSDT", interval: "1m", openTime: Timestamp(milliseconds: 41 * 60_000 - 60_000),
                                     ts: Timestamp(milliseconds: 41 * 60_000), close: Decimal(string: "125.7165")!)
        #expect(signal.id == "momentum_breakout:BTCUSDT:1m:2400000:BUY")
        #expect(signal.price == Decimal(string: "125.7165")!)
        let stop = try #require(signal.stop), target = try #require(signal.target)
        #expect(stop < signal.price && target > signal.price)
        // Target is two stop distances away (targetRiskMultiple 2).
        #expect(target - signal.price == 2 * (signal.price - stop))
        #expect(signal.reason.contains("broke the 20-bar high"))
    }

    @Test func momentumBreakoutNeedsVolumeAndTrendStrength() {
        let highest = 100 + 39 * 0.5 + 0.3
        var quiet = MomentumBreakout(settings: GenesisConfig().strategies.momentumBreakout)
        for bar in climb() { _ = quiet.update(bar) }
        #expect(quiet.update(bar(40, close: highest * 1.05, high: highest * 1.05 + 0.1, volume: 14.9)) == nil) // 1.49× volume

        var settings = GenesisConfig().strategies.momentumBreakout
        settings.adxThreshold = 101
        var weak = MomentumBreakout(settings: settings)
        for bar in climb() { _ = weak.update(bar) }
        #expect(weak.update(bar(40, close: highest * 1.05, high: highest * 1.05 + 0.1, volume: 20)) == nil)

        var twoPercent = GenesisConfig().strategies.momentumBreakout
        twoPercent.breakoutFraction = 0.02
        var small = MomentumBreakout(settings: twoPercent)
        for bar in climb() { _ = small.update(bar) }
        #expect(small.update(bar(40, close: highest * 1.019, high: highest * 1.019 + 0.1, volume: 20)) == nil) // only 1.9% beyond
    }

    @Test func momentumBreakoutSignalsASellBelowTheLow() throws {
        var strategy = MomentumBreakout(settings: GenesisConfig().strategies.momentumBreakout)
        for index in 0..<40 { _ = strategy.update(bar(index, close: 200 - Double(index) * 0.5)) }
        let lowest = 200 - 39 * 0.5 - 0.3
        let fired = strategy.update(bar(40, close: lowest * 0.95, high: 180.8, low: lowest * 0.95 - 0.1, volume: 25))
        let trigger = try #require(fired)
        #expect(trigger.side == .sell)
        #expect(trigger.minusDI > trigger.plusDI)
    }
}
