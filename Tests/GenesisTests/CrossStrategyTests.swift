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

@Suite struct MultiPairRotationTests {
    static let hour: Int64 = 3_600_000

    var settings: GenesisConfig.MultiPairRotation {
        var settings = GenesisConfig().strategies.multiPairRotation
        settings.maxPairs = 3
        settings.lookback = 2
        settings.rotationBars = 3
        return settings
    }

    /// Closes of AAA, BBB, CCC by bar (bar k closes at (k + 1) h).
    static let closes: [[String]] = [
        ["100", "100", "100"], ["101", "102", "99"], ["102", "103", "98"],   // rotation at 3 h
        ["105", "103", "98"], ["110", "104", "99"], ["112", "104", "100"],  // rotation at 6 h
        ["111", "103", "99"], ["110", "102", "98"], ["100", "101", "97"],   // rotation at 9 h
    ]
    static let symbols = ["AAAUSDT", "BBBUSDT", "CCCUSDT"]

    @Test func rotatesIntoTheStrongestPairAtEachBoundary() throws {
        let strategy = MultiPairRotation(settings: settings, interval: "1h", intervalMilliseconds: Self.hour)
        var emitted: [Int: [Signal]] = [:]
        for (bar, row) in Self.closes.enumerated() {
            for (index, close) in row.enumerated() {
                let ts = Timestamp(milliseconds: Int64(bar + 1) * Self.hour)
                if let rotation = strategy.update(symbol: Self.symbols[index], openTime: Timestamp(milliseconds: Int64(bar) * Self.hour), ts: ts, close: Decimal(string: close)!) {
                    #expect(index == 2) // decided on the last pair's candle
                    emitted[bar, default: []] += strategy.signals(for: rotation)
                }
            }
        }
        #expect(emitted.keys.sorted() == [2, 5, 8])
        // 3 h: rates of change over 2 bars: BBB +3%, AAA +2%, CCC −2%.
        let first = try #require(emitted[2])
        #expect(first.count == 1)
        #expect(first[0].id == "multi_pair_rotation:BBBUSDT:1h:7200000:BUY" && first[0].side == .buy && first[0].ts.milliseconds == 3 * Self.hour)
        #expect(first[0].price == 103 && first[0].stop == Decimal(string: "99.91")! && first[0].target == Decimal(string: "109.18")!)
        #expect(first[0].reason == "entered the top 1 at the rotation: rank 1 by 2-bar rate of change +3.00% (BBBUSDT +3.00%, AAAUSDT +2.00%, CCCUSDT -2.00%)")
        // 6 h: AAA 112/105 − 1 = +6.67%, CCC +2.04%, BBB +0.97%: out of BBB, into AAA.
        let second = try #require(emitted[5])
        #expect(second.map(\.id) == ["multi_pair_rotation:BBBUSDT:1h:18000000:SELL", "multi_pair_rotation:AAAUSDT:1h:18000000:BUY"])
        #expect(second[0].price == 104 && second[0].stop == nil && second[0].reason.hasPrefix("left the top 1 at the rotation: rank 3 by 2-bar rate of change +0.97%"))
        #expect(second[1].price == 112 && second[1].stop == Decimal(string: "108.64")! && second[1].target == Decimal(string: "118.72")!)
        // 9 h: every rate of change is negative: out of AAA, into nothing.
        let third = try #require(emitted[8])
        #expect(third.map(\.id) == ["multi_pair_rotation:AAAUSDT:1h:28800000:SELL"])
        #expect(third[0].price == 100)
        #expect(strategy.held.isEmpty)
    }

    @Test func followsOnlyTheFirstMaxPairsSymbols() {
        var limited = settings
        limited.maxPairs = 2
        let strategy = MultiPairRotation(settings: limited, interval: "1h", intervalMilliseconds: Self.hour)
        var buys: [String] = []
        for (bar, row) in Self.closes.prefix(3).enumerated() {
            for (index, close) in row.enumerated() {
                if let rotation = strategy.update(symbol: Self.symbols[index], openTime: Timestamp(milliseconds: Int64(bar) * Self.hour),
                                                  ts: Timestamp(milliseconds: Int64(bar + 1) * Self.hour), close: Decimal(string: close)!) {
                    buys += rotation.buys.map(\.symbol)
                    #expect(rotation.ranking.map(\.symbol) == ["BBBUSDT", "AAAUSDT"])
                }
            }
        }
        #expect(buys == ["BBBUSDT"])
    }

    /// CCC misses its 3 h candle: the rotation waits, and runs (stamped 3 h,
    /// without CCC, whose history is short) before AAA's 4 h candle goes out.
    @Test func stageRunsAWaitingRotationBeforeTheNextCandle() throws {
        var config = GenesisConfig()
        config.strategies.multiPairRotation = settings
        config.strategies.multiPairRotation.pairs = Self.symbols
        var lines: [String] = []
        for (bar, row) in Self.closes.prefix(4).enumerated() {
            for (index, close) in row.enumerated() where !(bar == 2 && index == 2) {
                lines.append(SignalStageHarness.candle(Self.symbols[index], hour: Int64(bar), close: close))
            }
        }
        let output = try SignalStageHarness.run(lines, strategies: [MultiPairRotation.name], config: config)
        #expect(output.count == lines.count + 1)
        // Lines 0–7 are the candles up to BBB at 3 h; then the signal; then AAA at 4 h.
        #expect(Array(output[0..<8]) == Array(lines[0..<8]))
        let signal = SignalStageHarness.object(output[8])
        #expect(signal["type"] as? String == "signal" && signal["ts"] as? Int == 10_800_000)
        #expect(signal["id"] as? String == "multi_pair_rotation:BBBUSDT:1h:7200000:BUY")
        #expect(signal["reason"] as? String == "entered the top 1 at the rotation: rank 1 by 2-bar rate of change +3.00% (BBBUSDT +3.00%, AAAUSDT +2.00%)")
        #expect(output[9] == lines[8])
    }
}

@Suite struct PairStatisticsTests {
    // x 0 1 3 4, y = 1 + 2x + e with e = +0.5 −0.5 −0.5 +0.5 (Σe = 0, Σxe = 0):
    // y 1.5 2.5 6.5 9.5. OLS: β 2, α 1 (−0.5 in the frame anchored at the
    // first point, y − 1.5); residual variance (Syy − β·Sxy)/n = (41 − 40)/4 =
    // 0.25, σ 0.5; newest residual 0.5, z 1. Differences dx 1 2 1, dy 1 4 3:
    // ρ = (4/3) / √((2/3)(14/3)) = 4/√28. AR(1): Σe_t·e_{t−1} = −0.25 + 0.25
    // − 0.25 = −0.25 over Σe_{t−1}² = 0.75: φ = −1/3, half-life 0.
    @Test func matchesHandComputedValues() throws {
        var statistics = PairStatistics(capacity: 4)
        for (x, y) in [(0.0, 1.5), (1, 2.5), (3, 6.5)] {
            statistics.append(x: x, y: y)
            #expect(statistics.reading == nil)
        }
        statistics.append(x: 4, y: 9.5)
        let reading = try #require(statistics.reading)
        #expect(reading.beta == 2 && reading.alpha == -0.5)
        #expect(reading.residualDeviation == 0.5 && reading.residual == 0.5 && reading.zScore == 1)
        #expect(abs(try #require(reading.correlation) - 4 / 28.0.squareRoot()) < 1e-15)
        #expect(abs(reading.autoregression - -1.0 / 3) < 1e-15)
        #expect(reading.halfLife == 0)
    }

    /// Sliding over many laps agrees with a two-pass computation on the same window.
    @Test func slidingAgreesWithTwoPasses() throws {
        var statistics = PairStatistics(capacity: 20)
        var xs: [Double] = [], ys: [Double] = []
        var state: UInt64 = 7
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        var x = 11.0, y = 8.0, e = 0.0
        for _ in 0..<10_007 {
            x += next() * 0.02
            e = 0.6 * e + next() * 0.01
            y = 0.9 * x - 1.9 + e
            xs.append(x)
            ys.append(y)
            statistics.append(x: x, y: y)
        }
        let wx = Array(xs.suffix(20)), wy = Array(ys.suffix(20))
        let n = 20.0
        let mx = wx.reduce(0, +) / n, my = wy.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for (a, b) in zip(wx, wy) { sxx += (a - mx) * (a - mx); sxy += (a - mx) * (b - my) }
        let beta = sxy / sxx
        let alpha = my - beta * mx
        let residuals = zip(wx, wy).map { $1 - alpha - beta * $0 }
        let sigma = (residuals.map { $0 * $0 }.reduce(0, +) / n).squareRoot()
        var lagged = 0.0, previous = 0.0
        for t in 1..<20 { lagged += residuals[t] * residuals[t - 1]; previous += residuals[t - 1] * residuals[t - 1] }
        let rho = Correlation.pearson(zip(wx, wx.dropFirst()).map { $1 - $0 }, zip(wy, wy.dropFirst()).map { $1 - $0 })!
        let reading = try #require(statistics.reading)
        #expect(abs(reading.beta - beta) < 1e-9)
        #expect(abs(reading.zScore - residuals[19] / sigma) < 1e-6)
        #expect(abs(reading.autoregression - lagged / previous) < 1e-6)
        #expect(abs(try #require(reading.correlation) - rho) < 1e-9)
    }
}

@Suite struct PairsArbitrageTests {
    static let first = [100, 102, 101, 104, 103, 106, 105, 108, 107, 110, 109, 112, 111, 114, 113, 116, 115, 118, 117, 120].map { "\($0)" }
    static let second = ["50", "51.2", "50.4", "52.1", "51.4", "53.1", "52.4", "54.1", "53.3", "55.1", "54.4", "56.1", "55.4", "57.1", "58.8", "58", "57.5", "59.1", "58.6", "60"]

    var settings: GenesisConfig.PairsArbitrage {
        var settings = GenesisConfig().strategies.pairsArbitrage
        settings.lookback = 10
        return settings
    }

    func feed(_ strategy: PairsArbitrage, _ first: [String], _ second: [String]) -> [Int: PairsArbitrage.Trigger] {
        var fired: [Int: PairsArbitrage.Trigger] = [:]
        for bar in 0..<min(first.count, second.count) {
            let open = Timestamp(milliseconds: Int64(bar) * 3_600_000), ts = Timestamp(milliseconds: Int64(bar + 1) * 3_600_000)
            #expect(strategy.update(symbol: "BTCUSDT", openTime: open, ts: ts, close: Decimal(string: first[bar])!) == nil)
            if let trigger = strategy.update(symbol: "ETHUSDT", openTime: open, ts: ts, close: Decimal(string: second[bar])!) { fired[bar] = trigger }
        }
        return fired
    }

    // Over the 10 bars to bar 14 (second leg jumps to 58.8): β 1.2108, z +2.7028,
    // ρ 0.8209, φ −0.2759 (half-life 0): the second leg is rich, BUY the first.
    // Bar 15: z −0.9223, across zero: SELL it.
    @Test func buysTheCheapLegAndExitsWhenTheSpreadComesBack() throws {
        let strategy = PairsArbitrage(settings: settings, pair: .init(first: "BTCUSDT", second: "ETHUSDT"), interval: "1h")
        let fired = feed(strategy, Self.first, Self.second)
        #expect(fired.keys.sorted() == [14, 15])
        let entry = try #require(fired[14])
        #expect(entry.kind == .entry && entry.side == .buy && entry.symbol == "BTCUSDT" && entry.close == 113)
        #expect(abs(entry.reading.zScore - 2.7028) < 5e-5 && abs(entry.reading.beta - 1.2108) < 5e-5)
        #expect(abs(try #require(entry.reading.correlation) - 0.8209) < 5e-5 && entry.reading.halfLife == 0)
        let buy = strategy.signal(for: entry, ts: Timestamp(milliseconds: 15 * 3_600_000))
        #expect(buy.id == "pairs_arbitrage:BTCUSDT:1h:50400000:BUY" && buy.price == 113)
        #expect(buy.stop == Decimal(string: "109.61")! && buy.target == nil) // 113 × 0.97
        #expect(buy.reason.hasPrefix("spread z-score 2.70 beyond +/-2.00 on ETHUSDT/BTCUSDT: BTCUSDT cheap against ETHUSDT; beta 1.2108, rho 0.82"))
        let exit = try #require(fired[15])
        #expect(exit.kind == .exit && exit.side == .sell && exit.symbol == "BTCUSDT" && exit.close == 116)
        #expect(strategy.signal(for: exit, ts: Timestamp(milliseconds: 16 * 3_600_000)).reason.hasPrefix("spread z-score -0.92 back within +/-0.50"))
        #expect(strategy.holding == nil)
    }

    // Bar 14 with the second leg at 55.0: z −2.6662, ρ 0.9580: BUY the second leg;
    // bar 15 (58.0): z +0.6077, across zero: SELL it.
    @Test func buysTheSecondLegWhenItIsCheap() throws {
        let strategy = PairsArbitrage(settings: settings, pair: .init(first: "BTCUSDT", second: "ETHUSDT"), interval: "1h")
        var second = Self.second
        second[14] = "55.0"
        second[15] = "58.0"
        let fired = feed(strategy, Array(Self.first.prefix(17)), Array(second.prefix(17)))
        #expect(fired.keys.sorted() == [14, 15])
        #expect(fired[14]?.side == .buy && fired[14]?.symbol == "ETHUSDT" && fired[14]?.close == 55)
        #expect(abs((fired[14]?.reading.zScore ?? 0) - -2.6662) < 5e-5)
        #expect(fired[15]?.side == .sell && fired[15]?.symbol == "ETHUSDT" && fired[15]?.kind == .exit)
    }

    // Entry 1.2, stop 1.7: bar 14 (z 2.70) is past the stop, no entry; bar 15
    // (second at 60.6): z 1.3020, ρ 0.8101, half-life 0.60: BUY the first leg;
    // bar 16 (61.2): z 1.7522 ≥ 1.7: stop, SELL.
    @Test func stopsOutWhenTheSpreadRunsFurther() throws {
        var custom = settings
        custom.entryZScore = ExactDecimal(Decimal(string: "1.2")!)
        custom.stopZScore = ExactDecimal(Decimal(string: "1.7")!)
        let strategy = PairsArbitrage(settings: custom, pair: .init(first: "BTCUSDT", second: "ETHUSDT"), interval: "1h")
        let second = Array(Self.second.prefix(15)) + ["60.6", "61.2"]
        let fired = feed(strategy, Array(Self.first.prefix(17)), second)
        #expect(fired.keys.sorted() == [15, 16])
        #expect(fired[15]?.kind == .entry && fired[15]?.symbol == "BTCUSDT" && fired[15]?.close == 116)
        #expect(abs((fired[15]?.reading.halfLife ?? 0) - 0.600) < 5e-4)
        let stop = try #require(fired[16])
        #expect(stop.kind == .stop && stop.side == .sell && stop.close == 115)
        #expect(strategy.signal(for: stop, ts: Timestamp(milliseconds: 17 * 3_600_000)).reason.hasPrefix("spread z-score 1.75 reached the +/-1.70 stop"))
    }

    @Test func noEntryWithoutCorrelation() {
        var custom = settings
        custom.minimumCorrelation = ExactDecimal(Decimal(string: "0.83")!) // bar 14's ρ is 0.8209
        let strategy = PairsArbitrage(settings: custom, pair: .init(first: "BTCUSDT", second: "ETHUSDT"), interval: "1h")
        #expect(feed(strategy, Self.first, Self.second).isEmpty)
    }

    @Test func stageEmitsAfterTheSecondLegsCandle() throws {
        var config = GenesisConfig()
        config.strategies.pairsArbitrage.lookback = 10
        var lines: [String] = []
        for bar in 0..<16 {
            lines.append(SignalStageHarness.candle("BTCUSDT", hour: Int64(bar), close: Self.first[bar]))
            lines.append(SignalStageHarness.candle("ETHUSDT", hour: Int64(bar), close: Self.second[bar]))
        }
        let output = try SignalStageHarness.run(lines, strategies: [PairsArbitrage.name], config: config)
        let signals = SignalStageHarness.signals(output)
        #expect(output.count == 34 && signals.count == 2)
        #expect(SignalStageHarness.object(output[30])["id"] as? String == "pairs_arbitrage:BTCUSDT:1h:50400000:BUY")
        #expect(SignalStageHarness.object(output[33])["id"] as? String == "pairs_arbitrage:BTCUSDT:1h:54000000:SELL")
        #expect((signals[0]["reason"] as? String)?.contains("z-score 2.70") == true)
    }
}

@Suite struct CrossCorrelationTests {
    @Test func rollingCorrelationMatchesHandComputedValues() throws {
        var window = RollingCorrelation(capacity: 3)
        window.append(1, 2)
        window.append(2, 4)
        #expect(window.rho == nil)
        window.append(3, 7)
        // a 1 2 3, b 2 4 7: cov Σ(a−2)(b−13/3) = (−1)(−7/3) + 0 + (1)(8/3) = 5; va 2; vb 49/9 + 1/9 + 64/9 = 38/3.
        let first: Double = try #require(window.rho)
        let expectedFirst: Double = 5 / (2 * 38.0 / 3).squareRoot()
        #expect(abs(first - expectedFirst) < 1e-15)
        window.append(4, 8) // a 2 3 4, b 4 7 8: cov (−1)(−7/3) + 0 + (1)(5/3) = 4; vb 49/9 + 4/9 + 25/9 = 26/3.
        let second: Double = try #require(window.rho)
        let expectedSecond: Double = 4 / (2 * 26.0 / 3).squareRoot()
        #expect(abs(second - expectedSecond) < 1e-15)
    }

    @Test func averageAndSpike() {
        var settings = GenesisConfig().strategies.crossCorrelation
        settings.window = 4
        settings.baseline = 3
        let cross = CrossCorrelation(settings: settings)
        // Three symbols; A and B move together, C alternates against nothing in particular.
        let a = [100.0, 101, 100, 102, 101, 103], b = [50.0, 50.5, 50, 51, 50.5, 51.5], c = [10.0, 10, 10.1, 10.1, 10, 10]
        for t in 0..<6 {
            let ts = Timestamp(milliseconds: Int64(t + 1) * 1000)
            cross.update(symbol: "AAAUSDT", ts: ts, close: a[t])
            cross.update(symbol: "BBBUSDT", ts: ts, close: b[t])
            cross.update(symbol: "CCCUSDT", ts: ts, close: c[t])
        }
        // Pairs over the last 4 returns: A–B identical log returns (ρ 1); A–C and B–C by hand below.
        let ra = zip(a, a.dropFirst()).map { log($1 / $0) }.suffix(4), rc = zip(c, c.dropFirst()).map { log($1 / $0) }.suffix(4)
        let ac = Correlation.pearson(Array(ra), Array(rc))!
        let expected = (1 + 2 * ac) / 3
        #expect(abs((cross.average ?? .nan) - expected) < 1e-12)
        #expect(cross.spike == (expected >= 0.9))
    }

    /// Two symbols; AAA has a per-symbol PANIC bar (volume 1000, range 10) at bar 20.
    func stage(correlated: Bool) throws -> [[String: Any]] {
        var config = GenesisConfig()
        config.strategies.marketState.lookback = 10
        config.strategies.marketState.atrPeriod = 3
        config.strategies.crossCorrelation.window = 8
        config.strategies.crossCorrelation.baseline = 5
        var lines: [String] = []
        for bar in 0...20 {
            let a = bar % 2 == 0 ? 100 : 101
            let b = correlated ? a : (bar % 4 < 2 ? 100 : 101)
            let volume = bar % 2 == 0 ? "10" : "12"
            if bar == 0 {
                // True range 1.5 like every later calm bar (a close moves 1 against the previous
                // one, the range is 1), so ATR(3) is 1.5 from the start: percentile 0, NORMAL.
                lines.append(SignalStageHarness.candle("AAAUSDT", hour: 0, close: "100", high: "100.75", low: "99.25", volume: volume))
            } else if bar == 20 {
                lines.append(SignalStageHarness.candle("AAAUSDT", hour: Int64(bar), close: "\(a)", high: "105", low: "95", volume: "1000"))
            } else {
                lines.append(SignalStageHarness.candle("AAAUSDT", hour: Int64(bar), close: "\(a)", high: "\(a).5", low: "\(a - 1).5", volume: volume))
            }
            lines.append(SignalStageHarness.candle("BBBUSDT", hour: Int64(bar), close: "\(b)", high: "\(b).5", low: "\(b - 1).5", volume: volume))
        }
        let output = try SignalStageHarness.run(lines, strategies: [MomentumBreakout.name], config: config)
        return output.map(SignalStageHarness.object).filter { $0["type"] as? String == "market_state" && $0["symbol"] as? String == "AAAUSDT" }
    }

    @Test func panicStandsWithACorrelationSpike() throws {
        let states = try stage(correlated: true)
        #expect(states.map { $0["state"] as? String } == ["NORMAL", "PANIC"])
        #expect(abs((states[1]["cross_correlation"] as? Double ?? 0) - 1) < 1e-4)
    }

    @Test func panicWithoutASpikeFallsBackToTheNextRule() throws {
        let states = try stage(correlated: false)
        #expect(states.map { $0["state"] as? String } == ["NORMAL", "VOLATILE"])
        #expect(abs(states[1]["cross_correlation"] as? Double ?? 1) < 1e-4)
    }

    @Test func crossCorrelationIsWrittenWithFourPlacesAndNoNegativeZero() {
        var reading = MarketStateClassifier.Reading(state: .volatile, atrPercentile: 1, volumeZScore: 5, crossCorrelation: -1e-17)
        var line = String(decoding: reading.encoded(symbol: "AAAUSDT", interval: "1h", ts: Timestamp(milliseconds: 1)), as: UTF8.self)
        #expect(line.contains(#""volume_zscore":5.0000,"cross_correlation":0.0000}"#))
        reading.crossCorrelation = 0.87654
        line = String(decoding: reading.encoded(symbol: "AAAUSDT", interval: "1h", ts: Timestamp(milliseconds: 1)), as: UTF8.self)
        #expect(line.contains(#""cross_correlation":0.8765}"#))
        reading.crossCorrelation = nil
        line = String(decoding: reading.encoded(symbol: "AAAUSDT", interval: "1h", ts: Timestamp(milliseconds: 1)), as: UTF8.self)
        #expect(!line.contains("cross_correlation"))
    }

    @Test func aSingleSymbolKeepsThePerSymbolRule() {
        var classifier = MarketStateClassifier(settings: GenesisConfig().strategies.marketState)
        var reading = classifier.last
        for index in 0..<120 {
            reading = classifier.update(Bar(time: Timestamp(milliseconds: Int64(index) * 60_000), open: 100, high: 100.5, low: 99.5, close: 100, volume: index % 2 == 0 ? 10 : 12))
        }
        reading = classifier.update(Bar(time: Timestamp(milliseconds: 120 * 60_000), open: 100, high: 105, low: 95, close: 100, volume: 1000))
        #expect(reading.state == .panic && reading.panicFallback == .volatile)
    }
}

@Suite struct StrategyConfigTests {
    @Test func listsOfTrianglesAndPairsLoadAndReplaceTheDefaults() throws {
        let config = try ConfigLoader.parse("""
            strategies:
              simpleArbitrage:
                triangles:
                  - {bridge: BTCUSDT, cross: BNBBTC, direct: BNBUSDT}
                lifetimeSeconds: 3
              pairsArbitrage:
                pairs: [{first: ETHUSDT, second: SOLUSDT}]
                entryZScore: 2.5
              multiPairRotation:
                pairs: [BTCUSDT, ETHUSDT]
                topN: 2
            """)
        #expect(config.strategies.simpleArbitrage.triangles == [.init(bridge: "BTCUSDT", cross: "BNBBTC", direct: "BNBUSDT")])
        #expect(config.strategies.simpleArbitrage.lifetimeSeconds == 3 && config.strategies.simpleArbitrage.minimumEdge == 0.003)
        #expect(config.strategies.pairsArbitrage.pairs == [.init(first: "ETHUSDT", second: "SOLUSDT")])
        #expect(config.strategies.pairsArbitrage.entryZScore.value == Decimal(string: "2.5")!)
        #expect(config.strategies.multiPairRotation.pairs == ["BTCUSDT", "ETHUSDT"] && config.strategies.multiPairRotation.topN == 2)
    }

    @Test(arguments: [
        ("strategies: {pairsArbitrage: {exitZScore: 2}}", "strategies.pairsArbitrage.exitZScore/entryZScore/stopZScore"),
        ("strategies: {pairsArbitrage: {lookback: 2}}", "strategies.pairsArbitrage.lookback: 2 is not allowed; use 3 or more"),
        ("strategies: {simpleArbitrage: {triangles: [{bridge: BTCUSDT, cross: ETHBTC, direct: BTCUSDT}]}}", "strategies.simpleArbitrage.triangles[0]: the three symbols must differ"),
        ("strategies: {simpleArbitrage: {triangles: [{bridge: btcusdt, cross: ETHBTC, direct: ETHUSDT}]}}", "strategies.simpleArbitrage.triangles[0].bridge"),
        ("strategies: {simpleArbitrage: {triangles: [{bridge: BTCUSDT, cross: ETHBTC}]}}", "strategies.simpleArbitrage.triangles[0].direct: is required here"),
        ("strategies: {marketMaking: {minimumSpreadBps: 20}}", "strategies.marketMaking.minimumSpreadBps/baseSpreadBps/maximumSpreadBps"),
        ("strategies: {marketMaking: {inventoryMinimum: 0.6}}", "strategies.marketMaking.inventoryMinimum/inventoryTarget/inventoryMaximum"),
        ("strategies: {multiPairRotation: {topN: 6}}", "strategies.multiPairRotation.topN: 6 is more than maxPairs (5)"),
        ("strategies: {crossCorrelation: {window: 1}}", "strategies.crossCorrelation.window: 1 is not allowed; use 2 or more"),
    ])
    func badStrategySettingsAreNamed(_ yaml: String, _ message: String) {
        do {
            _ = try ConfigLoader.parse(yaml)
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }
}

@Suite struct MarketMakingLineTests {
    /// The example quote in PROTOCOL.md §8.5 is this exact line.
    @Test func protocolExampleIsTheStagesOutput() throws {
        var config = GenesisConfig()
        config.strategies.marketMaking.volatilityLookback = 2
        let lines = [0, 100, 200].map { SignalStageHarness.book(Int64($0), "BTCUSDT", "99.99", "100.01") }
        let output = try SignalStageHarness.run(lines, strategies: [MarketMaking.name], config: config)
        #expect(output.count == 9)
        #expect(output[3] == #"{"v":1,"type":"signal","ts":200,"id":"market_making:BTCUSDT:200:BUY:1","strategy":"market_making","symbol":"BTCUSDT","side":"BUY","price":"100","stop":"98.9505","target":"100.05","reason":"layer 1 bid 99.95 around mid 100: spread 10 bps (mid volatility 0.00 bps), inventory 50.00%, skew 0 bps","order_type":"LIMIT_MAKER","limit_price":"99.95"}"#)
        let documented = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("docs/PROTOCOL.md"), encoding: .utf8)
        #expect(documented.contains(output[3]))
    }
}
