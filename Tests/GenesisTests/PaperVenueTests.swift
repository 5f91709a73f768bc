import Foundation
import GRDB
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

@Suite struct PaperVenueTests {
    static let start = Timestamp(parsing: "2024-03-01T00:00:00Z")!
    let store: Store

    init() throws {
        store = try TestSupport.makeStore(balance: 500, openedAt: Self.start)
    }

    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    func venue() throws -> PaperVenue { try PaperVenue(ledger: store, paper: GenesisConfig().paper, session: "s") }

    func buy(_ id: String = "gen-buy-1", quantity: String = "0.01", stop: String? = "95", target: String? = "110", at minute: Int64 = 1) -> OrderIntent {
        OrderIntent(clientOrderID: id, ts: Self.start.adding(milliseconds: minute * 60_000), session: "s", signalID: "sig-\(id)", strategy: "momentum_breakout",
                    symbol: "BTCUSDT", side: .buy, purpose: .entry, quantity: d(quantity), referencePrice: 100, stop: stop.map(d), target: target.map(d))
    }

    func at(_ minute: Int64) -> Timestamp { Self.start.adding(milliseconds: minute * 60_000) }

    /// The minute-long candle starting at `minute`.
    func candle(_ venue: PaperVenue, _ minute: Int64, open: Decimal, high: Decimal, low: Decimal) throws -> [VenueOutput] {
        try venue.onCandle(symbol: "BTCUSDT", openTime: at(minute), closeTime: at(minute + 1), open: open, high: high, low: low).all
    }

    func fills(_ outputs: [VenueOutput]) -> [FillRecord] {
        outputs.compactMap { if case let .filled(fill) = $0 { fill } else { nil } }
    }

    @Test func entryFillsAtTheNextOpenWithSlippageAndFee() throws {
        let venue = try venue()
        #expect(try venue.submit(buy()) == [.accepted(buy())])
        #expect(venue.isWatching("BTCUSDT"))
        let fill = try #require(fills(try candle(venue, 2, open: 101, high: 102, low: 100)).first)
        // 101 × 1.0005 = 101.0505 → tick 0.01, rounded against the buyer: 101.06
        #expect(fill.price == d("101.06"))
        // 0.01 × 101.06 × 0.001 = 0.0010106
        #expect(fill.fee == d("0.0010106"))
        #expect(venue.account.balance == d("499.9989894"))
        #expect(venue.availableBalance == d("499.9989894") - d("1.0106"))
        #expect(fill.slippage == d("0.0106"))
        #expect(venue.positions["BTCUSDT"]?.quantity == d("0.01"))
    }

    @Test func stopLossExitsWithExactBalanceArithmetic() throws {
        let venue = try venue()
        _ = try venue.submit(buy())
        _ = try candle(venue, 2, open: 101, high: 102, low: 100)
        #expect(fills(try candle(venue, 3, open: 99, high: 100, low: 96)).isEmpty)
        let exit = try #require(fills(try candle(venue, 4, open: 96, high: 97, low: 94)).first)
        // Stop 95 × 0.9995 = 94.9525 → tick, against the seller: 94.95
        #expect(exit.price == d("94.95"))
        #expect(exit.order.purpose == .stopLoss)
        #expect(exit.fee == d("0.0009495"))
        // −0.0611 gross − 0.0010106 − 0.0009495 fees
        #expect(exit.position.realizedPnL == d("-0.0630601"))
        #expect(venue.account.balance == d("499.9369399"))
        #expect(venue.account.balance == 500 + exit.position.realizedPnL!)
        #expect(!venue.isWatching("BTCUSDT"))

        let stored = try store.read { db in try Row.fetchOne(db, sql: "SELECT * FROM positions") }!
        #expect(stored["status"] == "CLOSED")
        #expect(stored["realized_pnl"] == "-0.0630601")
        #expect(stored["fees"] == "0.0019601")
        #expect(try store.requireAccount(session: "s").balance == d("499.9369399"))
        let counts = try store.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders")!, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fills")!)
        }
        #expect(counts.0 == 2 && counts.1 == 2)
        #expect(try store.verifyEvents().ok)
    }

    @Test func aGapThroughTheStopFillsAtTheOpen() throws {
        let venue = try venue()
        _ = try venue.submit(buy())
        _ = try candle(venue, 2, open: 100, high: 100, low: 100)
        let exit = try #require(fills(try candle(venue, 3, open: 90, high: 91, low: 89)).first)
        // 90 × 0.9995 = 89.955 → 89.95
        #expect(exit.price == d("89.95"))
    }

    @Test func targetExitsAtTheTargetAndTheStopWinsATie() throws {
        let venue = try venue()
        _ = try venue.submit(buy())
        _ = try candle(venue, 2, open: 100, high: 100, low: 100)
        let exit = try #require(fills(try candle(venue, 3, open: 105, high: 111, low: 104)).first)
        #expect(exit.order.purpose == .takeProfit)
        // A triggered target is a market sell: 110 × 0.9995 = 109.945 → 109.94
        #expect(exit.price == d("109.94"))

        let other = try PaperVenue(ledger: store, paper: GenesisConfig().paper, session: "t")
        var order = buy("gen-buy-2")
        order.session = "t"
        _ = try other.submit(order)
        _ = try candle(other, 5, open: 100, high: 100, low: 100)
        let both = try #require(fills(try candle(other, 6, open: 100, high: 120, low: 80)).first)
        #expect(both.order.purpose == .stopLoss)
    }

    @Test func theEntryCandleCanAlreadyStopOut() throws {
        let venue = try venue()
        _ = try venue.submit(buy())
        let outputs = fills(try candle(venue, 2, open: 100, high: 100, low: 94))
        #expect(outputs.count == 2)
        #expect(outputs[1].order.purpose == .stopLoss)
    }

    @Test func insufficientBalanceIsRejectedAndRecorded() throws {
        let venue = try venue()
        _ = try venue.submit(buy(quantity: "5")) // 5 × 100.05 > 500
        let outputs = try candle(venue, 2, open: 100, high: 100, low: 100)
        guard case let .rejected(_, rejection) = outputs.first else { Issue.record("expected a rejection"); return }
        #expect(rejection.rule == .insufficientBalance)
        #expect(try store.orderStatus(clientOrderID: "gen-buy-1") == .rejected)
        #expect(venue.account.balance == 500)
    }

    @Test func aRecordedOrderIsNeverTakenTwice() throws {
        let venue = try venue()
        _ = try venue.submit(buy())
        #expect(try venue.submit(buy()).isEmpty)
        _ = try candle(venue, 2, open: 100, high: 100, low: 100)
        #expect(try venue.submit(buy()).isEmpty)
        #expect(try store.rowCount("fills") == 1)
    }

    @Test func aRestartResumesPendingOrdersAndOpenPositions() throws {
        do {
            let first = try venue()
            _ = try first.submit(buy())
        }
        let second = try venue()
        #expect(second.isWatching("BTCUSDT"))
        #expect(fills(try candle(second, 2, open: 100, high: 100, low: 100)).count == 1)
        let third = try venue()
        #expect(third.positions["BTCUSDT"]?.entryPrice == d("100.05"))
        #expect(third.account.balance == second.account.balance)
    }

    @Test func sellingWithoutAPositionIsRejected() throws {
        let venue = try venue()
        let sell = OrderIntent(clientOrderID: "gen-sell", ts: at(1), session: "s", signalID: "x", strategy: "momentum_breakout", symbol: "BTCUSDT",
                               side: .sell, purpose: .exit, quantity: 1, referencePrice: 100, stop: nil, target: nil)
        guard case let .rejected(_, rejection) = try venue.submit(sell).first else { Issue.record("expected a rejection"); return }
        #expect(rejection.rule == .noPosition)
    }

    @Test func aSellOrderClosesThePositionAtTheNextBid() throws {
        let venue = try venue()
        _ = try venue.submit(buy(stop: nil, target: nil))
        _ = try venue.onBook(symbol: "BTCUSDT", time: at(2), bid: d("99.99"), ask: 100)
        #expect(venue.positions["BTCUSDT"]?.entryPrice == d("100.05"))
        let sell = OrderIntent(clientOrderID: "gen-sell", ts: at(3), session: "s", signalID: "x", strategy: "momentum_breakout", symbol: "BTCUSDT",
                               side: .sell, purpose: .exit, quantity: d("0.01"), referencePrice: 102, stop: nil, target: nil)
        _ = try venue.submit(sell)
        let exit = try #require(fills(try venue.onBook(symbol: "BTCUSDT", time: at(4), bid: 102, ask: d("102.01"))).first)
        // 102 × 0.9995 = 101.949 → 101.94
        #expect(exit.price == d("101.94"))
        #expect(exit.position.exitReason == "EXIT")
    }

    @Test func aBacktestOlderThanTheAccountStillTracksItsOwnDays() throws {
        let store = try TestSupport.makeStore()
        let created = Timestamp(parsing: "2026-11-25T10:00:00Z")!
        try store.createAccount(.opening(balance: 500, at: created), at: created)
        let venue = try PaperVenue(ledger: store, paper: GenesisConfig().paper, session: "s")
        _ = try venue.submit(buy())
        _ = try candle(venue, 2, open: 100, high: 100, low: 100)
        _ = try candle(venue, 3, open: 96, high: 96, low: 90) // stopped out, 2024-03-01
        let account = try store.requireAccount(session: "s")
        #expect(account.day == Self.start.utcDay)
        #expect(account.profitToday(at: at(10)) < 0)
        // The risk engine sees that loss on the data's day.
        #expect(account.profitToday(at: at(10)) == account.balance - 500)
    }

    @Test func dailyFiguresRollOnTheDataClock() throws {
        let venue = try venue()
        _ = try venue.submit(buy())
        _ = try candle(venue, 2, open: 100, high: 100, low: 100)
        let nextDay = Self.start.adding(milliseconds: Timestamp.millisecondsPerDay + 60_000)
        _ = try venue.onCandle(symbol: "BTCUSDT", openTime: nextDay, closeTime: nextDay.adding(milliseconds: 60_000), open: 96, high: 96, low: 90)
        let account = try store.requireAccount(session: "s")
        #expect(account.day == nextDay.utcDay)
        // The day started at the balance after the entry fee.
        #expect(account.dayStartBalance == 500 - d("0.0010005"))
        #expect(account.profitToday(at: nextDay) == account.balance - account.dayStartBalance)
        #expect(account.profitToday(at: nextDay) < 0)
    }

    @Test func pricesFromBeforeAnOrderNeverFillIt() throws {
        let venue = try venue()
        _ = try venue.submit(buy(at: 10))
        // A re-run (or a mixed stream) shows an older candle first: it must not fill.
        #expect(try candle(venue, 3, open: 50, high: 50, low: 50).isEmpty)
        #expect(venue.positions["BTCUSDT"] == nil)
        let fill = try #require(fills(try candle(venue, 10, open: 100, high: 100, low: 100)).first)
        #expect(fill.price == d("100.05"))
        // …and an old candle cannot stop the new position out.
        #expect(try candle(venue, 5, open: 1, high: 1, low: 1).isEmpty)
        #expect(venue.positions["BTCUSDT"] != nil)
    }

    @Test func eachSessionHasItsOwnPortfolio() throws {
        let other = try PaperVenue(ledger: store, paper: GenesisConfig().paper, session: "backtest")
        var order = buy("gen-buy-b")
        order.session = "backtest"
        _ = try other.submit(order)
        _ = try candle(other, 2, open: 100, high: 100, low: 100)
        #expect(try store.requireAccount(session: "backtest").balance == 500 - d("0.0010005"))
        #expect(try store.requireAccount().balance == 500)
    }

    @Test func aPartialExitKeepsTheRestOpen() {
        var book = PositionBook(session: "s", account: .opening(balance: 500, at: Self.start), positions: [])
        let entry = buy()
        _ = book.enter(entry, venue: "x", trades: [TradeFill(id: "t1", price: 100, quantity: d("0.01"), fee: d("0.001"), feeAsset: "USDT")], time: at(1))
        let position = book.positions["BTCUSDT"]!
        let exit = book.exitOrder(for: position, purpose: .exit, reference: 110, time: at(2))
        let partial = book.exit(position, order: exit, venue: "x", trades: [TradeFill(id: "t2", price: 110, quantity: d("0.004"), fee: d("0.00044"), feeAsset: "USDT")],
                                time: at(2), dust: d("0.00001"))
        #expect(partial.position.isOpen)
        #expect(book.positions["BTCUSDT"]?.quantity == d("0.006"))
        #expect(book.account.balance == 500 - d("0.001") + d("0.04") - d("0.00044"))
        let rest = book.exit(book.positions["BTCUSDT"]!, order: exit, venue: "x",
                             trades: [TradeFill(id: "t3", price: 90, quantity: d("0.006"), fee: d("0.00054"), feeAsset: "USDT")], time: at(3), dust: d("0.00001"))
        #expect(!rest.position.isOpen)
        // Gross 0.04 − 0.06, less all three fees.
        #expect(rest.position.realizedPnL == d("-0.02") - d("0.001") - d("0.00044") - d("0.00054"))
        #expect(book.account.balance == 500 + rest.position.realizedPnL!)
    }

    @Test func feesInAThirdAssetAreNotTakenFromThePosition() {
        var book = PositionBook(session: "s", account: .opening(balance: 500, at: Self.start), positions: [])
        let fill = book.enter(buy(), venue: "x", trades: [TradeFill(id: "t1", price: 100, quantity: d("0.01"), fee: d("0.00002"), feeAsset: "BNB")],
                              time: at(1), baseAsset: "BTC")
        #expect(fill.position.quantity == d("0.01"))
        let baseFee = book.enter(buy("gen-buy-2"), venue: "x", trades: [TradeFill(id: "t2", price: 100, quantity: d("0.01"), fee: d("0.00001"), feeAsset: "BTC")],
                                 time: at(1), positionID: "gen-buy-1", baseAsset: "BTC")
        #expect(baseFee.position.quantity == d("0.01999"))
    }
}
