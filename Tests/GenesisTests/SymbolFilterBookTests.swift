import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline

/// Each symbol on its own exchange rules (DESIGN §3.5): BTCUSDT's 0.01 tick
/// on a coin priced at 0.58 moved every paper fill and stop by up to 1.7%.
@Suite struct SymbolFilterBookTests {
    static let start = Timestamp(parsing: "2024-03-01T00:00:00Z")!

    /// Binance's own answer for XRPUSDT, trimmed to what the rules read.
    static let exchangeInfo = #"""
        {"timezone":"UTC","serverTime":1709251200000,"rateLimits":[],"exchangeFilters":[],"symbols":[
          {"symbol":"XRPUSDT","status":"TRADING","baseAsset":"XRP","quoteAsset":"USDT","baseAssetPrecision":8,"quoteAssetPrecision":8,
           "orderTypes":["LIMIT","LIMIT_MAKER","MARKET","STOP_LOSS_LIMIT","TAKE_PROFIT_LIMIT"],"icebergAllowed":true,"isSpotTradingAllowed":true,
           "permissions":["SPOT"],"filters":[
             {"filterType":"PRICE_FILTER","minPrice":"0.00010000","maxPrice":"1000.00000000","tickSize":"0.00010000"},
             {"filterType":"LOT_SIZE","minQty":"0.10000000","maxQty":"9222449.00000000","stepSize":"0.10000000"},
             {"filterType":"NOTIONAL","minNotional":"5.00000000","applyMinToMarket":true,"maxNotional":"9000000.00000000","applyMaxToMarket":false,"avgPriceMins":5}]}]}
        """#

    func store() throws -> Store {
        let store = try TestSupport.makeStore(balance: 500, openedAt: Self.start)
        try store.cacheExchangeInfo(venue: "file:exchangeInfo.json", at: Self.start, body: Data(Self.exchangeInfo.utf8))
        return store
    }

    @Test func aListedSymbolTakesItsOwnRulesAndOthersTheDefaults() throws {
        let book = try store().paperFilterBook(paper: GenesisConfig().paper)
        #expect(book.filters(for: "XRPUSDT") == SymbolFilters(tickSize: Decimal(string: "0.0001")!, stepSize: Decimal(string: "0.1")!, minNotional: 5))
        #expect(book.filters(for: "BTCUSDT") == SymbolFilters(paper: GenesisConfig().paper))
    }

    @Test func gen_riskSizesALowPricedSymbolOnItsOwnGrid() throws {
        let engine = RiskEngine(config: GenesisConfig(), filters: try store().paperFilterBook(paper: GenesisConfig().paper))
        let signal = try scan(#"{"v":1,"type":"signal","ts":1709251200000,"id":"x-1","strategy":"manual","symbol":"XRPUSDT","side":"BUY","price":"0.5812","reason":"a planned entry at support"}"#) { try Signal(line: $0) }
        let state = RiskState(account: Account.opening(balance: 500, at: Self.start))
        let order = try engine.evaluate(signal, state: state, session: "default", now: Self.start).get()
        // 5% of 500 = 25; 25 / 0.5812 = 43.014…, down to the 0.1 lot step.
        #expect(order.quantity == 43)
        // The default 2% stop: 0.5812 × 0.98 = 0.569576, up to the 0.0001 tick (on a 0.01 tick it was 0.57, a 1.93% stop).
        #expect(order.stop == Decimal(string: "0.5696"))
    }

    /// A USDT account cannot size ETHBTC: its price is in BTC, so 5% of 500
    /// USDT would buy 25 BTC worth of ETH. The entry is refused, by the
    /// stored listing's assets or, without one, by the symbol's quote.
    @Test func anEntryInAPairQuotedInAnotherAssetIsRefused() throws {
        let signal = try scan(#"{"v":1,"type":"signal","ts":1709251200000,"id":"x-2","strategy":"manual","symbol":"ETHBTC","side":"BUY","price":"0.0695","reason":"a planned entry at support"}"#) { try Signal(line: $0) }
        let state = RiskState(account: Account.opening(balance: 500, at: Self.start))
        for book in [SymbolFilterBook(paper: GenesisConfig().paper), try store().paperFilterBook(paper: GenesisConfig().paper)] {
            let refusal = RiskEngine(config: GenesisConfig(), filters: book).evaluate(signal, state: state, session: "default", now: Self.start)
            guard case let .failure(rejection) = refusal else { Issue.record("ETHBTC was approved: \(refusal)"); continue }
            #expect(rejection.rule == .exchangeFilter && rejection.message.contains("ETHBTC is priced in BTC and this account keeps its balance in USDT"))
        }
        #expect(SymbolFilterBook(paper: GenesisConfig().paper).foreignQuote("XRPUSDT", account: "USDT") == nil)
    }

    @Test func paperFillsALowPricedSymbolAtItsTick() throws {
        let store = try store()
        let venue = try PaperVenue(ledger: store, paper: GenesisConfig().paper, session: "s")
        let order = OrderIntent(clientOrderID: "gen-xrp-1", ts: Self.start, session: "s", signalID: "sig-xrp", strategy: "manual", symbol: "XRPUSDT",
                                side: .buy, purpose: .entry, quantity: 43, referencePrice: Decimal(string: "0.5812")!, stop: Decimal(string: "0.5696")!, target: nil)
        _ = try venue.submit(order)
        let outcome = try venue.onCandle(symbol: "XRPUSDT", openTime: Self.start.adding(milliseconds: 60_000), closeTime: Self.start.adding(milliseconds: 120_000),
                                         open: Decimal(string: "0.5812")!, high: Decimal(string: "0.5830")!, low: Decimal(string: "0.5800")!)
        let fill = try #require(outcome.all.compactMap { if case let .filled(fill) = $0 { fill } else { nil } }.first)
        // 0.5812 × 1.0005 = 0.5814906, up to the tick: 0.5815 (on a 0.01 tick: 0.59, 1.5% worse).
        #expect(fill.price == Decimal(string: "0.5815"))
    }

    @Test func gen_fetchStoresASavedExchangeInfoAndShowsTheRules() throws {
        let directory = TestSupport.temporaryDirectory()
        let file = directory.appendingPathComponent("exchangeInfo.json")
        try Self.exchangeInfo.write(to: file, atomically: true, encoding: .utf8)
        let db = directory.appendingPathComponent("g.db").path
        let shown = try TestSupport.run("gen-fetch", ["info", "XRPUSDT", "--from-file", file.path, "--json", "--db", db])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains(#""tick_size":"0.0001""#), "\(shown.stdout)")
        let book = try Store(path: db).paperFilterBook(paper: GenesisConfig().paper)
        #expect(book.filters(for: "XRPUSDT").stepSize == Decimal(string: "0.1"))
        let unlisted = try TestSupport.run("gen-fetch", ["info", "DOGEUSDT", "--from-file", file.path, "--db", db])
        #expect(unlisted.status != 0)
        #expect(unlisted.stderr.contains("DOGEUSDT"))
    }
}
