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

@Suite struct RiskEngineTests {
    static let day = Timestamp(parsing: "2024-03-01T12:00:00Z")!

    var config = GenesisConfig()
    var filters = SymbolFilters(tickSize: Decimal(string: "0.01")!, stepSize: Decimal(string: "0.00001")!, minNotional: 5)

    func signal(_ side: Side = .buy, symbol: String = "BTCUSDT", price: String = "100", stop: String? = nil, strategy: String = "momentum_breakout", at time: Timestamp = day) -> Signal {
        Signal(id: "test:\(symbol):\(side.rawValue)", ts: time, strategy: strategy, symbol: symbol, side: side, price: Decimal(string: price)!,
               stop: stop.map { Decimal(string: $0)! }, target: nil, reason: "test")
    }

    func state(balance: String = "500", dayStart: String? = nil, positions: [Position] = [], pending: [String] = [], trading: TradingState = .active) -> RiskState {
        var account = Account.opening(balance: Decimal(string: dayStart ?? balance)!, at: Self.day)
        account.balance = Decimal(string: balance)!
        return RiskState(account: account, tradingState: trading, tradingStateReason: "test", openPositions: positions, pendingEntries: pending)
    }

    func position(_ symbol: String, quantity: String = "0.1") -> Position {
        Position(session: "s", symbol: symbol, quantity: Decimal(string: quantity)!, entryPrice: 100, stop: 98, target: nil, strategy: "momentum_breakout",
                 signalID: "x", entryClientOrderID: "gen-x-\(symbol)", openedAt: Self.day, fees: 0)
    }

    func judge(_ signal: Signal, _ state: RiskState, now: Timestamp = day) -> Result<OrderIntent, Rejection> {
        RiskEngine(config: config, filters: filters).evaluate(signal, state: state, session: "s", now: now)
    }

    func rule(_ result: Result<OrderIntent, Rejection>) -> RiskRule? {
        if case let .failure(rejection) = result { return rejection.rule }
        return nil
    }

    func order(_ result: Result<OrderIntent, Rejection>) throws -> OrderIntent {
        switch result {
        case let .success(order): return order
        case let .failure(rejection): throw rejection
        }
    }

    @Test func approvesAFixedFractionEntryWithTheDefaultStop() throws {
        let intent = try order(judge(signal(price: "100"), state()))
        #expect(intent.quantity == Decimal(string: "0.25")!)          // 5% of 500 = 25 at 100
        #expect(intent.stop == 98)                                      // 2% default stop
        #expect(intent.side == .buy && intent.purpose == .entry)
        #expect(intent.clientOrderID == ClientOrderID.derive(session: "s", origin: "test:BTCUSDT:BUY"))
        #expect(intent.notional == 25)
    }

    @Test func roundsQuantityDownToTheLotStepAndStopsToTheTick() throws {
        let intent = try order(judge(signal(price: "30000", stop: "29400.005"), state()))
        #expect(intent.quantity == Decimal(string: "0.00083")!)       // 25 / 30000 = 0.000833… → step 0.00001, down
        #expect(intent.stop == Decimal(string: "29400.01")!)           // tick 0.01, toward the price
    }

    @Test func tradingStateRule() throws {
        #expect(rule(judge(signal(), state(trading: .halted))) == .tradingState)
        #expect(rule(judge(signal(), state(trading: .reducing))) == .tradingState)
        // Exits pass REDUCING and HALTED: a halt stops new risk, never the way out.
        let held = [position("BTCUSDT")]
        #expect(try order(judge(signal(.sell), state(positions: held, trading: .reducing))).purpose == .exit)
        #expect(try order(judge(signal(.sell), state(positions: held, trading: .halted))).purpose == .exit)
    }

    @Test func tierPermissionRules() {
        #expect(rule(judge(signal(strategy: "mean_reversion"), state())) == .tierStrategy)
        #expect(rule(judge(signal(strategy: "momentum_breakout"), state())) == nil)
        #expect(rule(judge(signal(symbol: "BTCUSDT"), state(positions: [position("ETHUSDT")]))) == .tierPairs)
    }

    @Test func sizingRule() {
        #expect(rule(judge(signal(price: "10000000"), state())) == .positionSizing) // 25 / 1e7 < one lot
        #expect(rule(judge(signal(price: "2500000"), state())) == nil)              // exactly one lot: 0.00001
    }

    @Test mutating func maxOpenPositionsRule() {
        config.tiers.sniper.maxPairs = 3
        #expect(rule(judge(signal(), state(positions: [position("ETHUSDT")]))) == .maxOpenPositions)
        #expect(rule(judge(signal(), state(pending: ["ETHUSDT"]))) == .maxOpenPositions)
        config.tiers.sniper.maxOpenPositions = 2
        #expect(rule(judge(signal(), state(positions: [position("ETHUSDT")]))) == nil)
    }

    @Test mutating func onePositionPerPair() {
        config.tiers.sniper.maxOpenPositions = 3
        #expect(rule(judge(signal(), state(positions: [position("BTCUSDT")]))) == .positionExists)
    }

    @Test func dailyLossLimitAtAndJustEitherSide() {
        // SNIPER limit: $25 of realised loss today. Just inside it, the
        // entry's own loss at its stop would cross it: the drawdown budget refuses.
        #expect(rule(judge(signal(), state(balance: "490", dayStart: "500"))) == nil)
        #expect(rule(judge(signal(), state(balance: "475.01", dayStart: "500"))) == .drawdownBudget)
        #expect(rule(judge(signal(), state(balance: "475", dayStart: "500"))) == .dailyLossLimit)
        #expect(rule(judge(signal(), state(balance: "474.99", dayStart: "500"))) == .dailyLossLimit)
        // The next UTC day starts afresh.
        let tomorrow = Self.day.adding(milliseconds: Timestamp.millisecondsPerDay)
        #expect(rule(judge(signal(at: tomorrow), state(balance: "475", dayStart: "500"), now: tomorrow)) == nil)
    }

    @Test mutating func emergencyDailyLossAtFifteenPercent() {
        config.tiers.sniper.dailyLossLimit = 1000
        #expect(rule(judge(signal(), state(balance: "425.01", dayStart: "500"))) == .dailyLossWarning)
        #expect(rule(judge(signal(), state(balance: "425", dayStart: "500"))) == .emergencyDailyLoss)
    }

    @Test mutating func dailyLossWarningLevels() throws {
        config.tiers.sniper.dailyLossLimit = 1000
        // Below 5%: full size; from 5%: halved; from 10%: no new positions.
        #expect(try order(judge(signal(), state(balance: "475.01", dayStart: "500"))).quantity == Decimal(string: "0.2375")!) // 5% of 475.01 = 23.75 at 100
        let reduced = try order(judge(signal(), state(balance: "475", dayStart: "500")))
        #expect(reduced.quantity == Decimal(string: "0.11875")!)      // 23.75 × 0.5
        #expect(rule(judge(signal(), state(balance: "450.01", dayStart: "500"))) == nil)
        guard case let .failure(rejection) = judge(signal(), state(balance: "450", dayStart: "500")) else { Issue.record("10% loss approved"); return }
        #expect(rejection.rule == .dailyLossWarning)
        #expect(!rejection.message.contains("halt level"))
        guard case let .failure(near) = judge(signal(), state(balance: "440", dayStart: "500")) else { Issue.record("12% loss approved"); return }
        #expect(near.message.contains("halt level"))
    }

    @Test func stopLossRule() throws {
        #expect(rule(judge(signal(price: "100", stop: "100"), state())) == .stopLoss)
        #expect(rule(judge(signal(price: "100", stop: "101"), state())) == .stopLoss)
        #expect(try order(judge(signal(price: "100", stop: "99.99"), state())).stop == Decimal(string: "99.99")!)
    }

    @Test func minimumPositionAtAndJustEitherSide() {
        // 5% of 200 = 10: exactly the minimum.
        #expect(rule(judge(signal(price: "100"), state(balance: "200"))) == nil)
        #expect(rule(judge(signal(price: "100"), state(balance: "199.99"))) == .minimumPosition)
    }

    @Test func sellSignalsCloseHeldPositionsAndNeverShort() throws {
        #expect(rule(judge(signal(.sell), state())) == .noShortSelling)
        let exit = try order(judge(signal(.sell, price: "105"), state(positions: [position("BTCUSDT", quantity: "0.12345")])))
        #expect(exit.side == .sell && exit.purpose == .exit)
        #expect(exit.quantity == Decimal(string: "0.12345")!)
    }

    @Test func everyRejectionIsOneCalmSentence() {
        let cases = [judge(signal(), state(trading: .halted)), judge(signal(strategy: "market_making"), state()), judge(signal(.sell), state()),
                     judge(signal(), state(balance: "470", dayStart: "500")), judge(signal(price: "100"), state(balance: "100"))]
        for case let .failure(rejection) in cases {
            #expect(rejection.message.hasSuffix("."))
            #expect(!rejection.message.contains("\n"))
        }
    }
}

@Suite struct WorkedOrderTests {
    @Test func tiersChooseHowLargeOrdersAreWorked() throws {
        var sniper = Account.opening(balance: 20000, at: RiskEngineTests.day)
        sniper.tier = .sniper
        let engine = RiskEngine(config: GenesisConfig(), filters: SymbolFilters(tickSize: Decimal(string: "0.01")!, stepSize: Decimal(string: "0.00001")!, minNotional: 5))
        let signal = Signal(id: "big", ts: RiskEngineTests.day, strategy: "momentum_breakout", symbol: "BTCUSDT", side: .buy, price: 40000, stop: 39000, target: nil, reason: "")
        // 5% of 20,000 = 1,000: above SNIPER's 500 threshold, so three market slices.
        #expect(try engine.evaluate(signal, state: RiskState(account: sniper), session: "s", now: RiskEngineTests.day).get().algorithm == .slicedMarket)
        var hunter = Account.opening(balance: 5000, at: RiskEngineTests.day)
        hunter.tier = .hunter
        // 5% of 5,000 = 250: an iceberg is mandatory from 200 at HUNTER.
        #expect(try engine.evaluate(signal, state: RiskState(account: hunter), session: "s", now: RiskEngineTests.day).get().algorithm == .iceberg)
        var smaller = Account.opening(balance: 3000, at: RiskEngineTests.day) // 150: below the threshold
        smaller.tier = .hunter
        #expect(try engine.evaluate(signal, state: RiskState(account: smaller), session: "s", now: RiskEngineTests.day).get().algorithm == .market)
    }

    @Test func slicePlansAreDeterministicAndExact() {
        var order = OrderIntent(clientOrderID: "gen-plan", ts: RiskEngineTests.day, session: "s", signalID: "x", strategy: "momentum_breakout", symbol: "BTCUSDT",
                                side: .buy, purpose: .entry, quantity: Decimal(string: "0.12345")!, referencePrice: 40000, stop: 39000, target: nil)
        order.algorithm = .iceberg
        let settings = GenesisConfig().execution
        let plan = SlicePlan.make(for: order, settings: settings, slices: 3, step: Decimal(string: "0.00001")!)
        #expect(plan == SlicePlan.make(for: order, settings: settings, slices: 3, step: Decimal(string: "0.00001")!))
        #expect((3...10).contains(plan.quantities.count))
        #expect(plan.quantities.reduce(0, +) == order.quantity)
        #expect(plan.delaysMs.first == 0 && plan.delaysMs.dropFirst().allSatisfy { (1000...5000).contains($0) })
        let base = order.quantity / Decimal(plan.quantities.count)
        #expect(plan.quantities.dropLast().allSatisfy { $0 >= base * Decimal(string: "0.79")! && $0 <= base * Decimal(string: "1.21")! })
        order.algorithm = .slicedMarket
        let sliced = SlicePlan.make(for: order, settings: settings, slices: 3, step: Decimal(string: "0.00001")!)
        #expect(sliced.quantities == [Decimal(string: "0.04115")!, Decimal(string: "0.04115")!, Decimal(string: "0.04115")!])
    }
}

@Suite struct VWAPPlanTests {
    /// Thirty days of 30-minute candles whose volume is 10 in every bucket
    /// except 12:00–12:30 UTC, where it is 100.
    func profile() -> VolumeProfile {
        let start = Timestamp(parsing: "2024-01-01")!.milliseconds
        let candles = (0..<(30 * 48)).map { index -> KlineRow in
            let openTime = start + Int64(index) * 1_800_000
            let bucket = index % 48
            return KlineRow(openTime: openTime, open: "100", high: "100", low: "100", close: "100", volume: bucket == 24 ? "100" : "10")
        }
        return VolumeProfile(candles: candles, bucketMinutes: 30)
    }

    @Test func slicesFollowTheVolumeProfile() throws {
        let profile = profile()
        #expect(profile.medians.count == 48 && profile.medians[24] == 100 && profile.medians[0] == 10)
        var order = OrderIntent(clientOrderID: "gen-vwap", ts: .now(), session: "s", signalID: "x", strategy: "pairs_arbitrage", symbol: "BTCUSDT",
                                side: .buy, purpose: .entry, quantity: 12, referencePrice: 100, stop: 90, target: nil)
        order.algorithm = .vwap
        // From 11:00: buckets 11:00 (1), 11:30 (1), 12:00 (10) hold 10% × 120 = 12 — exactly the order.
        let now = Timestamp(parsing: "2024-02-01T11:00:00Z")!
        let plan = SlicePlan.vwap(for: order, profile: profile, settings: GenesisConfig().execution, step: Decimal(string: "0.001")!, now: now)
        #expect(plan.quantities.reduce(0, +) == 12)
        #expect(plan.quantities.count <= 100)
        // $50 minimum slices: $100 in each quiet bucket → 2 slices, $1,000 in the busy one → 20.
        #expect(plan.quantities.count == 2 + 2 + 20)
        #expect(plan.delaysMs.first == 0)
        #expect(plan.delaysMs.reduce(0, +) < 90 * 60_000)
        // The busy bucket carries ten times a quiet bucket's share.
        let quiet = plan.quantities.prefix(2).reduce(0, +), busy = plan.quantities.suffix(20).reduce(0, +)
        #expect(abs((busy / quiet).approximateDouble - 10) < 0.01)
        let decoded = try JSONDecoder().decode(SlicePlan.self, from: JSONEncoder().encode(plan))
        #expect(decoded == plan)
    }

    @Test func withoutHistoryItFallsBackToEvenSlices() {
        var order = OrderIntent(clientOrderID: "gen-vwap-empty", ts: .now(), session: "s", signalID: "x", strategy: "pairs_arbitrage", symbol: "BTCUSDT",
                                side: .buy, purpose: .entry, quantity: 1, referencePrice: 100, stop: 90, target: nil)
        order.algorithm = .vwap
        let plan = SlicePlan.vwap(for: order, profile: VolumeProfile(candles: [], bucketMinutes: 30), settings: GenesisConfig().execution,
                                  step: Decimal(string: "0.001")!, now: .now())
        #expect(plan.quantities.count == 10 && plan.quantities.reduce(0, +) == 1)
    }
}

/// The discipline rules of DESIGN §2–§4 as the engine applies them.
@Suite struct RiskDisciplineTests {
    let base = RiskEngineTests()
    let now = RiskEngineTests.day

    func rule(_ state: RiskState, _ signal: Signal? = nil) -> RiskRule? { base.rule(base.judge(signal ?? base.signal(), state)) }

    @Test func tiltLockBlocksEntriesButNotExits() {
        var state = base.state(positions: [base.position("ETHUSDT")])
        state.tilt.locked = true
        #expect(rule(state) == .tiltLocked)
        #expect(rule(state, base.signal(.sell, symbol: "ETHUSDT")) == nil)
    }

    @Test func aForcedBreakEndsOnTime() {
        var state = base.state()
        state.tilt.forcedBreakUntil = now.adding(milliseconds: 1)
        #expect(rule(state) == .tiltBreak)
        state.tilt.forcedBreakUntil = now
        #expect(rule(state) == nil)
    }

    @Test func atWarningAManualTradeNeedsAReason() {
        var state = base.state()
        state.tilt.level = .warning
        var manual = base.signal(strategy: RiskEngine.manualStrategy)
        manual.reason = "fomo"
        #expect(rule(state, manual) == .tiltReason)
        manual.reason = "breakout on the daily chart"
        #expect(rule(state, manual) == nil)
        // Strategies need no reason.
        #expect(rule(state) == nil)
    }

    @Test func anEmergencyHaltsEntriesAndThenWantsAJournal() {
        var state = base.state()
        state.tier.emergencyAt = now.adding(milliseconds: -3_600_000)
        state.tier.journalRequired = true
        #expect(rule(state) == .emergencyHalt)
        state.tier.emergencyAt = now.adding(milliseconds: -25 * 3_600_000)
        #expect(rule(state) == .journalRequired)
        state.tier.journalRequired = false
        // Day 1 of the ramp: 25% of a $25 position is below the $10 minimum, and the message says why.
        guard case let .failure(rejection) = base.judge(base.signal(), state) else { Issue.record("approved"); return }
        #expect(rejection.rule == .minimumPosition)
        #expect(rejection.message.contains("day 1 of the 4-day ramp"))
        state.tier.emergencyAt = now.adding(milliseconds: -5 * Timestamp.millisecondsPerDay)
        #expect(rule(state) == nil)
    }

    @Test func maxTradesPerDay() {
        var state = base.state()
        state.record.entriesToday = 99
        #expect(rule(state) == nil)
        state.record.entriesToday = 100
        #expect(rule(state) == .maxTradesPerDay)
    }

    @Test func maxDrawdownFromThePeak() {
        var state = base.state(balance: "450")
        state.account.peakBalance = 500
        state.account.dayStartBalance = 450
        #expect(rule(state) == nil)
        // Just inside the limit the entry's own loss at its stop would cross it.
        state.account.balance = Decimal(string: "425.01")!
        state.account.dayStartBalance = Decimal(string: "425.01")!
        #expect(rule(state) == .drawdownBudget)
        state.account.balance = 425
        state.account.dayStartBalance = 425
        #expect(rule(state) == .maxDrawdown)
    }

    @Test func correlatedExposureAboveSixtyPercentIsRefused() {
        var config = GenesisConfig()
        config.tiers.sniper.maxOpenPositions = 5
        config.tiers.sniper.maxPairs = 5
        var state = base.state(balance: "500", positions: [base.position("ETHUSDT", quantity: "0.2")]) // cost 20
        state.correlations = ["ETHUSDT": 0.6999]
        let engine = RiskEngine(config: config, filters: base.filters)
        #expect(engine.evaluate(base.signal(), state: state, session: "s", now: now).isSuccess)          // ρ 0.6999 is below the alert
        state.correlations = ["ETHUSDT": 0.7]                                                            // at the alert: moving together
        guard case let .failure(rejection) = engine.evaluate(base.signal(), state: state, session: "s", now: now) else { Issue.record("approved"); return }
        #expect(rejection.rule == .correlation)
        #expect(rejection.message.contains("ETHUSDT (ρ 0.7000)"))
        state.correlations = ["ETHUSDT": -0.99]                                                          // a hedge is not refused
        #expect(engine.evaluate(base.signal(), state: state, session: "s", now: now).isSuccess)
    }

    @Test func noDustAtTheStopAndTheBalanceAfterOrders() {
        var filters = base.filters
        filters.minNotional = 24.6 // 25 at 100 is fine, but at the 98 stop it is worth 24.5
        let engine = RiskEngine(config: GenesisConfig(), filters: filters)
        guard case let .failure(rejection) = engine.evaluate(base.signal(), state: base.state(), session: "s", now: now) else { Issue.record("approved"); return }
        #expect(rejection.rule == .noDust)
        var state = base.state()
        state.pendingNotional = 475
        #expect(rule(state) == .insufficientBalance)          // 25 + fee does not fit in the 25 left
        state.pendingNotional = 474
        #expect(rule(state) == nil)
    }

    @Test func manualOrdersAreAllowedAtEveryTier() {
        #expect(rule(base.state(), base.signal(strategy: RiskEngine.manualStrategy)) == nil)
        #expect(rule(base.state(), base.signal(strategy: "market_making")) == .tierStrategy)
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}

@Suite struct CorrelationTests {
    func series(_ prices: [Double]) -> [Int64: Double] {
        Dictionary(uniqueKeysWithValues: prices.enumerated().map { (Int64($0.offset) * 3_600_000, $0.element) })
    }

    @Test func pearsonOfLogReturns() throws {
        let a = (0..<30).map { 100 * pow(1.01, Double($0 % 7)) }
        let b = a.map { $0 * 3 }                                  // same returns: ρ = 1
        let c = a.map { 10_000 / $0 }                              // opposite returns: ρ = −1
        #expect(abs(try #require(Correlation.rho(series(a), series(b))).rho - 1) < 1e-12)
        #expect(abs(try #require(Correlation.rho(series(a), series(c))).rho + 1) < 1e-12)
        // Nineteen shared returns are too few to say anything (the default minimum, 20).
        #expect(Correlation.rho(series(Array(a.prefix(20))), series(Array(b.prefix(20)))) == nil)
        #expect(Correlation.rho(series(Array(a.prefix(21))), series(Array(b.prefix(21)))) != nil)
        // A flat series has no correlation to speak of.
        #expect(Correlation.rho(series(a), series(Array(repeating: 5, count: 30))) == nil)
    }
}

/// DESIGN §7: the market state gates strategies and scales sizes.
@Suite struct MarketStateRiskTests {
    let base = RiskEngineTests()

    @Test func panicAllowsOnlyArbitrageAndVolatileSizesAtThreeQuarters() throws {
        var state = base.state()
        state.marketState = .panic
        #expect(base.rule(base.judge(base.signal(), state)) == .marketState)
        state.marketState = .maintenance
        #expect(base.rule(base.judge(base.signal(), state)) == .marketState)
        state.marketState = .volatile
        #expect(try base.order(base.judge(base.signal(), state)).quantity == Decimal(string: "0.1875")!) // 25 × 0.75 at 100
        state.marketState = .dead
        #expect(base.rule(base.judge(base.signal(), state)) == .marketState)
        // Exits are never held back by the market state.
        state = base.state(positions: [base.position("BTCUSDT")])
        state.marketState = .panic
        #expect(base.rule(base.judge(base.signal(.sell), state)) == nil)
    }

    @Test func genSignalWritesTheStateAndGenRiskRecordsIt() throws {
        let bench = try CLIBench.withAccount(at: "2024-01-01")
        #expect(try bench.run("gen-fetch", ["generate", "BTCUSDT", "--interval", "1h", "--days", "20", "--start", "2024-01-01", "--seed", "3"]).status == 0)
        let outcome = try TestSupport.shell("gen-fetch replay BTCUSDT --interval 1h --db '\(bench.db)' | gen-signal --db '\(bench.db)' | gen-risk --no-sync --db '\(bench.db)'")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let states = outcome.stdout.split(separator: "\n").filter { $0.contains(#""type":"market_state""#) }
        #expect(!states.isEmpty)
        // The first state comes once the classifier has its history (14 + 100 bars).
        #expect(states.first?.contains(#""ts":\#(Timestamp(parsing: "2024-01-01")!.milliseconds + 114 * 3_600_000)"#) == true, "\(states.first ?? "")")
        let recorded = try Store(path: bench.db).rowCount("market_states")
        #expect(recorded == states.count)
        // The statistics are kept with the state, not only the label.
        let measured = try Store(path: bench.db).read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM market_states WHERE atr_percentile IS NOT NULL AND volume_zscore IS NOT NULL") ?? 0
        }
        #expect(measured == states.count)
    }

    @Test func theCrossPairCorrelationIsRecordedWithTheStateItWasReadBeside() throws {
        let bench = try CLIBench.withAccount(at: "2024-01-01")
        for (symbol, seed) in [("BTCUSDT", "3"), ("ETHUSDT", "4")] {
            #expect(try bench.run("gen-fetch", ["generate", symbol, "--interval", "1h", "--days", "20", "--start", "2024-01-01", "--seed", seed]).status == 0)
        }
        let outcome = try TestSupport.shell("gen-fetch replay BTCUSDT ETHUSDT --interval 1h --db '\(bench.db)' | gen-signal --db '\(bench.db)' | gen-risk --no-sync --db '\(bench.db)'")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let written = outcome.stdout.split(separator: "\n").filter { $0.contains(#""type":"market_state""#) && $0.contains("cross_correlation") }
        #expect(!written.isEmpty)
        let stored = try Store(path: bench.db).rowCount("market_states WHERE cross_correlation IS NOT NULL")
        #expect(stored == written.count)
    }
}
