import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore

/// The live account's orders are sized by its own exchange's rules and
/// commission (DESIGN §3.5, §10): what the exchange would reject is refused
/// by gen-risk first, naming the rule.
@Suite struct LiveTradingRulesTests {
    static let start = Timestamp(parsing: "2024-03-01T00:00:00Z")!

    /// XRPUSDT as an exchange lists it, with a minimum notional of 20 (above the paper default of 5).
    static let exchangeInfo = SymbolFilterBookTests.exchangeInfo.replacingOccurrences(of: #""minNotional":"5.00000000""#, with: #""minNotional":"20.00000000""#)

    func liveStore(cached: Bool = true) throws -> Store {
        let store = try TestSupport.makeStore(balance: 500, openedAt: Self.start)
        try store.bindLiveAccount(venue: "sim", restBase: "http://127.0.0.1:9", exchangeAccount: "uid:7", at: Self.start)
        if cached { try store.cacheExchangeInfo(venue: "sim", at: Self.start, body: Data(Self.exchangeInfo.utf8)) }
        try store.recordTakerCommission(Decimal(string: "0.00075")!)
        return store
    }

    func signal(_ symbol: String, price: String) throws -> Signal {
        try scan(#"{"v":1,"type":"signal","ts":\#(Self.start.milliseconds),"id":"live-\#(symbol)","strategy":"manual","symbol":"\#(symbol)","side":"BUY","price":"\#(price)","reason":"a planned entry at support"}"#) { try Signal(line: $0) }
    }

    @Test func theLiveAccountTakesItsExchangesFiltersAndCommission() throws {
        let rules = try liveStore().tradingRules(session: Account.defaultSession, paper: GenesisConfig().paper)
        #expect(rules.feeRate == Decimal(string: "0.00075"))
        #expect(rules.filters(for: "XRPUSDT") == SymbolFilters(tickSize: Decimal(string: "0.0001")!, stepSize: Decimal(string: "0.1")!, minNotional: 20))
        #expect(rules.unlisted("XRPUSDT") == nil)
        #expect(rules.unlisted("DOGEUSDT")?.message.contains("DOGEUSDT is not listed in sim's exchangeInfo") == true)
        // A backtest session of the same database trades on paper: the paper fee, unlisted symbols on the defaults.
        let paper = try liveStore().tradingRules(session: "backtest", paper: GenesisConfig().paper)
        #expect(paper.feeRate == GenesisConfig().paper.feeRate.value)
        #expect(paper.unlisted("DOGEUSDT") == nil)
    }

    @Test func aLiveOrderBelowTheExchangesMinimumIsRefusedByGenRisk() throws {
        var config = GenesisConfig()
        config.risk.positionFraction = 0.03
        let engine = RiskEngine(config: config, filters: try liveStore().tradingRules(session: Account.defaultSession, paper: config.paper))
        let state = RiskState(account: Account.opening(balance: 500, at: Self.start))
        // 3% of 500 = 15: above the paper floor of 10, below the exchange's 20.
        let small = engine.evaluate(try signal("XRPUSDT", price: "0.5"), state: state, session: Account.defaultSession, now: Self.start)
        guard case let .failure(refusal) = small else { Issue.record("approved: \(small)"); return }
        #expect(refusal.rule == .minimumPosition)
        #expect(refusal.message.contains("below the minimum of 20"), "\(refusal.message)")
        // A symbol the exchange does not list never reaches it.
        let unlisted = engine.evaluate(try signal("DOGEUSDT", price: "0.1"), state: state, session: Account.defaultSession, now: Self.start)
        guard case let .failure(notListed) = unlisted else { Issue.record("approved: \(unlisted)"); return }
        #expect(notListed.rule == .exchangeFilter)
    }

    @Test func withoutTheExchangesRulesNothingIsSizedForIt() throws {
        let rules = try liveStore(cached: false).tradingRules(session: Account.defaultSession, paper: GenesisConfig().paper)
        let refusal = try #require(rules.unlisted("BTCUSDT"))
        #expect(refusal.message.contains("No exchangeInfo of sim is stored"))
    }
}

/// What an exchange command reads of the live account on start: its
/// exchangeInfo (for sizing), its commission and its balances, which
/// `gen-risk account` sets beside what GENESIS manages.
@Suite(.serialized) struct LiveAccountReadTests: TemporaryDatabase {
    let directory = TestSupport.temporaryDirectory()

    @Test func anExchangeCommandLeavesTheRulesAndBalancesGenRiskReads() throws {
        #expect(try TestSupport.run("gen-risk", ["account", "init", "--balance", "500", "--db", db]).status == 0)
        let sim = try SimProcess()
        let bound = try TestSupport.run("gen-exec", ["reconcile", "--venue", sim.base, "--db", db], environment: SimProcess.environment)
        #expect(bound.status == 0, "\(bound.stderr)")
        let store = try Store(path: db)
        let venue = try #require(try store.liveAccount()?.venue)
        #expect(try store.cachedExchangeInfo(venue: venue) != nil)
        let rules = try store.tradingRules(session: Account.defaultSession, paper: GenesisConfig().paper)
        #expect(rules.unlisted("BTCUSDT") == nil)
        #expect(rules.unlisted("NOSUCHUSDT")?.rule == .exchangeFilter)
        let snapshot = try #require(try store.exchangeBalances())
        let usdt = try #require(snapshot.balances.first { $0.asset == "USDT" })
        #expect(usdt.total > 0)
        let shown = try TestSupport.run("gen-risk", ["account", "--json", "--db", db])
        #expect(shown.status == 0, "\(shown.stderr)")
        let fields = try PipelineBench.object(shown.stdout)
        let exchange = try PipelineBench.decimal(fields["exchange_equity"]), managed = try PipelineBench.decimal(fields["managed_equity"])
        #expect(managed == 500)
        #expect(try PipelineBench.decimal(fields["exchange_difference"]) == exchange - managed)
        #expect(exchange >= usdt.total)
        let table = try TestSupport.run("gen-risk", ["account", "--db", db])
        #expect(table.stdout.contains("exchange equity") && table.stdout.contains("managed by GENESIS"), "\(table.stdout)")
    }
}
