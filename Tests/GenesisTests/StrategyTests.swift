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

@Suite struct BollingerTests {
    /// Period 8, 2σ, population standard deviation (divide by N).
    @Test func bollingerMatchesHandComputedValues() throws {
        var bands = Bollinger(period: 8, deviations: 2)
        for close in [2.0, 4, 4, 4, 5, 5, 7] { #expect(bands.update(close) == nil) }
        // 2 4 4 4 5 5 7 9: sum 40, mean 5; deviations −3 −1 −1 −1 0 0 2 4,
        // squares 9+1+1+1+0+0+4+16 = 32; variance 32/8 = 4; σ 2 → 5 ± 4.
        bands.update(9)
        var value = try #require(bands.bands)
        #expect(value == Bollinger.Bands(middle: 5, upper: 9, lower: 1, standardDeviation: 2))
        // 2 leaves, 2 enters → same window as a set: unchanged.
        bands.update(2)
        value = try #require(bands.bands)
        #expect(value.middle == 5 && value.standardDeviation == 2)
        // 4 leaves, 4 enters: window 4 4 5 5 7 9 2 4 — unchanged again.
        bands.update(4)
        value = try #require(bands.bands)
        #expect(value.middle == 5 && value.standardDeviation == 2)
        // 4 leaves, 12 enters: window 4 5 5 7 9 2 4 12: sum 48, mean 6;
        // deviations −2 −1 −1 1 3 −4 −2 6, squares 4+1+1+1+9+16+4+36 = 72;
        // variance 72/8 = 9; σ 3 → upper 6 + 6 = 12, lower 0.
        bands.update(12)
        value = try #require(bands.bands)
        #expect(abs(value.middle - 6) < 1e-12)
        #expect(abs(value.standardDeviation - 3) < 1e-12)
        #expect(abs(value.upper - 12) < 1e-12 && abs(value.lower) < 1e-12)
        #expect(bands.bands == value)
    }

    /// Sliding updates at crypto prices stay within rounding of a two-pass
    /// computation over the same window, even after many laps.
    @Test func bollingerDoesNotDriftAtHighPrices() throws {
        var bands = Bollinger(period: 20, deviations: 2)
        var closes: [Double] = []
        var state: UInt64 = 42
        for _ in 0..<100_003 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let close = 60_000 + Double(state >> 40) / Double(1 << 24) // 60 000 … 60 001
            closes.append(close)
            bands.update(close)
        }
        let window = closes.suffix(20)
        let mean = window.reduce(0, +) / 20
        let sigma = (window.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20).squareRoot()
        let value = try #require(bands.bands)
        #expect(abs(value.middle - mean) < 1e-9)
        #expect(abs(value.standardDeviation - sigma) < 1e-7)
    }

    @Test func rollingMomentsGiveSampleAndPopulationVariance() {
        var moments = RollingMoments(capacity: 4)
        moments.append(1)
        #expect(moments.sampleVariance == 0)
        for value in [2.0, 3, 4] { moments.append(value) }
        // 1 2 3 4: mean 2.5, squares 2.25+0.25+0.25+2.25 = 5 → 5/4, 5/3.
        #expect(moments.mean == 2.5)
        #expect(abs(moments.populationVariance - 1.25) < 1e-12)
        #expect(abs(moments.sampleVariance - 5.0 / 3) < 1e-12)
        moments.append(9) // 2 3 4 9: mean 4.5, squares 6.25+2.25+0.25+20.25 = 29
        #expect(abs(moments.mean - 4.5) < 1e-12)
        #expect(abs(moments.sampleVariance - 29.0 / 3) < 1e-12)
    }
}

@Suite struct RSITests {
    /// Period 3 by hand: closes 10, 11, 10.5, 11.5, 11, 12.
    @Test func rsiMatchesHandComputedValues() throws {
        var rsi = RSI(period: 3)
        #expect(rsi.update(10) == nil)
        #expect(rsi.update(11) == nil)      // +1
        #expect(rsi.update(10.5) == nil)    // −0.5
        // +1: gains 1, 0, 1 → 2/3; losses 0, 0.5, 0 → 1/6; RS 4; RSI 100 − 100/5 = 80.
        rsi.update(11.5)
        let first = try #require(rsi.value)
        #expect(abs(first - 80) < 1e-12)
        // −0.5: gain (2/3·2 + 0)/3 = 4/9; loss (1/6·2 + 0.5)/3 = 5/18; RS 8/5; RSI 100 − 100/2.6.
        rsi.update(11)
        let second = try #require(rsi.value)
        #expect(abs(second - (100 - 100 / 2.6)) < 1e-12)
        // +1: gain (4/9·2 + 1)/3 = 17/27; loss (5/18·2)/3 = 5/27; RS 3.4; RSI 100 − 100/4.4 ≈ 77.27.
        rsi.update(12)
        let third = try #require(rsi.value)
        #expect(abs(third - (100 - 100 / 4.4)) < 1e-12)
        #expect(abs(rsi.averageGain! - 17.0 / 27) < 1e-12)
        #expect(abs(rsi.averageLoss! - 5.0 / 27) < 1e-12)
    }

    /// The classic Wilder RSI(14) example (StockCharts' 33 closes). Their
    /// sheet rounds the first averages (0.24 / 0.10 → 70.53); unrounded, the
    /// first RSI is 70.4641 and the series ends at 37.7888.
    @Test func rsiMatchesTheClassicWilderExample() throws {
        let closes = [44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.10, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28,
                      46.00, 46.03, 46.41, 46.22, 45.64, 46.21, 46.25, 45.71, 46.45, 45.78, 45.35, 44.03, 44.18, 44.22, 44.57,
                      43.42, 42.66, 43.13]
        let expected = [70.46, 66.25, 66.48, 69.35, 66.29, 57.92, 62.88, 63.21, 56.01, 62.34, 54.67, 50.39, 40.02, 41.49,
                        41.90, 45.50, 37.32, 33.09, 37.79]
        var rsi = RSI(period: 14)
        var values: [Double] = []
        for (index, close) in closes.enumerated() {
            let value = rsi.update(close)
            #expect((value == nil) == (index < 14))
            if let value { values.append(value) }
        }
        #expect(values.count == expected.count)
        for (value, reference) in zip(values, expected) { #expect(abs(value - reference) < 0.005) }
        #expect(abs(values[0] - 70.46413502109705) < 1e-9)
        #expect(abs(values.last! - 37.788771982057824) < 1e-9)
    }

    @Test func rsiIs100WithoutLosses() {
        var rsi = RSI(period: 2)
        for close in [1.0, 2, 3, 3] { rsi.update(close) }
        #expect(rsi.value == 100)
    }
}

@Suite struct MeanReversionTests {
    /// One-minute bars: time is the index in minutes unless given.
    func bar(_ index: Int, _ close: Double, minute: Int? = nil) -> Bar {
        Bar(time: Timestamp(milliseconds: Int64(minute ?? index) * 60_000), open: close, high: close + 0.05, low: close - 0.05, close: close, volume: 10)
    }

    /// 30 closes alternating 100 / 100.2: bands 100.1 ± 0.2, RSI about 50.
    var calm: [Double] { (0..<30).map { $0 % 2 == 0 ? 100 : 100.2 } }

    func feed(_ strategy: inout MeanReversion, _ closes: [Double], minutes: [Int]? = nil) -> [Int: MeanReversion.Trigger] {
        var fired: [Int: MeanReversion.Trigger] = [:]
        for (index, close) in closes.enumerated() {
            if let trigger = strategy.update(bar(index, close, minute: minutes?[index])) { fired[index] = trigger }
        }
        return fired
    }

    // Figures for the shared start (20-bar mean / lower band / RSI(14)):
    //  bar 30 close 99.0: 100.05 / 99.53 / 35.89 — below the band, RSI not oversold
    //  bar 31 close 98.0:  99.94 / 98.91 / 27.97 — both: BUY
    //  bar 32 close 97.5:  99.82 / 98.34 / 25.00 — still both: no second BUY
    //  bar 33 close 100.5: 99.83 / 98.33 / 55.53 — above the middle band: SELL

    @Test func buysOnceAndSellsOnTheCrossAboveTheMiddleBand() throws {
        var strategy = MeanReversion(settings: GenesisConfig().strategies.meanReversion)
        let fired = feed(&strategy, calm + [99.0, 98.0, 97.5, 100.5])
        #expect(fired.keys.sorted() == [31, 33])
        let buy = try #require(fired[31])
        #expect(buy.side == .buy && buy.exit == nil)
        #expect(buy.close == 98 && buy.close < buy.lower && buy.rsi <= 30)
        #expect(abs(buy.rsi - 27.97) < 0.01 && abs(buy.middle - 99.94) < 1e-9)
        let sell = try #require(fired[33])
        #expect(sell.side == .sell && sell.exit == .middleBand)
        #expect(sell.close > sell.middle && sell.heldMinutes == 2)
        #expect(!strategy.isLong)
    }

    @Test func noBuyWhenRSIIsNotOversold() {
        var strategy = MeanReversion(settings: GenesisConfig().strategies.meanReversion)
        // Bar 30 closes below the lower band (99.0 < 99.53) but RSI is 35.89 > 30.
        #expect(feed(&strategy, calm + [99.0, 100.1, 100.0]).isEmpty)

        // The BUY bar of the first test, with the oversold line at 25: RSI 27.97 is not oversold.
        var settings = GenesisConfig().strategies.meanReversion
        settings.rsiOversold = 25
        var strict = MeanReversion(settings: settings)
        #expect(feed(&strict, calm + [99.0, 98.0]).isEmpty)
    }

    @Test func sellsOnRSIOverbought() throws {
        var settings = GenesisConfig().strategies.meanReversion
        settings.rsiOverbought = 35
        var strategy = MeanReversion(settings: settings)
        // Bar 32 closes 98.8, still below the middle band 99.88, with RSI 39.48 ≥ 35.
        let fired = feed(&strategy, calm + [99.0, 98.0, 98.8])
        #expect(fired.keys.sorted() == [31, 32])
        let sell = try #require(fired[32])
        #expect(sell.side == .sell && sell.exit == .overbought && sell.close < sell.middle)
    }

    @Test func timeExitAfterThirtyMinutes() throws {
        var strategy = MeanReversion(settings: GenesisConfig().strategies.meanReversion)
        // After the BUY at minute 31 the close slides 0.05 a minute: always below the
        // middle band, RSI falling (no exit signal), so only the clock ends the trade,
        // at minute 61 (30 minutes held).
        let slide = (0...30).map { 97.95 - 0.05 * Double($0) }
        let fired = feed(&strategy, calm + [99.0, 98.0] + slide)
        #expect(fired.keys.sorted() == [31, 61])
        let sell = try #require(fired[61])
        #expect(sell.side == .sell && sell.exit == .timeLimit && sell.heldMinutes == 30)
        #expect(sell.close < sell.middle && sell.rsi < 70)
        let signal = strategy.signal(for: sell, symbol: "ETHUSDT", interval: "1m", openTime: Timestamp(milliseconds: 61 * 60_000),
                                     ts: Timestamp(milliseconds: 62 * 60_000), close: Decimal(string: "96.5")!)
        #expect(signal.id == "mean_reversion:ETHUSDT:1m:3660000:SELL")
        #expect(signal.stop == nil && signal.target == nil)
        #expect(signal.reason.contains("held 30.00 min, limit 30 min"))
    }

    @Test func noReentryWhileTheConditionPersistsAfterAnExit() throws {
        var strategy = MeanReversion(settings: GenesisConfig().strategies.meanReversion)
        // BUY at bar 31 (minute 31); bar 32 comes 30 minutes later (a gap) still
        // oversold: the time exit fires. Bar 33 is still oversold (97.0 < 97.75,
        // RSI 22.43): no new BUY, the condition never cleared. Bars 34–36 are not
        // oversold; bar 37 (94.0 < 95.92, RSI 28.75) starts a new move: BUY.
        let closes = calm + [99.0, 98.0, 97.5, 97.0, 100.5, 99.0, 97.0, 94.0]
        let minutes = Array(0..<32) + [61, 62, 63, 64, 65, 66]
        let fired = feed(&strategy, closes, minutes: minutes)
        #expect(fired.keys.sorted() == [31, 32, 37])
        #expect(fired[32]?.side == .sell && fired[32]?.exit == .timeLimit && fired[32]?.heldMinutes == 30)
        #expect(fired[37]?.side == .buy)
        #expect(strategy.isLong)
    }

    @Test func buySignalCarriesStopTargetAndReason() throws {
        var strategy = MeanReversion(settings: GenesisConfig().strategies.meanReversion)
        let fired = feed(&strategy, calm + [99.0, 98.0])
        let trigger = try #require(fired[31])
        let signal = strategy.signal(for: trigger, symbol: "BTCUSDT", interval: "1m", openTime: Timestamp(milliseconds: 31 * 60_000),
                                     ts: Timestamp(milliseconds: 32 * 60_000), close: Decimal(string: "98.00000001")!)
        #expect(signal.id == "mean_reversion:BTCUSDT:1m:1860000:BUY")
        #expect(signal.strategy == "mean_reversion" && signal.side == .buy)
        // 98.00000001 × 0.98 = 96.0400000098 → 96.04000001; × 1.01 = 98.9800000101 → 98.98000001.
        #expect(signal.stop == Decimal(string: "96.04000001")!)
        #expect(signal.target == Decimal(string: "98.98000001")!)
        #expect(signal.reason.contains("close 98.00000001 below the lower band 98.91"))
        #expect(signal.reason.contains("RSI 27.97 <= 30.00"))
    }
}

@Suite struct MarketStateTests {
    static let settings = GenesisConfig().strategies.marketState // lookback 100, ATR(14)

    /// A calm bar: range 1 around 100 (true range 1, so ATR settles at exactly 1),
    /// volume alternating 10 / 12 (mean 11, sample σ √(100/99) over 100 bars).
    func calm(_ index: Int) -> Bar {
        Bar(time: Timestamp(milliseconds: Int64(index) * 60_000), open: 100, high: 100.5, low: 99.5, close: 100, volume: index % 2 == 0 ? 10 : 12)
    }

    func bar(_ index: Int, range: Double, volume: Double) -> Bar {
        Bar(time: Timestamp(milliseconds: Int64(index) * 60_000), open: 100, high: 100 + range / 2, low: 100 - range / 2, close: 100, volume: volume)
    }

    func warmed(_ count: Int = 120) -> MarketStateClassifier {
        var classifier = MarketStateClassifier(settings: Self.settings)
        for index in 0..<count { classifier.update(calm(index)) }
        return classifier
    }

    @Test func normalDuringWarmUpWhateverTheBars() {
        var classifier = MarketStateClassifier(settings: Self.settings)
        // ATR exists from bar 15 (index 14); the history holds 100 ATRs after
        // index 113, so indexes 0…113 are NORMAL even on panic-like bars.
        for index in 0..<113 {
            let reading = classifier.update(index == 50 ? bar(index, range: 6, volume: 1000) : calm(index))
            #expect(reading.state == .normal)
        }
        var early = classifier
        #expect(early.update(bar(113, range: 8, volume: 500)).state == .normal)
        classifier.update(calm(113))
        // Warm: ATR (13 × ~1.002 + 8)/14 ≈ 1.5 tops the history (peak 19/14 at index 50);
        // z ≈ (500 − 20.9)/98.9 ≈ 4.8 with the 1000 still in the volume history.
        let first = classifier.update(bar(114, range: 8, volume: 500))
        #expect(first.state == .panic && first.atrPercentile == 1 && first.volumeZScore > 3)
    }

    @Test func calmBarsAreNormal() {
        var classifier = warmed()
        let reading = classifier.update(calm(120))
        // Volume 10 against the last 100 (50 × 10, 50 × 12): z = −1 / √(100/99).
        #expect(reading.state == .normal && reading.atrPercentile == 0)
        #expect(abs(reading.volumeZScore + 1 / (100.0 / 99).squareRoot()) < 1e-9)
    }

    @Test func widerRangeIsVolatile() {
        var classifier = warmed()
        // TR 2: smoothed TR 14 − 1 + 2 = 15, ATR 15/14 > every one of the last 100 (all 1.0).
        let reading = classifier.update(bar(120, range: 2, volume: 11))
        #expect(reading.state == .volatile && reading.atrPercentile == 1 && abs(reading.volumeZScore) < 1e-9)
        // TR 1 again: ATR (15 − 15/14 + 1)/14 ≈ 1.066, below the previous 1.071 but
        // above the other 99: percentile 0.99, still VOLATILE.
        let next = classifier.update(calm(121))
        #expect(next.state == .volatile && abs(next.atrPercentile - 0.99) < 1e-12)
    }

    @Test func volumeSpikeWithHighATRIsPanic() {
        var classifier = warmed()
        let reading = classifier.update(bar(120, range: 2, volume: 100))
        // z = (100 − 11) / √(100/99) ≈ 88.6 > 3 and percentile 1.0 > 0.9.
        #expect(reading.state == .panic && reading.atrPercentile == 1)
        #expect(abs(reading.volumeZScore - 89 / (100.0 / 99).squareRoot()) < 1e-9)
        // The same spike without the ATR is not PANIC (normal range: percentile 0).
        var quietRange = warmed()
        #expect(quietRange.update(bar(120, range: 1, volume: 100)).state == .normal)
    }

    @Test func thinVolumeAndLowATRIsDead() {
        var classifier = warmed()
        // TR 0.5: ATR (14 − 1 + 0.5)/14 < 1, percentile 0 < 0.05; volume 2 < 0.2 × 11.
        let reading = classifier.update(bar(120, range: 0.5, volume: 2))
        #expect(reading.state == .dead && reading.atrPercentile == 0)
        // Thin volume with a high ATR is not DEAD but VOLATILE.
        var wide = warmed()
        #expect(wide.update(bar(120, range: 2, volume: 2)).state == .volatile)
        // Volume 2.3 is above 0.2 × 11 = 2.2: not thin enough.
        var edge = warmed()
        #expect(edge.update(bar(120, range: 0.5, volume: 2.3)).state == .normal)
    }

    @Test func maintenanceWinsOverEveryRule() {
        var classifier = warmed()
        let reading = classifier.classify(bar(120, range: 2, volume: 100), maintenance: true)
        #expect(reading.state == .maintenance && reading.atrPercentile == 1)
        var fresh = MarketStateClassifier(settings: Self.settings)
        #expect(fresh.classify(calm(0), maintenance: true).state == .maintenance)
        #expect(classifier.last.state == .maintenance)
    }

    @Test func encodesAMarketStateLine() {
        let reading = MarketStateClassifier.Reading(state: .panic, atrPercentile: 0.955, volumeZScore: 3.14159)
        let line = String(decoding: reading.encoded(symbol: "BTCUSDT", interval: "1m", ts: Timestamp(milliseconds: 60_000)), as: UTF8.self)
        #expect(line.contains("\"type\":\"market_state\""))
        #expect(line.contains("\"ts\":60000"))
        #expect(line.contains("\"symbol\":\"BTCUSDT\",\"interval\":\"1m\",\"state\":\"PANIC\""))
        #expect(line.contains("\"atr_percentile\":0.9550"))
        #expect(line.contains("\"volume_zscore\":3.1416"))
    }

    @Test func sizeMultipliersAndAllowedStrategies() {
        #expect(MarketState.allCases.map(\.sizeMultiplier) == [Decimal(string: "0.5")!, 1, Decimal(string: "0.75")!, Decimal(string: "0.25")!, 0])
        #expect(MarketState.allCases.map(\.rawValue) == ["DEAD", "NORMAL", "VOLATILE", "PANIC", "MAINTENANCE"])
        let all = GenesisConfig().tiers.architect.strategies
        #expect(all.allSatisfy { MarketState.normal.allows(strategy: $0) })
        #expect(all.filter { MarketState.volatile.allows(strategy: $0) } == ["simple_arbitrage", "momentum_breakout"])
        #expect(all.filter { MarketState.panic.allows(strategy: $0) } == ["simple_arbitrage"])
        #expect(!all.contains { MarketState.dead.allows(strategy: $0) || MarketState.maintenance.allows(strategy: $0) })
        #expect(MarketState.volatile.allows(strategy: MomentumBreakout.name))
        #expect(!MarketState.volatile.allows(strategy: MeanReversion.name))
    }
}

@Suite struct PairScannerTests {
    @Test func ranksByLiquidityAndSelectsWhatSuitsTheCapital() {
        let scan = PairScanner(stats: [("THINUSDT", "1h", 30, 10_000, 0.02), ("BTCUSDT", "1h", 30, 2_000_000_000, 0.01),
                                       ("NEWUSDT", "1h", 6, 5_000_000_000, 0.05), ("ETHUSDT", "1h", 30, 900_000_000, 0.012)],
                               position: 250, pairs: 1)
        #expect(scan.rows.map(\.symbol) == ["BTCUSDT", "ETHUSDT", "NEWUSDT", "THINUSDT"])
        #expect(scan.rows.map(\.selected) == [true, false, false, false])          // one pair at this tier
        #expect(scan.rows.map(\.suitable) == [true, true, false, false])
        #expect(scan.rows[2].reason.contains("only 6 days"))
        #expect(scan.rows[3].reason.contains("2.500% of a day's volume"))            // 250 of 10,000
        #expect(scan.rows[0].reason == "a position is about 1/8000000 of a day's volume")
        // Exactly 0.1% of a day's volume still suits.
        #expect(PairScanner(stats: [("X", "1h", 7, 250_000, 0)], position: 250, pairs: 5).rows[0].suitable)
        #expect(!PairScanner(stats: [("X", "1h", 7, 249_999, 0)], position: 250, pairs: 5).rows[0].suitable)
    }
}
