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

/// TWAP and VWAP are reachable (DESIGN §5): the tier's configuration by order
/// size, or the signal, chooses the algorithm; gen-risk approves it as part
/// of the order.
@Suite struct AlgorithmChoiceTests {
    static let day = RiskEngineTests.day
    let filters = SymbolFilters(tickSize: Decimal(string: "0.01")!, stepSize: Decimal(string: "0.00001")!, minNotional: 5)

    func strategist(_ balance: Decimal) -> RiskState {
        var account = Account.opening(balance: balance, at: Self.day)
        account.tier = .strategist
        return RiskState(account: account)
    }

    func signal(algorithm: ExecutionAlgorithm? = nil, type: OrderType = .market) -> Signal {
        var signal = Signal(id: "worked", ts: Self.day, strategy: "momentum_breakout", symbol: "BTCUSDT", side: .buy, price: 40000, stop: 39000, target: nil, reason: "")
        signal.algorithm = algorithm
        signal.orderType = type
        if type.isLimit { signal.limitPrice = 39990 }
        return signal
    }

    func algorithm(_ config: GenesisConfig, _ signal: Signal, balance: Decimal = 20000) throws -> ExecutionAlgorithm {
        try RiskEngine(config: config, filters: filters).evaluate(signal, state: strategist(balance), session: "s", now: Self.day).get().algorithm
    }

    @Test func theTiersThresholdsChooseTWAPAndVWAPBySize() throws {
        var config = GenesisConfig()
        config.tiers.strategist.twapAboveNotional = 500
        config.tiers.strategist.vwapAboveNotional = 2000
        // 5% of the balance: 1,000 → TWAP; 2,500 → VWAP; 250 → the iceberg from 200.
        #expect(try algorithm(config, signal()) == .twap)
        #expect(try algorithm(config, signal(), balance: 50000) == .vwap)
        #expect(try algorithm(config, signal(), balance: 5000) == .iceberg)
        // Without thresholds the defaults are unchanged.
        #expect(try algorithm(GenesisConfig(), signal()) == .iceberg)
    }

    @Test func theSignalsAlgorithmWinsButOnlyWhereTheTierUnlockedIt() throws {
        var config = GenesisConfig()
        config.tiers.strategist.twapAboveNotional = 500
        #expect(try algorithm(config, signal(algorithm: .vwap)) == .vwap)
        // A plain MARKET asked for still meets the tier's mandatory iceberg.
        #expect(try algorithm(config, signal(algorithm: .market)) == .iceberg)
        #expect(try algorithm(config, signal(algorithm: .market), balance: 3000) == .market)
        // HUNTER has no TWAP: the signal is refused, naming the rule.
        var hunter = Account.opening(balance: 5000, at: Self.day)
        hunter.tier = .hunter
        let refused = RiskEngine(config: config, filters: filters).evaluate(signal(algorithm: .twap), state: RiskState(account: hunter), session: "s", now: Self.day)
        guard case let .failure(rejection) = refused else { Issue.record("a TWAP at HUNTER was approved"); return }
        #expect(rejection.rule == .tierAlgorithm)
        #expect(rejection.message.contains("STRATEGIST"))
    }

    @Test func anAlgorithmIsReadCheckedAndCoveredByTheMark() throws {
        let line = #"{"v":1,"type":"signal","ts":1709294400000,"id":"a","strategy":"manual","symbol":"BTCUSDT","side":"BUY","price":"40000","stop":"39000","algorithm":"TWAP"}"#
        let parsed = try scan(line) { try Signal(line: $0) }
        #expect(parsed.algorithm == .twap)
        #expect(String(decoding: parsed.encoded(), as: UTF8.self).contains(#""algorithm":"TWAP""#))
        var other = parsed
        other.algorithm = .vwap
        #expect(parsed.canonicalBytes != other.canonicalBytes) // a changed algorithm breaks gen-signal's mark
        #expect(throws: LineError.self) { try scan(line.replacingOccurrences(of: "TWAP", with: "FAST")) { try Signal(line: $0) } }
        let limit = line.replacingOccurrences(of: #""algorithm""#, with: #""order_type":"LIMIT","limit_price":"39990","algorithm""#)
        #expect(throws: LineError.self) { try scan(limit) { try Signal(line: $0) } }
    }

    /// VWAP (DESIGN §5): a slice catches up what the order is behind once it
    /// is 5 points of the order behind its schedule, never taking more than
    /// 20% of the volume traded; TWAP always carries what it is behind.
    @Test func vwapCatchesUpFivePointsBehindWithinTheParticipationCap() {
        let settings = GenesisConfig().execution
        func work(_ algorithm: ExecutionAlgorithm, boughtFirst: String) -> WorkedOrder {
            var order = OrderIntent(clientOrderID: "gen-vwap-unit", ts: Self.day, session: "s", signalID: "x", strategy: "pairs_arbitrage", symbol: "BTCUSDT",
                                    side: .buy, purpose: .entry, quantity: 1, referencePrice: 100, stop: 90, target: nil)
            order.algorithm = algorithm
            var work = WorkedOrder(parent: order, plan: SlicePlan(quantities: Array(repeating: Decimal(string: "0.1")!, count: 10), delaysMs: Array(repeating: 0, count: 10)))
            work.record(quantity: Decimal(string: boughtFirst)!, price: 100)
            work.advance()
            return work
        }
        func next(_ work: WorkedOrder, volume: String) -> Decimal {
            work.sliceQuantity(ask: 100, volume: Decimal(string: volume)!, bought: 0, settings: settings, step: Decimal(string: "0.001")!, minNotional: 5)
        }
        // 6 points behind: the shortfall joins the planned 0.1 ...
        #expect(next(work(.vwap, boughtFirst: "0.04"), volume: "10") == Decimal(string: "0.16")!)
        // ... within 20% of the 0.5 traded since the last slice.
        #expect(next(work(.vwap, boughtFirst: "0.04"), volume: "0.5") == Decimal(string: "0.1")!)
        // 3 points behind: on schedule enough, the planned slice only.
        #expect(next(work(.vwap, boughtFirst: "0.07"), volume: "10") == Decimal(string: "0.1")!)
        // TWAP carries any shortfall, within its own 10% share.
        #expect(next(work(.twap, boughtFirst: "0.07"), volume: "10") == Decimal(string: "0.13")!)
        #expect(next(work(.twap, boughtFirst: "0.07"), volume: "1") == Decimal(string: "0.1")!)
    }

    /// Market impact (DESIGN §5): an order whose trades walk the book more
    /// than 0.5% from its first price raises an alert; one trade never does.
    @Test func anOrderThatWalksTheBookRaisesTheMarketImpactAlert() {
        var book = PositionBook(session: "s", account: .opening(balance: 50000, at: Self.day), positions: [])
        let order = OrderIntent(clientOrderID: "gen-impact", ts: Self.day, session: "s", signalID: "x", strategy: "momentum_breakout", symbol: "BTCUSDT",
                                side: .buy, purpose: .entry, quantity: Decimal(string: "0.3")!, referencePrice: 40000, stop: 39000, target: nil)
        let walked = [("1", "40000"), ("2", "40150"), ("3", "40250")].map { TradeFill(id: $0.0, price: Decimal(string: $0.1)!, quantity: Decimal(string: "0.1")!, fee: 0, feeAsset: "USDT") }
        let fill = book.enter(order, venue: "sim", trades: walked, time: Self.day, baseAsset: "BTC")
        #expect(fill.marketImpact == Decimal(string: "0.00625")!)
        let alert = fill.marketImpactAlert(GenesisConfig().execution)
        #expect(alert?.code == "execution.market_impact")
        #expect(alert?.message.contains("0.63 %") == true)
        var quiet = PositionBook(session: "s", account: .opening(balance: 50000, at: Self.day), positions: [])
        let single = quiet.enter(order, venue: "sim", trades: [TradeFill(id: "9", price: 40000, quantity: Decimal(string: "0.3")!, fee: 0, feeAsset: "USDT")], time: Self.day, baseAsset: "BTC")
        #expect(single.marketImpactAlert(GenesisConfig().execution) == nil)
    }

    @Test func aThresholdForALockedAlgorithmIsRefusedAtLoad() throws {
        var config = GenesisConfig()
        config.tiers.hunter.twapAboveNotional = 500
        #expect(throws: GenesisError.self) { try config.validate() }
    }
}

/// Worked orders never stop the stream (DESIGN §5): gen-exec sends each
/// slice when it falls due, between the lines it reads, and a restart takes
/// the order up where it stopped. The exchange is gen-sim over real HTTP;
/// the venue's clock is moved by hand, so nothing waits on the machine's.
@Suite(.serialized) struct WorkedOrderStreamTests {
    struct Run {
        let sim: LocalSim
        let http = AsyncHTTPClientBox()
        let store: Store
        let clock: ManualClock
        let output: URL
    }

    func prepare() async throws -> Run {
        let clock = ManualClock(.now())
        let store = try TestSupport.makeStore(balance: 20000, openedAt: clock.now())
        try store.write { try $0.execute(sql: "UPDATE accounts SET tier = 'STRATEGIST' WHERE session = 'default'") }
        let output = TestSupport.temporaryDirectory().appendingPathComponent("out.ndjson")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        return Run(sim: try await LocalSim(price: 40000), store: store, clock: clock, output: output)
    }

    /// The orders gen-sim holds for the test key, without the protection
    /// placed after each fill (a STOP_LOSS_LIMIT, alone or in an OCO list).
    func tradedOrders(_ run: Run) async throws -> [JSONValue] {
        let all = try await run.sim.gateway(http: run.http).call(.get, "/api/v3/allOrders", [("symbol", "BTCUSDT")], signed: true).array ?? []
        return all.filter { $0["type"]?.string != "STOP_LOSS_LIMIT" && ($0["orderListId"]?.integer ?? -1) < 0 }
    }

    /// A TWAP entry as gen-risk approves it: ten slices over five minutes.
    func twapOrder(_ run: Run, id: String) throws -> String {
        let line = TestLines.order(id, ts: run.clock.now().milliseconds, strategy: "pairs_arbitrage", algorithm: "TWAP", quantity: "0.05", price: "40000", stop: "39000")
        try TestSupport.approve(orderLine: line, db: run.store.path)
        return line
    }

    func candle(_ minute: Int, at time: Timestamp) -> String {
        #"{"v":1,"type":"candle","ts":\#(time.milliseconds),"symbol":"ETHUSDT","interval":"1m","open_time":\#(time.milliseconds - 60_000),"open":"2000","high":"2001","low":"1999","close":"2000","volume":"\#(minute)"}"#
    }

    static let config: GenesisConfig = {
        var config = GenesisConfig()
        config.execution.twapMinMinutes = 5
        config.execution.twapMaxMinutes = 5
        config.execution.twapMaxVolumeShare = 1 // gen-sim's minutes trade little: the cap is tested elsewhere
        return config
    }()

    /// Runs lines through gen-exec's stage as its read loop does: slices due
    /// are sent before each line is handled; the clock moves a minute a line.
    func feed(_ stage: ExecutionStage, _ lines: [String], clock: ManualClock, writer: LineWriter) throws {
        for line in lines {
            try stage.workDue(writer: writer)
            try scan(line) { parsed in
                if try !stage.handle(parsed, type: try EventType.of(parsed)!, writer: writer) { writer.write(Array(line.utf8) + [10]) }
            }
            clock.advance(seconds: 60)
        }
        writer.flush()
    }

    @Test func aTWAPIsWorkedOverItsSlicesWhileCandlesFlowThroughGenExec() async throws {
        let run = try await prepare()
        let order = try twapOrder(run, id: "gen-twap-stream")
        let gateway = run.sim.gateway(state: run.store, http: run.http)
        let lines = try await TestSupport.onThread { () throws -> [String] in
            let venue = try ExchangeVenue(name: "sim", gateway: gateway, ledger: run.store, session: "default", config: Self.config, logger: .init(label: "test"),
                                          clock: run.clock, pause: { run.clock.advance(milliseconds: Int64($0)) })
            let stage = try ExecutionStage(store: run.store, venue: venue, session: "default", config: Self.config, liveClock: run.clock, logger: .init(label: "test"))
            let handle = try FileHandle(forWritingTo: run.output)
            let writer = LineWriter(descriptor: handle.fileDescriptor)
            var input = [order]
            for minute in 1...8 { input.append(candle(minute, at: run.clock.now().adding(milliseconds: Int64(minute) * 60_000))) }
            try feed(stage, input, clock: run.clock, writer: writer)
            // The input ends with slices left: they are finished, not dropped.
            try venue.finishWork { outputs in writer.write(outputs, ts: run.clock.now(), venue: venue.name) }
            writer.flush()
            try handle.close()
            return try String(contentsOf: run.output, encoding: .utf8).split(separator: "\n").map(String.init)
        }
        let types = try lines.map { line in try scan(line) { try $0.string("type") } }
        // Every candle went through, and slices were filled between them: the stream was never held up.
        #expect(types.filter { $0 == "candle" }.count == 8)
        let firstCandle = try #require(types.firstIndex(of: "candle"))
        let lastCandle = try #require(types.lastIndex(of: "candle"))
        let fillsBetween = types[firstCandle...lastCandle].filter { $0 == "execution" }.count
        #expect(fillsBetween >= 5, "slices filled while candles flowed: \(fillsBetween)")
        let orders = try await tradedOrders(run)
        #expect(orders.count == 10)
        #expect(Set(orders.compactMap { $0["clientOrderId"]?.string }).count == 10)
        #expect(try run.store.orderStatus(clientOrderID: "gen-twap-stream") == .filled)
        #expect(try run.store.execution(clientOrderID: "gen-twap-stream")?.quantity == Decimal(string: "0.05")!)
        await run.http.shutdown()
    }

    @Test func aRestartResumesATWAPWithoutSendingASliceTwice() async throws {
        let run = try await prepare()
        let line = try twapOrder(run, id: "gen-twap-crash")
        let order = try scan(line) { try OrderIntent(line: $0) }
        let gateway = run.sim.gateway(state: run.store, http: run.http)
        let pause: @Sendable (Int) -> Void = { run.clock.advance(milliseconds: Int64($0)) }
        try await TestSupport.onThread {
            // First run: the order accepted, slices sent for three minutes, then the process dies
            // right after recording slice 4 (before its request left).
            let first = try ExchangeVenue(name: "sim", gateway: gateway, ledger: run.store, session: "default", config: Self.config, logger: .init(label: "test"),
                                          clock: run.clock, pause: pause)
            _ = try first.submit(order)
            for _ in 0..<3 {
                run.clock.advance(seconds: 30)
                _ = try first.workDue()
            }
            let done = try run.store.rowCount("orders WHERE parent_client_order_id = 'gen-twap-crash'")
            var inFlight = order
            inFlight.clientOrderID = WorkedOrder.childID(of: order, index: done, session: "default")
            inFlight.quantity = Decimal(string: "0.005")!
            inFlight.algorithm = .market
            try run.store.recordSlice(inFlight, parent: order.clientOrderID, slice: done + 1, total: 10, venue: "sim", at: run.clock.now())
            // Ten minutes later a new gen-exec starts: it takes the order up from the store alone.
            run.clock.advance(seconds: 600)
            let second = try ExchangeVenue(name: "sim", gateway: gateway, ledger: run.store, session: "default", config: Self.config, logger: .init(label: "test"),
                                           clock: run.clock, pause: pause)
            _ = try second.resumeWork()
            try second.finishWork { _ in }
        }
        let sent = try await tradedOrders(run).compactMap { $0["clientOrderId"]?.string }
        #expect(sent.count == Set(sent).count, "a slice was sent twice: \(sent)")
        #expect(try run.store.orderStatus(clientOrderID: "gen-twap-crash") == .filled)
        #expect(try run.store.execution(clientOrderID: "gen-twap-crash")?.quantity == Decimal(string: "0.05")!)
        // The slice that never left was looked up and closed, not sent again under its id.
        let fills = try run.store.rowCount("fills")
        #expect(fills == sent.count)
        await run.http.shutdown()
    }
}
