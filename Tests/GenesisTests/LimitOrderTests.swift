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

/// Limit, IOC, FOK and post-only orders (DESIGN §2, §5): who may send them, how
/// the risk engine prices them, and how the paper venue fills them.
@Suite struct LimitOrderTests {
    static let start = Timestamp(parsing: "2024-03-01T00:00:00Z")!
    let store: Store
    var filters = SymbolFilters(tickSize: Decimal(string: "0.01")!, stepSize: Decimal(string: "0.00001")!, minNotional: 5)

    init() throws {
        store = try TestSupport.makeStore(balance: 5000, openedAt: Self.start)
    }

    func d(_ text: String) -> Decimal { Decimal(string: text)! }
    func at(_ minute: Int64) -> Timestamp { Self.start.adding(milliseconds: minute * 60_000) }

    func signal(_ type: OrderType, limit: String?, side: Side = .buy) -> Signal {
        var signal = Signal(id: "lim:\(type.rawValue)", ts: at(0), strategy: "momentum_breakout", symbol: "BTCUSDT", side: side, price: 100,
                            stop: nil, target: nil, reason: "test")
        signal.orderType = type
        signal.limitPrice = limit.map(d)
        return signal
    }

    func state(_ tier: Tier, balance: String = "5000") -> RiskState {
        var account = Account.opening(balance: d(balance), at: Self.start)
        account.tier = tier
        return RiskState(account: account, tradingState: .active, tradingStateReason: "", openPositions: [], pendingEntries: [])
    }

    func judge(_ signal: Signal, _ state: RiskState) -> Result<OrderIntent, Rejection> {
        RiskEngine(config: GenesisConfig(), filters: filters).evaluate(signal, state: state, session: "s", now: at(0))
    }

    // MARK: Risk engine

    @Test func sniperMayOnlySendMarketOrders() {
        for type in [OrderType.limit, .ioc, .fok, .limitMaker] {
            guard case let .failure(rejection) = judge(signal(type, limit: "99"), state(.sniper, balance: "1000")) else {
                Issue.record("\(type) was approved at SNIPER")
                continue
            }
            #expect(rejection.rule == .tierOrderType)
            #expect(rejection.message.contains("open at HUNTER"))
        }
        guard case .success = judge(signal(.market, limit: nil), state(.sniper, balance: "1000")) else {
            Issue.record("a market order was refused at SNIPER")
            return
        }
    }

    @Test func hunterSizesALimitEntryAtItsLimitRoundedDown() throws {
        let result = judge(signal(.limit, limit: "99.999"), state(.hunter))
        let order = try result.get()
        #expect(order.type == .limit)
        #expect(order.limitPrice == d("99.99"))                 // tick 0.01, down for a buyer
        #expect(order.quantity == d("2.50025"))                  // 5% of 5000 = 250 / 99.99 → step 0.00001
        #expect(order.stop == 98)                                // 99.99 × 0.98 = 97.9902, rounded up to the tick
        #expect(order.algorithm == .iceberg)                     // one order, shown in parts by the exchange (≥ $200 at HUNTER)
        // Its order line says what it is and reads back the same.
        let text = String(decoding: order.encoded(), as: UTF8.self).trimmingCharacters(in: .newlines)
        let decoded = try scan(text) { try OrderIntent(line: $0) }
        #expect(decoded == order)
    }

    @Test func onlyARestingLimitPastTheIcebergThresholdIsShownInParts() throws {
        // 2.5% of 5000 = 125 < 200: whole.
        var small = signal(.limit, limit: "99.99")
        small.stop = d("97.99")
        #expect(try judge(small, state(.hunter, balance: "2500")).get().algorithm == .market)
        // An IOC never rests: there is nothing for the exchange to hide.
        #expect(try judge(signal(.ioc, limit: "99.99"), state(.hunter)).get().algorithm == .market)
        #expect(try judge(signal(.limitMaker, limit: "99.99"), state(.hunter)).get().algorithm == .iceberg)
    }

    @Test func aLimitSignalWithoutItsOwnPriceUsesTheSignalPrice() throws {
        let order = try judge(signal(.ioc, limit: nil), state(.hunter)).get()
        #expect(order.limitPrice == 100)
    }

    @Test func orderLinesCheckLimitFields() {
        func parse(_ text: String) throws -> OrderIntent {
            try scan(text) { try OrderIntent(line: $0) }
        }
        let base = #"{"v":1,"type":"order","ts":1,"client_order_id":"gen-a","symbol":"BTCUSDT","side":"BUY","purpose":"ENTRY","quantity":"1","price":"100","stop":"98""#
        #expect(throws: LineError.self) { try parse(base + #","order_type":"LIMIT"}"#) }                       // no limit price
        #expect(throws: LineError.self) { try parse(base + #","order_type":"MARKET","limit_price":"99"}"#) }   // market with a limit
        #expect(throws: LineError.self) { try parse(base + #","order_type":"STOP"}"#) }                        // unknown type
        #expect(throws: LineError.self) { try parse(base + #","order_type":"LIMIT","limit_price":"97"}"#) }    // stop not below the limit
        #expect(throws: LineError.self) { try parse(base + #","order_type":"IOC","limit_price":"99","algorithm":"ICEBERG"}"#) }
        #expect((try? parse(base + #","order_type":"FOK","limit_price":"99"}"#))?.type == .fok)
        #expect((try? parse(base + #","order_type":"LIMIT","limit_price":"99","algorithm":"ICEBERG"}"#))?.algorithm == .iceberg)
    }

    // MARK: Paper venue

    func order(_ type: OrderType, limit: String, side: Side = .buy, id: String? = nil) -> OrderIntent {
        OrderIntent(clientOrderID: id ?? "gen-\(type.rawValue.lowercased())-\(side.rawValue.lowercased())", ts: at(1), session: "s", signalID: "sig",
                    strategy: "momentum_breakout", symbol: "BTCUSDT", side: side, type: type, limitPrice: d(limit), purpose: side == .buy ? .entry : .exit,
                    quantity: d("1"), referencePrice: 100, stop: side == .buy ? 90 : nil, target: nil)
    }

    func venue() throws -> PaperVenue { try PaperVenue(ledger: store, paper: GenesisConfig().paper, session: "s") }

    func candle(_ venue: PaperVenue, _ minute: Int64, open: String, high: String, low: String) throws -> [VenueOutput] {
        try venue.onCandle(symbol: "BTCUSDT", openTime: at(minute), closeTime: at(minute + 1), open: d(open), high: d(high), low: d(low)).all
    }

    func status(_ id: String) throws -> OrderStatus? { try store.orderStatus(clientOrderID: id) }

    func fillPrice(_ outputs: [VenueOutput]) -> Decimal? {
        outputs.lazy.compactMap { if case let .filled(fill) = $0 { fill.price } else { nil } }.first
    }

    @Test func aMarketableLimitTakesTheOpenButNeverPaysMoreThanItsLimit() throws {
        let venue = try venue()
        _ = try venue.submit(order(.limit, limit: "100.02"))
        // 100 × 1.0005 = 100.05 after slippage, capped at the limit.
        #expect(fillPrice(try candle(venue, 2, open: "100", high: "101", low: "99.5")) == d("100.02"))
    }

    @Test func aRestingLimitFillsAtItsLimitOnlyWhenTheMarketTradesThrough() throws {
        let venue = try venue()
        let buy = order(.limit, limit: "99")
        _ = try venue.submit(buy)
        #expect(try candle(venue, 2, open: "100", high: "100.5", low: "99.5").isEmpty)
        #expect(try candle(venue, 3, open: "99.5", high: "99.8", low: "99").isEmpty)      // touching is not enough
        #expect(try status(buy.clientOrderID) == .new)
        #expect(venue.isWatching("BTCUSDT"))
        #expect(fillPrice(try candle(venue, 4, open: "99.5", high: "99.6", low: "98.99")) == 99)
        #expect(try status(buy.clientOrderID) == .filled)
    }

    @Test func iocAndFokExpireWhenNotMarketable() throws {
        let venue = try venue()
        let ioc = order(.ioc, limit: "99", id: "gen-ioc")
        let fok = order(.fok, limit: "99", id: "gen-fok")
        _ = try venue.submit(ioc)
        _ = try venue.submit(fok)
        let outputs = try candle(venue, 2, open: "100", high: "100", low: "98")
        #expect(outputs.count == 2)
        #expect(fillPrice(outputs) == nil)
        #expect(try status("gen-ioc") == .expired)
        #expect(try status("gen-fok") == .expired)
        #expect(!venue.isWatching("BTCUSDT"))
    }

    @Test func postOnlyIsRefusedWhenItWouldTakeAndRestsOtherwise() throws {
        let venue = try venue()
        let taking = order(.limitMaker, limit: "100.5", id: "gen-maker-take")
        _ = try venue.submit(taking)
        let refused = try candle(venue, 2, open: "100", high: "100", low: "100")
        guard case let .rejected(_, rejection)? = refused.first else { Issue.record("not refused: \(refused)"); return }
        #expect(rejection.message.contains("post-only"))
        #expect(try status("gen-maker-take") == .rejected)

        let maker = order(.limitMaker, limit: "99", id: "gen-maker-rest")
        _ = try venue.submit(maker)
        #expect(try candle(venue, 3, open: "100", high: "100", low: "99.5").isEmpty)
        #expect(fillPrice(try candle(venue, 4, open: "99.5", high: "99.5", low: "98")) == 99)
    }

    @Test func aRestingOrderSurvivesARestartAndACancelStopsIt() throws {
        _ = try venue().submit(order(.limit, limit: "99", id: "gen-rest-1"))
        // A new process reads it back as resting.
        let restarted = try venue()
        #expect(restarted.isWatching("BTCUSDT"))
        #expect(try candle(restarted, 2, open: "100", high: "100", low: "99.5").isEmpty)
        try store.write { try $0.execute(sql: "UPDATE orders SET status = 'CANCELED' WHERE client_order_id = 'gen-rest-1'") }
        #expect(try candle(restarted, 3, open: "99", high: "99", low: "95").isEmpty)
        #expect(try store.rowCount("fills") == 0)
    }

    @Test func aLimitExitSellsAtItsLimitOrBetter() throws {
        let venue = try venue()
        _ = try venue.submit(order(.market, limit: "1", id: "gen-entry").with { $0.type = .market; $0.limitPrice = nil })
        _ = try candle(venue, 2, open: "100", high: "100", low: "100")
        let sell = order(.limit, limit: "103", side: .sell, id: "gen-exit").with { $0.ts = at(3) }
        _ = try venue.submit(sell)
        #expect(try candle(venue, 3, open: "101", high: "102.5", low: "100.5").isEmpty)
        #expect(fillPrice(try candle(venue, 4, open: "102", high: "103.5", low: "101")) == 103)
        #expect(venue.positions["BTCUSDT"] == nil)
    }

    // MARK: Triggered orders (STRATEGIST)

    @Test func triggeredOrdersOpenAtStrategistAndCarryTheirTrigger() throws {
        var breakout = signal(.stopLossLimit, limit: "106")
        breakout.triggerPrice = d("105.004")
        breakout.stop = 100
        for tier in [Tier.sniper, .hunter] {
            guard case let .failure(rejection) = judge(breakout, state(tier)) else {
                Issue.record("a STOP_LOSS_LIMIT was approved at \(tier)")
                continue
            }
            #expect(rejection.rule == .tierOrderType)
            #expect(rejection.message.contains("open at STRATEGIST"), "\(rejection.message)")
        }
        let order = try judge(breakout, state(.strategist, balance: "20000")).get()
        #expect(order.type == .stopLossLimit && order.triggerPrice == d("105") && order.limitPrice == 106)
        #expect(order.triggersRising)
        // The order line carries the trigger, and reads back the same.
        let text = String(decoding: order.encoded(), as: UTF8.self).trimmingCharacters(in: .newlines)
        #expect(text.contains(#""trigger_price":"105""#))
        #expect(try scan(text) { try OrderIntent(line: $0) } == order)
    }

    @Test func signalsAndOrderLinesCheckTheTrigger() {
        let signal = #"{"v":1,"type":"signal","ts":1,"id":"s1","strategy":"manual","symbol":"BTCUSDT","side":"BUY","price":"100","stop":"95""#
        func parse(_ text: String) throws -> Signal { try scan(text) { try Signal(line: $0) } }
        #expect(throws: LineError.self) { try parse(signal + #","order_type":"STOP_LOSS_LIMIT","limit_price":"106"}"#) }        // no trigger
        #expect(throws: LineError.self) { try parse(signal + #","order_type":"LIMIT","limit_price":"99","trigger_price":"98"}"#) } // trigger on a plain limit
        #expect(throws: LineError.self) { try parse(signal + #","order_type":"TAKE_PROFIT_LIMIT","limit_price":"99","trigger_price":"0"}"#) }
        let parsed = try? parse(signal + #","order_type":"TAKE_PROFIT_LIMIT","limit_price":"99","trigger_price":"98"}"#)
        #expect(parsed?.triggerPrice == 98 && parsed?.orderType == .takeProfitLimit)
        // The trigger is part of what the mark of origin covers.
        var moved = parsed
        moved?.triggerPrice = 97
        #expect(parsed?.canonicalBytes != moved?.canonicalBytes)
        let order = #"{"v":1,"type":"order","ts":1,"client_order_id":"gen-t","symbol":"BTCUSDT","side":"BUY","purpose":"ENTRY","quantity":"1","price":"100","stop":"95""#
        #expect(throws: LineError.self) { try scan(order + #","order_type":"STOP_LOSS_LIMIT","limit_price":"106"}"#) { try OrderIntent(line: $0) } }
        #expect(throws: LineError.self) { try scan(order + #","order_type":"MARKET","trigger_price":"106"}"#) { try OrderIntent(line: $0) } }
    }

    @Test func onPaperABuyStopWaitsForItsTriggerThenRestsAsALimit() throws {
        let venue = try venue()
        let stop = order(.stopLossLimit, limit: "106").with { $0.triggerPrice = 105 }
        _ = try venue.submit(stop)
        // Below the trigger: nothing, however close.
        #expect(try candle(venue, 2, open: "100", high: "104.9", low: "99").isEmpty)
        #expect(try status(stop.clientOrderID) == .new)
        // Through the trigger: it works as a buy limit at 106, filled once the market trades below it.
        #expect(fillPrice(try candle(venue, 3, open: "104", high: "107", low: "103")) == 106)
        #expect(venue.positions["BTCUSDT"]?.quantity == 1)
    }

    @Test func onPaperASellTakeProfitTriggersWhenThePriceRises() throws {
        let venue = try venue()
        _ = try venue.submit(order(.market, limit: "1", id: "gen-entry").with { $0.type = .market; $0.limitPrice = nil })
        _ = try candle(venue, 2, open: "100", high: "100", low: "100")
        let takeProfit = order(.takeProfitLimit, limit: "109", side: .sell, id: "gen-tp").with { $0.ts = at(3); $0.triggerPrice = 110 }
        #expect(takeProfit.triggersRising)
        _ = try venue.submit(takeProfit)
        #expect(try candle(venue, 3, open: "101", high: "109.9", low: "100.5").isEmpty)
        #expect(fillPrice(try candle(venue, 4, open: "109", high: "111", low: "108")) == 109)
        #expect(venue.positions["BTCUSDT"] == nil)
    }
}

extension OrderIntent {
    func with(_ change: (inout OrderIntent) -> Void) -> OrderIntent {
        var copy = self
        change(&copy)
        return copy
    }
}
