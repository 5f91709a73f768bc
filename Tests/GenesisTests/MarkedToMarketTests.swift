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

/// The watcher's look at the day: open positions marked to the bid count toward the daily loss.
@Suite struct MarkedToMarketSupervisionTests {
    let opened = Timestamp(milliseconds: 1_704_067_200_000) // 2024-01-01T00:00Z

    @Test func anUnrealisedLossPastTheEmergencyLimitDemotesEvenOnADayWithoutFills() throws {
        let store = try TestSupport.makeStore(balance: 500, openedAt: opened)
        let nextMorning = opened.adding(milliseconds: 30 * 3_600_000)
        // 14% on paper: deleveraging, not yet the emergency.
        let warning = try store.superviseTier(session: Account.defaultSession, config: GenesisConfig(), now: nextMorning, unrealized: -70)
        #expect(warning.change == nil)
        #expect(warning.sellShare != nil)
        #expect(try store.requireAccount().balance == 500) // marking never touches the stored balance
        // 16% on paper: the emergency, at once.
        let emergency = try store.superviseTier(session: Account.defaultSession, config: GenesisConfig(), now: nextMorning.adding(milliseconds: 1000), unrealized: -80)
        #expect(emergency.closeAll)
        #expect(emergency.change != nil)
        #expect(try store.tradingState().0 == .halted)
    }
}

/// Two processes book fills into one account (the pipeline and the watcher).
@Suite struct SharedAccountTests {
    let t0 = Timestamp(milliseconds: 1_704_067_200_000)

    func entry(_ id: String, _ symbol: String, at time: Timestamp) -> OrderIntent {
        OrderIntent(clientOrderID: id, ts: time, session: Account.defaultSession, signalID: "sig-\(id)", strategy: "manual", symbol: symbol, side: .buy,
                    purpose: .entry, quantity: 1, referencePrice: 100, stop: 90, target: 120)
    }

    @Test func eachFillMovesTheStoredBalanceEvenWhenTheBookingProcessLoadedItEarlier() throws {
        let store = try TestSupport.makeStore(balance: 500, openedAt: t0)
        // Both processes load the account now.
        var watcher = PositionBook(session: Account.defaultSession, account: try store.loadAccount(session: Account.defaultSession), positions: [])
        var pipeline = watcher
        // The watcher books a round trip: +20 gross, 0.1 + 0.12 fees.
        let open = entry("gen-a", "AAAUSDT", at: t0)
        try store.recordAccepted(open, venue: "sim", at: t0)
        let entered = watcher.enter(open, venue: "sim", trades: [TradeFill(id: "AAAUSDT-1", price: 100, quantity: 1, fee: Decimal(string: "0.1")!, feeAsset: "USDT")], time: t0)
        try store.recordFill(entered)
        let position = try #require(watcher.positions["AAAUSDT"])
        var close = watcher.exitOrder(for: position, purpose: .takeProfit, reference: 120, time: t0.adding(milliseconds: 1000))
        close.clientOrderID = "gen-a-exit"
        try store.recordAccepted(close, venue: "sim", at: t0)
        try store.recordFill(watcher.exit(position, order: close, venue: "sim",
                                          trades: [TradeFill(id: "AAAUSDT-2", price: 120, quantity: 1, fee: Decimal(string: "0.12")!, feeAsset: "USDT")], time: t0.adding(milliseconds: 1000)))
        // The pipeline, still holding the account as it was, books an entry (fee 0.1).
        let other = entry("gen-b", "BBBUSDT", at: t0.adding(milliseconds: 2000))
        try store.recordAccepted(other, venue: "sim", at: t0)
        try store.recordFill(pipeline.enter(other, venue: "sim", trades: [TradeFill(id: "BBBUSDT-1", price: 100, quantity: 1, fee: Decimal(string: "0.1")!, feeAsset: "USDT")],
                                            time: t0.adding(milliseconds: 2000)))
        // 500 + 20 − 0.1 − 0.12 − 0.1: the watcher's profit is not overwritten.
        #expect(try store.requireAccount().balance == Decimal(string: "519.68"))
        #expect(try store.requireAccount().peakBalance == Decimal(string: "519.78"))
    }

    @Test func aPaperGainDoesNotRaiseThePeakThatDrawdownsAreMeasuredFrom() throws {
        let store = try TestSupport.makeStore(balance: 500, openedAt: t0)
        // Up 100 on paper, then back to nothing: no drawdown of the realised account.
        _ = try store.superviseTier(session: Account.defaultSession, config: GenesisConfig(), now: t0.adding(milliseconds: 1000), unrealized: 100)
        let flat = try store.superviseTier(session: Account.defaultSession, config: GenesisConfig(), now: t0.adding(milliseconds: 2000), unrealized: 0)
        #expect(flat.change == nil)
        #expect(!flat.closeAll)
        #expect(try store.tradingState().0 == .active)
    }
}
