import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore

/// DESIGN §3.5, no dust: a deleveraging step or a correlation cut sells all
/// of a position rather than leave a remainder the exchange would not take,
/// and skips a part too small to be an order.
@Suite struct PartialSellTests {
    /// Binance's BTCUSDT: 0.00001 step, 5 minimum notional.
    let btc = SymbolFilters(tickSize: Decimal(string: "0.01")!, stepSize: Decimal(string: "0.00001")!, minNotional: 5)

    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    @Test func aRemainderBelowTheMinimumIsSoldWithThePart() {
        // 0.1 BTC at 100 (10 worth): selling 75% would leave 2.50, below 5, so all of it goes.
        #expect(btc.partialSell(d("0.075"), of: d("0.1"), at: 100) == d("0.1"))
        // Selling half leaves 5.00: that can stay.
        #expect(btc.partialSell(d("0.05"), of: d("0.1"), at: 100) == d("0.05"))
    }

    @Test func aPartTooSmallToBeAnOrderIsNotSent() {
        // 25% of 0.1 BTC at 100 is 2.50: below the minimum, while 7.50 can stay.
        #expect(btc.partialSell(d("0.025"), of: d("0.1"), at: 100) == 0)
        // A whole position worth less than the minimum is dust already: nothing to send.
        #expect(btc.partialSell(d("0.02"), of: d("0.04"), at: 100) == 0)
    }

    @Test func thePartIsRoundedDownToTheStepAndNeverPastWhatTheStepAllows() {
        #expect(btc.partialSell(d("0.123456789"), of: 1, at: 100) == d("0.12345"))
        let coarse = SymbolFilters(tickSize: d("0.0001"), stepSize: d("0.1"), minNotional: d("0.3"))
        // 0.5 of 1.0 stays 0.5, leaving 0.5 (worth 0.5 ≥ 0.3).
        #expect(coarse.partialSell(d("0.5"), of: 1, at: 1) == d("0.5"))
        // Of 1.05 held (a fee taken in the base asset), selling 0.9 would leave 0.15, below the minimum:
        // everything the step lets go is sold, 1.0, and 0.05 stays as the dust no order can take.
        #expect(coarse.partialSell(d("0.9"), of: d("1.05"), at: 1) == 1)
    }

    @Test func theMarketLotStepIsTheCoarserOne() throws {
        let json = SymbolFilterBookTests.exchangeInfo.replacingOccurrences(of: #"{"filterType":"NOTIONAL""#,
            with: #"{"filterType":"MARKET_LOT_SIZE","minQty":"0","maxQty":"100000","stepSize":"1.00000000"},{"filterType":"NOTIONAL""#)
        let info = try JSONDecoder().decode(ExchangeInfo.self, from: Data(json.utf8))
        let rules = try #require(info.rules(for: "XRPUSDT"))
        #expect(rules.filters.stepSize == d("0.1"))
        #expect(rules.marketFilters.stepSize == 1)
    }
}
