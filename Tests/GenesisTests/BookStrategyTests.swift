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

func quote(_ ts: Int64, _ symbol: String, _ bid: String, _ ask: String, bidQty: String? = "1", askQty: String? = "1") -> BookQuote {
    BookQuote(ts: Timestamp(milliseconds: ts), symbol: symbol, bid: Decimal(string: bid)!, ask: Decimal(string: ask)!,
              bidQuantity: bidQty.map { Decimal(string: $0)! }, askQuantity: askQty.map { Decimal(string: $0)! })
}

@Suite struct SimpleArbitrageTests {
    let settings = GenesisConfig().strategies.simpleArbitrage // BTCUSDT / ETHBTC / ETHUSDT, fee 0.1%, edge 0.3%, 5 s

    // Reverse loop: BTCUSDT bid 50400 × ETHBTC bid 0.04 = implied 2016; ETHUSDT ask 2000:
    // gross 2016 / 2000 = 1.008 exactly; fees 0.999³ = 0.997002999; edge 1.008 × 0.997002999 − 1 = 0.004979022992 > 0.003.
    // Forward loop: 1999 / (50410 × 0.0401 = 2021.441) < 1: nothing.
    @Test func buysTheCheapDirectLegOnceWhileTheOpportunityStaysOpen() throws {
        var strategy = SimpleArbitrage(settings: settings)
        #expect(strategy.update(quote(1000, "BTCUSDT", "50400", "50410")).isEmpty)
        #expect(strategy.update(quote(1100, "ETHBTC", "0.04", "0.0401")).isEmpty)
        let found = strategy.update(quote(1200, "ETHUSDT", "1999", "2000"))
        #expect(found.count == 1)
        let trigger = try #require(found.first)
        #expect(trigger.direction == .reverse && trigger.side == .buy)
        #expect(trigger.gross == Decimal(string: "1.008")!)
        #expect(trigger.edge == Decimal(string: "0.004979022992")!)
        #expect(trigger.implied == 2016 && trigger.price == 2000)
        let signal = strategy.signal(for: trigger, ts: Timestamp(milliseconds: 1200))
        #expect(signal.id == "simple_arbitrage:ETHUSDT:1200:BUY")
        #expect(signal.symbol == "ETHUSDT" && signal.side == .buy && signal.price == 2000 && signal.orderType == .market)
        #expect(signal.stop == 1980 && signal.target == 2010) // 2000 × 0.99, 2000 × 1.005
        #expect(signal.validUntil == Timestamp(milliseconds: 6200))
        #expect(signal.reason.contains("edge 0.4979% after 3 x 0.1% fees > 0.3%"))
        #expect(signal.reason.contains("ETHUSDT ask 2000 below the implied 2016"))

        // Still open: not again.
        #expect(strategy.update(quote(1300, "ETHUSDT", "1999", "2000")).isEmpty)
        #expect(strategy.update(quote(1350, "BTCUSDT", "50400", "50410")).isEmpty)
        // 2016 / 2008 = 1.00398…: edge 0.099% — the opportunity closes.
        #expect(strategy.update(quote(1400, "ETHUSDT", "2005", "2008")).isEmpty)
        // It comes back: a new opportunity, a new signal.
        let again = strategy.update(quote(1500, "ETHUSDT", "1999", "2000"))
        #expect(again.count == 1)
        #expect(strategy.signal(for: again[0], ts: Timestamp(milliseconds: 1500)).id == "simple_arbitrage:ETHUSDT:1500:BUY")
    }

    @Test func staleQuotesAreNotUsed() {
        var strategy = SimpleArbitrage(settings: settings)
        _ = strategy.update(quote(1000, "BTCUSDT", "50400", "50410"))
        _ = strategy.update(quote(1100, "ETHBTC", "0.04", "0.0401"))
        // At 6100 the ETHBTC quote is exactly 5 s old (still fresh), BTCUSDT 5.1 s (stale).
        #expect(strategy.update(quote(6100, "ETHUSDT", "1999", "2000")).isEmpty)
        // BTCUSDT refreshed at 6150, but now ETHBTC is 5.05 s old: stale.
        #expect(strategy.update(quote(6150, "BTCUSDT", "50400", "50410")).isEmpty)
        // ETHBTC refreshed: all fresh, the opportunity opens.
        let found = strategy.update(quote(6200, "ETHBTC", "0.04", "0.0401"))
        #expect(found.count == 1 && found[0].side == .buy)
    }

    // Forward loop: ETHUSDT bid 2016 against BTCUSDT ask 50000 × ETHBTC ask 0.04 = 2000:
    // gross 1.008, the same edge; the direct leg is rich: SELL it, without stop or target.
    @Test func sellsTheRichDirectLeg() throws {
        var strategy = SimpleArbitrage(settings: settings)
        _ = strategy.update(quote(1000, "BTCUSDT", "49990", "50000"))
        _ = strategy.update(quote(1000, "ETHBTC", "0.0399", "0.04"))
        let found = strategy.update(quote(1000, "ETHUSDT", "2016", "2017"))
        #expect(found.count == 1)
        let trigger = try #require(found.first)
        #expect(trigger.direction == .forward && trigger.side == .sell && trigger.edge == Decimal(string: "0.004979022992")!)
        let signal = strategy.signal(for: trigger, ts: Timestamp(milliseconds: 1000))
        #expect(signal.id == "simple_arbitrage:ETHUSDT:1000:SELL" && signal.price == 2016)
        #expect(signal.stop == nil && signal.target == nil && signal.validUntil == Timestamp(milliseconds: 6000))
    }

    @Test func edgeAtTheMinimumDoesNotAct() {
        var custom = settings
        custom.takerFee = 0
        custom.minimumEdge = ExactDecimal(Decimal(string: "0.008")!)
        var strategy = SimpleArbitrage(settings: custom)
        _ = strategy.update(quote(1000, "BTCUSDT", "50400", "50410"))
        _ = strategy.update(quote(1000, "ETHBTC", "0.04", "0.0401"))
        // Edge exactly 0.008: not above the minimum.
        #expect(strategy.update(quote(1000, "ETHUSDT", "1999", "2000")).isEmpty)
    }

    @Test func stageWritesTheSignalWithValidUntilAfterTheBook() throws {
        let lines = [
            SignalStageHarness.book(1000, "BTCUSDT", "50400", "50410"),
            SignalStageHarness.book(1100, "ETHBTC", "0.04", "0.0401"),
            SignalStageHarness.book(1200, "ETHUSDT", "1999", "2000"),
            SignalStageHarness.book(1300, "ETHUSDT", "1999", "2000"),
            SignalStageHarness.book(1400, "SOLUSDT", "99", "100"),
        ]
        let output = try SignalStageHarness.run(lines, strategies: [SimpleArbitrage.name])
        #expect(output.count == 6)
        #expect(Array(output[0...2]) == Array(lines[0...2]))
        #expect(output[3] == #"{"v":1,"type":"signal","ts":1200,"id":"simple_arbitrage:ETHUSDT:1200:BUY","strategy":"simple_arbitrage","symbol":"ETHUSDT","side":"BUY","price":"2000","stop":"1980","target":"2010","reason":"ETHUSDT ask 2000 below the implied 2016 (BTCUSDT bid x ETHBTC bid): round trip via ETHUSDT, ETHBTC, BTCUSDT edge 0.4979% after 3 x 0.1% fees > 0.3%","valid_until":6200}"#)
        #expect(Array(output[4...5]) == Array(lines[3...4]))
        // The line reads back, valid_until included.
        let signal = try scan(output[3]) { try Signal(line: $0) }
        #expect(signal.validUntil == Timestamp(milliseconds: 6200))
    }

    @Test func booksAreForwardedUntouchedWhenNoBookStrategyRuns() throws {
        let lines = [SignalStageHarness.book(1000, "BTCUSDT", "50400", "50410"), #"{"v":1,"type":"book","ts":5,"symbol":"BTCUSDT","bid":"2","ask":"1"}"#]
        #expect(try SignalStageHarness.run(lines, strategies: [MomentumBreakout.name]) == lines)
    }
}

@Suite struct SignalExpiryTests {
    func line(_ text: String) throws -> Signal {
        try scan(text) { try Signal(line: $0) }
    }

    @Test func validUntilIsOptionalAndMustNotPrecedeTs() throws {
        let base = #"{"v":1,"type":"signal","ts":1000,"id":"a","strategy":"manual","symbol":"BTCUSDT","side":"BUY","price":"1""#
        #expect(try line(base + "}").validUntil == nil)
        #expect(try line(base + #","valid_until":null}"#).validUntil == nil)
        #expect(try line(base + #","valid_until":1000}"#).validUntil == Timestamp(milliseconds: 1000))
        #expect(throws: LineError.self) { try line(base + #","valid_until":999}"#) }
        #expect(throws: LineError.self) { try line(base + #","valid_until":"2000"}"#) }
    }

    @Test func riskRefusesAnExpiredSignal() throws {
        let day = RiskEngineTests.day
        var signal = Signal(id: "simple_arbitrage:ETHUSDT:1:BUY", ts: day, strategy: "simple_arbitrage", symbol: "ETHUSDT", side: .buy,
                            price: 2000, stop: 1980, target: 2010, reason: "test")
        signal.validUntil = Timestamp(milliseconds: day.milliseconds + 5000)
        let tests = RiskEngineTests()
        // Judged within its life: approved.
        #expect(tests.rule(tests.judge(signal, tests.state(), now: Timestamp(milliseconds: day.milliseconds + 5000))) == nil)
        // One millisecond after: refused.
        let late = tests.judge(signal, tests.state(), now: Timestamp(milliseconds: day.milliseconds + 5001))
        #expect(tests.rule(late) == .signalExpired)
        #expect(RiskRule.signalExpired.rawValue == "signal.expired")
        // On the data clock a later market line read before the signal moves the clock.
        let engine = RiskEngine(config: tests.config, filters: tests.filters)
        let staleByData = engine.evaluate(signal, state: tests.state(), session: "s", now: day, latestData: Timestamp(milliseconds: day.milliseconds + 5001))
        #expect(tests.rule(staleByData) == .signalExpired)
        #expect(tests.rule(engine.evaluate(signal, state: tests.state(), session: "s", now: day, latestData: Timestamp(milliseconds: day.milliseconds + 5000))) == nil)
        // Exits too.
        signal.side = .sell
        #expect(tests.rule(tests.judge(signal, tests.state(positions: [tests.position("ETHUSDT")]), now: Timestamp(milliseconds: day.milliseconds + 6000))) == .signalExpired)
    }
}

@Suite struct SpreadCaptureTests {
    var settings: GenesisConfig.SpreadCapture {
        var settings = GenesisConfig().strategies.spreadCapture
        settings.lookback = 4
        return settings
    }

    /// Five calm books, mid 100, spread 2 bps: the windows are full after them.
    func warm(_ strategy: inout SpreadCapture) {
        for index in 0..<5 { #expect(strategy.update(quote(Int64(index) * 100, "BTCUSDT", "99.99", "100.01")) == nil) }
    }

    @Test func buysTheAskWhenAWideSpreadMeetsACalmTwoSidedBook() throws {
        var strategy = SpreadCapture(settings: settings)
        warm(&strategy)
        // Spread 0.1 on mid 100 = 10 bps ≥ 5, ≥ 2 × average 2 bps; mid changes all 0; bid share 0.5.
        let book = quote(500, "BTCUSDT", "99.95", "100.05")
        let triggerValue = strategy.update(book)
        let trigger = try #require(triggerValue)
        #expect(abs(trigger.spreadBps - 10) < 1e-12 && abs(trigger.averageSpreadBps - 2) < 1e-12)
        #expect(trigger.midVolatilityBps == 0 && trigger.bidShare == 0.5)
        let signal = strategy.signal(for: trigger, quote: book)
        #expect(signal.id == "spread_capture:BTCUSDT:500:BUY" && signal.side == .buy && signal.orderType == .market)
        #expect(signal.price == Decimal(string: "100.05")!)
        #expect(signal.stop == Decimal(string: "99.74985")!)  // 100.05 × 0.997
        #expect(signal.target == Decimal(string: "100.15")!)  // 100.05 + 1 × 0.1
        #expect(signal.reason.contains("spread 10.00 bps") && signal.reason.contains("5.00x its average 2.00 bps"))
        // Still wide on the next book: not again.
        #expect(strategy.update(quote(600, "BTCUSDT", "99.95", "100.05")) == nil)
    }

    @Test func noEntryOnAOneSidedBookOrAMovingMid() {
        var oneSided = SpreadCapture(settings: settings)
        warm(&oneSided)
        // Bid share 0.1 / 1.1 = 0.0909 < 0.2.
        #expect(oneSided.update(quote(500, "BTCUSDT", "99.95", "100.05", bidQty: "0.1", askQty: "1")) == nil)
        #expect(oneSided.update(quote(600, "BTCUSDT", "99.95", "100.05", bidQty: nil, askQty: "1")) == nil)

        var moving = SpreadCapture(settings: settings)
        // Mid 100, 100.1, 100, 100.1, 100: changes of about ±10 bps, σ ≈ 10 > 2.
        for (index, bid) in ["99.99", "100.09", "99.99", "100.09", "99.99"].enumerated() {
            let ask = (Decimal(string: bid)! + Decimal(string: "0.02")!).plainText
            #expect(moving.update(quote(Int64(index) * 100, "BTCUSDT", bid, ask)) == nil)
        }
        #expect(moving.update(quote(500, "BTCUSDT", "99.95", "100.05")) == nil)
    }

    @Test func stageEmitsOneSignal() throws {
        var config = GenesisConfig()
        config.strategies.spreadCapture.lookback = 4
        let lines = (0..<5).map { SignalStageHarness.book(Int64($0) * 100, "BTCUSDT", "99.99", "100.01") }
            + [SignalStageHarness.book(500, "BTCUSDT", "99.95", "100.05"), SignalStageHarness.book(600, "BTCUSDT", "99.95", "100.05")]
        let output = try SignalStageHarness.run(lines, strategies: [SpreadCapture.name], config: config)
        let signals = SignalStageHarness.signals(output)
        #expect(output.count == 8 && signals.count == 1)
        #expect(output[6].contains(#""id":"spread_capture:BTCUSDT:500:BUY""#))
        #expect(signals[0]["price"] as? String == "100.05" && signals[0]["stop"] as? String == "99.74985" && signals[0]["target"] as? String == "100.15")
    }
}

@Suite struct MarketMakingTests {
    var settings: GenesisConfig.MarketMaking {
        var settings = GenesisConfig().strategies.marketMaking
        settings.volatilityLookback = 2
        return settings
    }

    func prices(_ requote: MarketMaking.Requote, _ side: Side) -> [String] {
        requote.quotes.filter { $0.side == side }.map(\.price.plainText)
    }

    @Test func quotesThreeLayersAroundACalmMid() throws {
        var strategy = MarketMaking(settings: settings)
        #expect(strategy.update(quote(0, "BTCUSDT", "99.99", "100.01")) == nil)
        #expect(strategy.update(quote(100, "BTCUSDT", "99.99", "100.01")) == nil)
        let book = quote(200, "BTCUSDT", "99.99", "100.01")
        let requoteValue = strategy.update(book)
        let requote = try #require(requoteValue)
        // σ 0 → spread 10 bps, 5 on each side, layers 5 / 10 / 15 bps out, no skew at the assumed 50%.
        #expect(requote.spreadBps == 10 && requote.skewBps == 0 && requote.inventoryShare == 0.5)
        #expect(prices(requote, .buy) == ["99.95", "99.9", "99.85"])
        #expect(prices(requote, .sell) == ["100.05", "100.1", "100.15"])
        let signals = strategy.signals(for: requote, book: book)
        #expect(signals.count == 6)
        #expect(signals.map(\.id) == ["market_making:BTCUSDT:200:BUY:1", "market_making:BTCUSDT:200:SELL:1", "market_making:BTCUSDT:200:BUY:2",
                                      "market_making:BTCUSDT:200:SELL:2", "market_making:BTCUSDT:200:BUY:3", "market_making:BTCUSDT:200:SELL:3"])
        #expect(signals.allSatisfy { $0.orderType == .limitMaker && $0.price == 100 })
        #expect(signals[0].limitPrice == Decimal(string: "99.95")! && signals[0].stop == Decimal(string: "98.9505")! && signals[0].target == Decimal(string: "100.05")!)
        #expect(signals[1].limitPrice == Decimal(string: "100.05")! && signals[1].stop == nil && signals[1].target == nil)

        // Mid 100.02: moved 0.02% ≤ 0.05%: no requote.
        #expect(strategy.update(quote(300, "BTCUSDT", "100.01", "100.03")) == nil)
        // Mid 100.1: moved 0.1% from 100: requote. Changes 2 and 7.9984 bps: σ = 2.9992 → 3.00;
        // spread 10 + 2 × 3 = 16 bps, half 8: layers 8 / 13 / 18 bps around 100.1.
        let movedValue = strategy.update(quote(400, "BTCUSDT", "100.09", "100.11"))
        let moved = try #require(movedValue)
        #expect(abs(moved.volatilityBps - 2.99920015996801) < 1e-9)
        #expect(moved.spreadBps == 16)
        #expect(prices(moved, .buy) == ["100.01992", "99.96987", "99.91982"])
        #expect(prices(moved, .sell) == ["100.18008", "100.23013", "100.28018"])
    }

    @Test func inventoryBelowTheMinimumSkewsUpAndStopsTheAsks() throws {
        var strategy = MarketMaking(settings: settings)
        for index in 0..<2 { _ = strategy.update(quote(Int64(index), "BTCUSDT", "99.99", "100.01")) }
        // 0.25 BTC bought at 100 on a balance of 100: base 25 of equity 100 → 25% < 30%.
        strategy.note(status: "OPEN", quantity: Decimal(string: "0.25")!, entryPrice: 100, balance: 100)
        let requoteValue = strategy.update(quote(2, "BTCUSDT", "99.99", "100.01"))
        let requote = try #require(requoteValue)
        // tilt (0.25 − 0.5) / (0.5 − 0.3) = −1.25 → skew −5 bps (the half-spread): centre 100.05.
        #expect(requote.inventoryShare == 0.25 && requote.skewBps == -5)
        #expect(prices(requote, .sell).isEmpty)
        #expect(prices(requote, .buy) == ["99.999975", "99.94995", "99.899925"])
        #expect(requote.quotes.map(\.target) == [Decimal(string: "100.100025")!, Decimal(string: "100.15005")!, Decimal(string: "100.200075")!])
        // A later position note requotes even on an unchanged mid; too much base: bids stop.
        strategy.note(status: "OPEN", quantity: 1, entryPrice: 100, balance: 100)
        let heavyValue = strategy.update(quote(3, "BTCUSDT", "99.99", "100.01"))
        let heavy = try #require(heavyValue)
        #expect(heavy.inventoryShare == 1 && heavy.skewBps == 5 && prices(heavy, .buy).isEmpty)
        #expect(prices(heavy, .sell) == ["99.999975", "100.04995", "100.099925"])
    }

    @Test func stageQuotesFromBooksAndReadsPositions() throws {
        var config = GenesisConfig()
        config.strategies.marketMaking.volatilityLookback = 2
        let position = #"{"v":1,"type":"position","ts":150,"symbol":"BTCUSDT","side":"LONG","status":"OPEN","quantity":"0.25","entry_price":"100","fees":"0","balance":"100"}"#
        let lines = [SignalStageHarness.book(0, "BTCUSDT", "99.99", "100.01"), SignalStageHarness.book(100, "BTCUSDT", "99.99", "100.01"),
                     position, SignalStageHarness.book(200, "BTCUSDT", "99.99", "100.01"), SignalStageHarness.book(300, "BTCUSDT", "99.99", "100.01")]
        let output = try SignalStageHarness.run(lines, strategies: [MarketMaking.name], config: config)
        let signals = SignalStageHarness.signals(output)
        #expect(output.count == 5 + 3 && signals.count == 3)
        #expect(output[2] == position)
        #expect(signals.map { $0["id"] as? String } == ["market_making:BTCUSDT:200:BUY:1", "market_making:BTCUSDT:200:BUY:2", "market_making:BTCUSDT:200:BUY:3"])
        #expect(signals.allSatisfy { $0["order_type"] as? String == "LIMIT_MAKER" })
        #expect(signals[0]["limit_price"] as? String == "99.999975")
    }
}

@Suite struct SignalExpiryCommandTests {
    /// gen-risk on the data clock: a book read before the signal moved the
    /// clock past the signal's valid_until, so the signal is refused.
    @Test func genRiskRefusesASignalThatArrivesAfterItsLife() throws {
        let bench = try CLIBench.withAccount()
        let signal = #"{"v":1,"type":"signal","ts":1704074400000,"id":"simple_arbitrage:ETHUSDT:1704074400000:BUY","strategy":"simple_arbitrage","symbol":"ETHUSDT","side":"BUY","price":"2000","stop":"1980","target":"2010","reason":"test","valid_until":1704074405000}"#
        let lateBook = SignalStageHarness.book(1_704_074_405_001, "ETHUSDT", "1999", "2000")
        let outcome = try bench.run("gen-risk", ["--no-sync"], stdin: Data((lateBook + "\n" + signal + "\n").utf8))
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[0] == lateBook)
        let rejection = SignalStageHarness.object(lines[1])
        #expect(rejection["type"] as? String == "rejection" && rejection["rule"] as? String == "signal.expired", "\(lines)")
    }
}
