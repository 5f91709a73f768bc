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

@Suite(.serialized) struct LiveExecutionTests: TemporaryDatabase {
    let directory = TestSupport.temporaryDirectory()

    func prepare() throws {
        let created = try TestSupport.run("gen-risk", ["account", "init", "--balance", "500", "--db", db])
        #expect(created.status == 0)
    }

    /// An approved entry for `quantity` BTC at a reference price of 40000.
    func approvedOrder(id: String, quantity: String) throws -> String {
        let line = TestLines.order(id, ts: Timestamp.now().milliseconds, quantity: quantity, stop: "39000", target: "42000")
        try TestSupport.approve(orderLine: line, db: db)
        return line + "\n"
    }

    func exec(_ sim: SimProcess, _ input: String) throws -> TestSupport.Outcome {
        try TestSupport.run("gen-exec", ["--venue", sim.base, "--db", db], stdin: Data(input.utf8), environment: SimProcess.environment)
    }

    func count(_ table: String) throws -> Int { try Store(path: db).rowCount(table) }

    @Test func aSignedMarketOrderFillsAndEveryTradeIsRecordedOnce() async throws {
        try prepare()
        let sim = try SimProcess()
        let outcome = try exec(sim, try approvedOrder(id: "gen-live-1", quantity: "0.0005"))
        #expect(outcome.status == 0, "gen-exec: \(outcome.stderr)")
        #expect(outcome.stdout.contains(#""status":"FILLED""#))
        #expect(outcome.stdout.contains(#""trade_id":"BTCUSDT-1""#))
        let row = try Store(path: db).read { try Row.fetchOne($0, sql: "SELECT status, average_price FROM orders WHERE client_order_id = 'gen-live-1'") }
        #expect(row?["status"] == "FILLED")
        #expect(try await sim.tradedOrders().count == 1)
        // Running the same input again sends nothing new.
        let again = try exec(sim, try approvedOrder(id: "gen-live-1", quantity: "0.0005"))
        #expect(again.status == 0)
        #expect(try await sim.tradedOrders().count == 1)
        #expect(try count("fills") == 1)
        // The secret never shows: not on stdout, stderr, or in the database file.
        let file = try Data(contentsOf: URL(fileURLWithPath: db)) + ((try? Data(contentsOf: URL(fileURLWithPath: db + "-wal"))) ?? Data())
        for text in [outcome.stdout, outcome.stderr, again.stdout, again.stderr, String(decoding: file, as: UTF8.self)] {
            #expect(!text.contains(SimProcess.secret))
        }
    }

    /// DESIGN §10, money comes from the exchange: the live account opens at
    /// what the exchange account holds, bound to it, never at a typed number.
    @Test func theLiveAccountOpensAtWhatItsExchangeHolds() async throws {
        let sim = try SimProcess()
        let both = try TestSupport.run("gen-risk", ["account", "init", "--venue", sim.base, "--balance", "500", "--db", db], environment: SimProcess.environment)
        #expect(both.status != 0 && both.stderr.contains("exclude each other"), "\(both.stderr)")
        let paper = try TestSupport.run("gen-risk", ["account", "init", "--venue", "paper", "--db", db])
        #expect(paper.status != 0 && paper.stderr.contains("--venue paper"), "\(paper.stderr)")
        let opened = try TestSupport.run("gen-risk", ["account", "init", "--venue", sim.base, "--db", db], environment: SimProcess.environment)
        #expect(opened.status == 0, "\(opened.stderr)")
        let held = try await sim.quoteBalance()
        #expect(held > 0)
        #expect(try Store(path: db).requireAccount().balance == held)
        #expect(try Store(path: db).liveAccount()?.restBase == sim.base)
        let shown = try TestSupport.run("gen-risk", ["account", "--json", "--db", db])
        #expect(try JSONValue.parse(Data(shown.stdout.utf8))["exchange_difference"]?.decimal == 0, "\(shown.stdout)")
    }

    @Test func aServerErrorAfterTheOrderWasAcceptedNeverMakesASecondOrder() async throws {
        try prepare()
        let sim = try SimProcess(["--fail-after-accept", "1"])
        let outcome = try exec(sim, try approvedOrder(id: "gen-live-5xx", quantity: "0.0005"))
        #expect(outcome.status == 0, "gen-exec: \(outcome.stderr)")
        #expect(outcome.stderr.contains("looking it up"))
        #expect(outcome.stdout.contains(#""status":"FILLED""#))
        #expect(try await sim.tradedOrders().count == 1)
        #expect(try count("fills") == 1)
    }

    @Test func anOrderThatExecutesAfterItsErrorAndTradesThatLagAreBookedOnce() async throws {
        try prepare()
        // The 503 comes first; the order reaches the engine 600 ms later, and its trades show 300 ms after that.
        let sim = try SimProcess(["--fail-after-accept", "1", "--late-execution-ms", "600", "--trades-lag-ms", "300"])
        let outcome = try exec(sim, try approvedOrder(id: "gen-live-late", quantity: "0.0005"))
        #expect(outcome.status == 0, "gen-exec: \(outcome.stderr)")
        #expect(outcome.stdout.contains(#""status":"FILLED""#))
        #expect(try await sim.tradedOrders().count == 1)
        #expect(try count("fills") == 1)
        #expect(try status("gen-live-late") == .filled)
    }

    @Test func filtersRefuseBeforeAnythingIsSent() async throws {
        try prepare()
        let sim = try SimProcess()
        let outcome = try exec(sim, try approvedOrder(id: "gen-live-tiny", quantity: "0.0001")) // $4 < NOTIONAL 5
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains(#""rule":"exchange.filter""#))
        #expect(try await sim.allOrders().isEmpty)
    }

    @Test func aBanStopsTheCommandWithExitFive() throws {
        try prepare()
        let sim = try SimProcess(["--weight-limit", "1", "--ban-seconds", "600"])
        let outcome = try exec(sim, try approvedOrder(id: "gen-live-ban", quantity: "0.0005"))
        #expect(outcome.status == 5, "stderr: \(outcome.stderr)")
        #expect(outcome.stderr.contains("rate limit") || outcome.stderr.contains("banned"))
    }

    @Test func closeAllCancelAllAndReconcileOnTheExchange() async throws {
        try prepare()
        let sim = try SimProcess()
        _ = try exec(sim, try approvedOrder(id: "gen-live-close", quantity: "0.0005"))
        let environment = SimProcess.environment
        let reconciled = try TestSupport.run("gen-exec", ["reconcile", "--venue", sim.base, "--db", db], environment: environment)
        #expect(reconciled.status == 0, "reconcile: \(reconciled.stderr)")
        let wrongPhrase = try TestSupport.run("gen-exec", ["close-all", "--venue", sim.base, "--db", db, "--confirm", "close all"], environment: environment)
        #expect(wrongPhrase.status == 6)
        let closed = try TestSupport.run("gen-exec", ["close-all", "--venue", sim.base, "--db", db, "--confirm", "CLOSE ALL POSITIONS", "--max-slippage", "1%"],
                                         environment: environment)
        #expect(closed.status == 0, "close-all: \(closed.stderr)")
        #expect(closed.stdout.contains(#""status":"CLOSED""#))
        #expect(try count("positions WHERE status = 'OPEN'") == 0)
        #expect(try await sim.tradedOrders().count == 2)
        #expect(try await sim.openOrders().isEmpty) // its protection went first
        let canceled = try TestSupport.run("gen-exec", ["cancel-all", "--venue", sim.base, "--db", db], environment: environment)
        #expect(canceled.status == 0)
        #expect(try TestSupport.run("gen-exec", ["reconcile", "--venue", sim.base, "--db", db], environment: environment).status == 0)
        // A trade the store never made: reconciliation halts and names it.
        try await sim.tradeOutsideGenesis()
        let stranger = try TestSupport.run("gen-exec", ["reconcile", "--venue", sim.base, "--db", db], environment: environment)
        #expect(stranger.status == 7)
        #expect(stranger.stderr.contains("trade 3 on BTCUSDT (buy 0.0002 at 40000"), "\(stranger.stderr)")
        // resume cannot lift it before the trade is explained (DESIGN §5).
        let resumed = try TestSupport.run("gen-exec", ["resume", "--db", db])
        #expect(resumed.status == 7 && resumed.stderr.contains("halted by reconciliation"), "\(resumed.stderr)")
        #expect(try Store(path: db).haltCause() == .reconciliation)
        let acknowledged = try TestSupport.run("gen-exec", ["reconcile", "--venue", sim.base, "--db", db, "--acknowledge-trades", "bought by hand"], environment: environment)
        #expect(acknowledged.status == 0, "\(acknowledged.stderr)")
        #expect(acknowledged.stdout.contains("acknowledged: trade 3 on BTCUSDT"))
        #expect(try Store(path: db).tradingState().0 == .active)
        #expect(try TestSupport.run("gen-exec", ["reconcile", "--venue", sim.base, "--db", db], environment: environment).status == 0)
        // The store now claims a position the exchange account does not hold: reconciliation halts (exit 7).
        try Store(path: db).write { db in
            try db.execute(sql: "UPDATE positions SET status = 'OPEN', closed_at = NULL WHERE entry_client_order_id = 'gen-live-close'")
        }
        let mismatch = try TestSupport.run("gen-exec", ["reconcile", "--venue", sim.base, "--db", db], environment: environment)
        #expect(mismatch.status == 7)
        #expect(mismatch.stderr.contains("HALTED"))
        #expect(try Store(path: db).tradingState().0 == .halted)
    }

    /// An approved entry of another order type (limit price `limit`).
    func approvedOrder(id: String, type: OrderType, limit: String, quantity: String = "0.0005", stop: String = "38000") throws -> String {
        let line = TestLines.order(id, ts: Timestamp.now().milliseconds, type: type, limit: limit, quantity: quantity, stop: stop)
        try TestSupport.approve(orderLine: line, db: db)
        return line + "\n"
    }

    func status(_ id: String) throws -> OrderStatus? { try Store(path: db).orderStatus(clientOrderID: id) }

    /// Limit orders unlock at HUNTER (gen-exec checks the tier again).
    func promoteToHunter() throws {
        try Store(path: db).write { try $0.execute(sql: "UPDATE accounts SET tier = 'HUNTER' WHERE session = 'default'") }
    }

    @Test func everyLimitTypeEndsInTheStateBinanceGivesIt() async throws {
        try prepare()
        try promoteToHunter()
        let sim = try SimProcess() // ask 40000.00, bid 39999.99, still
        let input = try [
            approvedOrder(id: "gen-fok", type: .fok, limit: "39990"),          // not marketable: EXPIRED
            approvedOrder(id: "gen-maker-take", type: .limitMaker, limit: "40005"), // would take: refused
            approvedOrder(id: "gen-gtc", type: .limit, limit: "39000"),        // rests
            approvedOrder(id: "gen-ioc", type: .ioc, limit: "40010.004"),      // marketable: FILLED, limit rounded down to the tick
            approvedOrder(id: "gen-far", type: .limit, limit: "7500", quantity: "0.001", stop: "7000"), // below 0.2 × the average price
        ].joined()
        let outcome = try exec(sim, input)
        #expect(outcome.status == 0, "gen-exec: \(outcome.stderr)")
        #expect(try status("gen-fok") == .expired)
        #expect(try status("gen-maker-take") == .rejected)
        #expect(try status("gen-gtc") == .new)
        #expect(try status("gen-ioc") == .filled)
        #expect(try status("gen-far") == .rejected)
        #expect(outcome.stdout.contains("PERCENT_PRICE_BY_SIDE"))
        let onExchange = Dictionary(uniqueKeysWithValues: try await sim.allOrders().map { ($0["clientOrderId"]?.string ?? "", $0) })
        #expect(onExchange["gen-gtc"]?["status"]?.string == "NEW")
        #expect(onExchange["gen-gtc"]?["timeInForce"]?.string == "GTC")
        #expect(onExchange["gen-ioc"]?["price"]?.string == "40010.00000000")
        #expect(onExchange["gen-fok"]?["status"]?.string == "EXPIRED")
        #expect(onExchange["gen-maker-take"] == nil)
        #expect(onExchange["gen-far"] == nil)
        // The resting order is known, so reconciliation finds nothing to halt for.
        let environment = SimProcess.environment
        let reconciled = try TestSupport.run("gen-exec", ["reconcile", "--venue", sim.base, "--db", db], environment: environment)
        #expect(reconciled.status == 0, "reconcile: \(reconciled.stderr)")
        #expect(try status("gen-gtc") == .new)
        // cancel-all takes it off the book and the store says so.
        let canceled = try TestSupport.run("gen-exec", ["cancel-all", "--venue", sim.base, "--db", db], environment: environment)
        #expect(canceled.status == 0, "cancel-all: \(canceled.stderr)")
        #expect(try status("gen-gtc") == .canceled)
        #expect(try count("fills") == 1)
    }

    @Test func aLargeRestingLimitIsSentAsOneExchangeIcebergAndBookedWhole() async throws {
        try prepare()
        try promoteToHunter()
        let sim = try SimProcess()
        // 0.006 BTC at 39000 = 234 USDT, past the $200 iceberg threshold at HUNTER.
        let line = TestLines.order("gen-ice", ts: Timestamp.now().milliseconds, type: .limit, limit: "39000", algorithm: "ICEBERG", quantity: "0.006", stop: "38000")
        try TestSupport.approve(orderLine: line, db: db)
        let outcome = try exec(sim, line + "\n")
        #expect(outcome.status == 0, "gen-exec: \(outcome.stderr)")
        #expect(try status("gen-ice") == .new)
        let onExchange = try #require(try await sim.allOrders().first { $0["clientOrderId"]?.string == "gen-ice" })
        #expect(onExchange["status"]?.string == "NEW")
        #expect(onExchange["origQty"]?.decimal == Decimal(string: "0.006"))
        let visible = try #require(onExchange["icebergQty"]?.decimal)
        let parts = (Decimal(string: "0.006")! / visible).rounded(toStep: 1, .up)
        #expect(visible > 0 && parts >= 3 && parts <= 10, "icebergQty \(visible)")
        #expect(try await sim.tradedOrders().count == 1) // one order, not slices
    }

    @Test func aRestingLimitFilledByTheReplayedMarketIsBookedOnReconcile() async throws {
        try prepare()
        try promoteToHunter()
        // The sim follows stored candles: 40000 for a while, then a fall through 39500.
        let simDB = directory.appendingPathComponent("sim.db").path
        var csv = "time,open,high,low,close,volume\n"
        for minute in 0..<30 { csv += "\(1_704_067_200_000 + Int64(minute) * 60_000),40000,40000,40000,40000,1\n" }
        for minute in 30..<40 { csv += "\(1_704_067_200_000 + Int64(minute) * 60_000),40000,40000,39000,39200,1\n" }
        let file = directory.appendingPathComponent("path.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let imported = try TestSupport.run("gen-fetch", ["import", file.path, "--symbol", "BTCUSDT", "--interval", "1m", "--db", simDB])
        #expect(imported.status == 0, "import: \(imported.stderr)")
        let sim = try SimProcess(["--tick-ms", "25", "--db", simDB, "--replay", "1m"])
        let outcome = try exec(sim, try approvedOrder(id: "gen-gtc-fill", type: .limit, limit: "39500"))
        #expect(outcome.status == 0, "gen-exec: \(outcome.stderr)")
        #expect(try status("gen-gtc-fill") == .new)
        // Wait (bounded) for the replayed fall to fill it on the exchange.
        #expect(try await eventually(10) { try await sim.allOrders().first?["status"]?.string == "FILLED" }, "the replayed fall never filled the order")
        let reconciled = try TestSupport.run("gen-exec", ["reconcile", "--venue", sim.base, "--db", db], environment: SimProcess.environment)
        #expect(reconciled.status == 0, "reconcile: \(reconciled.stderr)")
        #expect(try status("gen-gtc-fill") == .filled)
        let entry = try Store(path: db).read { try String.fetchOne($0, sql: "SELECT entry_price FROM positions WHERE entry_client_order_id = 'gen-gtc-fill'") }
        #expect(entry == "39500")
    }

    @Test func haltedTradingSendsNothingAndStaleOrdersAreNeverSentOnStart() async throws {
        try prepare()
        let sim = try SimProcess()
        // A paper order left waiting (no later price) must not go to the exchange on start or reconcile.
        let paperOrder = try approvedOrder(id: "gen-paper-left", quantity: "0.0005")
        #expect(try TestSupport.run("gen-exec", ["--db", db], stdin: Data(paperOrder.utf8)).status == 0)
        let reconciled = try TestSupport.run("gen-exec", ["reconcile", "--venue", sim.base, "--db", db], environment: SimProcess.environment)
        #expect(reconciled.status == 0, "reconcile: \(reconciled.stderr)")
        #expect(try await sim.allOrders().isEmpty)
        // HALTED: an approved order reaches gen-exec but is not sent.
        #expect(try TestSupport.run("gen-exec", ["halt", "--reason", "drill", "--confirm", "HALT TRADING NOW", "--db", db]).status == 0)
        let halted = try exec(sim, try approvedOrder(id: "gen-live-halted", quantity: "0.0005"))
        #expect(halted.stdout.contains(#""rule":"trading_state""#))
        #expect(try await sim.allOrders().isEmpty)
    }

    @Test func haltBlocksEntriesUntilResume() throws {
        try prepare()
        #expect(try TestSupport.run("gen-exec", ["halt", "--reason", "drill", "--confirm", "halt", "--db", db]).status == 6)
        #expect(try TestSupport.run("gen-exec", ["halt", "--reason", "drill", "--confirm", "HALT TRADING NOW", "--db", db]).status == 0)
        let signal = #"{"v":1,"type":"signal","ts":1704070800000,"id":"halt-1","strategy":"momentum_breakout","symbol":"BTCUSDT","side":"BUY","price":"40000","stop":"39000"}"#
        let refused = try TestSupport.run("gen-risk", ["--no-sync", "--db", db], stdin: Data((signal + "\n").utf8))
        #expect(refused.stdout.contains(#""rule":"trading_state""#))
        #expect(try TestSupport.run("gen-exec", ["resume", "--db", db]).status == 0)
        let events = try Store(path: db).read { try String.fetchAll($0, sql: "SELECT type FROM events WHERE type LIKE 'trading.%' ORDER BY seq") }
        #expect(events == ["trading.halted", "trading.active"])
    }

    @Test func paperCloseAllUsesTheNewestStoredPrice() throws {
        try prepare()
        let order = TestLines.order("gen-paper-close", ts: 1_704_067_200_000, quantity: "0.0005", stop: "39000")
        try TestSupport.approve(orderLine: order, db: db)
        let candle = #"{"v":1,"type":"candle","ts":1704070800000,"symbol":"BTCUSDT","interval":"1h","open_time":1704067200000,"open":"40000","high":"40100","low":"39900","close":"40050","volume":"10"}"#
        #expect(try TestSupport.run("gen-exec", ["--db", db], stdin: Data((order + "\n" + candle + "\n").utf8)).status == 0)
        let store = try Store(path: db)
        _ = try store.insertCandles(symbol: "BTCUSDT", interval: Interval("1h")!, rows: [KlineRow(openTime: 1_704_070_800_000, open: "40050", high: "40200", low: "40000", close: "40150", volume: "5")])
        let closed = try TestSupport.run("gen-exec", ["close-all", "--confirm", "CLOSE ALL POSITIONS", "--db", db])
        #expect(closed.status == 0, "close-all: \(closed.stderr)")
        #expect(closed.stdout.contains(#""exit_reason":"EXIT""#))
        // 40150 less 5 bps, rounded down to the tick.
        #expect(closed.stdout.contains(#""exit_price":"40129.92""#))
    }

    @Test func killingGenExecMidIcebergAndRestartingCompletesItExactlyOnce() async throws {
        try prepare()
        try promoteToHunter() // icebergs unlock at HUNTER
        let sim = try SimProcess()
        let config = directory.appendingPathComponent("genesis.yaml").path
        try "execution:\n  icebergMinSlices: 5\n  icebergMaxSlices: 5\n  icebergMinDelaySeconds: 1\n  icebergMaxDelaySeconds: 1\n".write(toFile: config, atomically: true, encoding: .utf8)
        let line = TestLines.order("gen-iceberg-1", ts: Timestamp.now().milliseconds, algorithm: "ICEBERG", quantity: "0.01", stop: "39000")
        try TestSupport.approve(orderLine: line, db: db)
        let input = directory.appendingPathComponent("orders.ndjson")
        try (line + "\n").write(to: input, atomically: true, encoding: .utf8)

        func start() throws -> Process {
            let process = Process()
            process.executableURL = TestSupport.binaries.appendingPathComponent("gen-exec")
            process.arguments = ["--venue", sim.base, "--db", db, "--config", config]
            process.environment = ProcessInfo.processInfo.environment.merging(SimProcess.environment.merging(["GENESIS_HOME": TestSupport.genesisHome]) { $1 }) { $1 }
            process.standardInput = try FileHandle(forReadingFrom: input)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        // First run: killed (SIGKILL, no chance to clean up) once two slices reached the exchange.
        let first = try start()
        let twoSlicesSent = try await eventually(30) { try await sim.allOrders().count >= 2 }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(twoSlicesSent, "no two slices reached the exchange within 30 s")
        let sentBeforeKill = try await sim.allOrders().count
        #expect(sentBeforeKill >= 2 && sentBeforeKill < 5)

        // Second run: picks the iceberg up where it stopped.
        let second = try start()
        let finished = TestSupport.waitForExit(second, seconds: 120)
        if !finished { TestSupport.stop(second) }
        try #require(finished, "the restarted gen-exec did not finish within 120 s")
        #expect(second.terminationStatus == 0)
        let orders = try await sim.tradedOrders()
        #expect(orders.count == 5) // five slices, each sent once
        #expect(Set(orders.compactMap { $0["clientOrderId"]?.string }).count == 5)
        let store = try Store(path: db)
        let parent = try store.execution(clientOrderID: "gen-iceberg-1")
        #expect(parent?.quantity == Decimal(string: "0.01")!)
        #expect(try store.orderStatus(clientOrderID: "gen-iceberg-1") == .filled)
        let executedOnExchange = orders.reduce(Decimal(0)) { $0 + ($1["executedQty"]?.decimal ?? 0) }
        #expect(executedOnExchange == Decimal(string: "0.01")!)
        #expect(try count("fills") == orders.count) // one trade per slice at the touch, each recorded once
        #expect(try store.openPositions(session: "default").first?.quantity == Decimal(string: "0.01")!)
    }
}

@Suite(.serialized) struct TWAPTests {
    /// A TWAP on an in-process gen-sim with its pauses skipped: the slices
    /// follow the plan, and a price already better than the reference sends
    /// everything left at once.
    @Test func twapSlicesAndFinishesEarlyOnAnImprovement() async throws {
        let sim = try await LocalSim(price: 40000)
        let http = AsyncHTTPClientBox()
        let store = try TestSupport.makeStore(balance: 5000, openedAt: .now())
        let gateway = sim.gateway(state: store, http: http)
        // ExchangeVenue blocks its caller on network work (it serves
        // synchronous command loops), so it runs on a thread of its own here.
        let (outputs, orders) = try await TestSupport.onThread {
            let venue = try ExchangeVenue(name: "sim", gateway: gateway, ledger: store, session: "default", logger: .init(label: "test"), pause: { _ in })
            var order = OrderIntent(clientOrderID: "gen-twap-1", ts: .now(), session: "default", signalID: "sig-twap", strategy: "pairs_arbitrage",
                                    symbol: "BTCUSDT", side: .buy, purpose: .entry, quantity: Decimal(string: "0.02")!, referencePrice: 40100, stop: 39000, target: nil)
            order.algorithm = .twap
            let outputs = try venue.submit(order)
            return (outputs, try store.rowCount("orders WHERE parent_client_order_id = 'gen-twap-1'"))
        }
        // The ask (40000) is already 0.25% under the 40100 reference: the first slice takes everything.
        #expect(orders == 1)
        #expect(outputs.contains { if case .filled = $0 { true } else { false } })
        #expect(try store.execution(clientOrderID: "gen-twap-1")?.quantity == Decimal(string: "0.02")!)
        #expect(try store.orderStatus(clientOrderID: "gen-twap-1") == .filled)
        await http.shutdown()
    }

    @Test func vwapFetchesTheProfileAndWorksEverySlice() async throws {
        let history = try TestSupport.makeStore()
        let start = Timestamp(milliseconds: (Timestamp.now().milliseconds / 1_800_000 - 30 * 48) * 1_800_000)
        var generator = MarketGenerator(symbol: "BTCUSDT", interval: Interval("30m")!, start: start, startPrice: 40000, baseVolume: 0.5, seed: 9)
        _ = try history.insertCandles(symbol: "BTCUSDT", interval: Interval("30m")!, rows: generator.generate(count: 30 * 48))
        let sim = try await LocalSim(price: 40000, history: history)
        let http = AsyncHTTPClientBox()
        let store = try TestSupport.makeStore(balance: 5000, openedAt: .now())
        let gateway = sim.gateway(state: store, http: http)
        // The venue's clock moves only when it pauses for the next slice: the
        // day-long schedule is worked without waiting for it.
        let clock = ManualClock(.now())
        // Slices of at least $250 (at most 8): each asks the exchange for the touch and the minutes' volume.
        let config = { var config = GenesisConfig(); config.execution.vwapMinSliceNotional = 250; return config }()
        let slices = try await TestSupport.onThread {
            let venue = try ExchangeVenue(name: "sim", gateway: gateway, ledger: store, session: "default", config: config, logger: .init(label: "test"), clock: clock,
                                          pause: { clock.advance(milliseconds: Int64($0)) })
            var order = OrderIntent(clientOrderID: "gen-vwap-live", ts: clock.now(), session: "default", signalID: "sig-vwap", strategy: "pairs_arbitrage",
                                    symbol: "BTCUSDT", side: .buy, purpose: .entry, quantity: Decimal(string: "0.05")!, referencePrice: 40000, stop: 39000, target: nil)
            order.algorithm = .vwap
            _ = try venue.submit(order)
            try venue.finishWork { _ in }
            return try store.slicePlan(clientOrderID: "gen-vwap-live")?.quantities.count ?? 0
        }
        #expect(slices > 1 && slices <= 100)
        // Every slice was worked, each within 20% of what the market traded since the one before: on
        // gen-sim, where GENESIS's own trades are most of the volume, the cap may leave part unbought.
        let parent = try #require(try store.execution(clientOrderID: "gen-vwap-live"))
        #expect(parent.quantity > 0 && parent.quantity <= Decimal(string: "0.05")!)
        let status = try store.orderStatus(clientOrderID: "gen-vwap-live")
        #expect(status == (parent.quantity == Decimal(string: "0.05")! ? .filled : .partiallyFilled))
        #expect((1...slices).contains(try store.rowCount("orders WHERE parent_client_order_id = 'gen-vwap-live'"))) // a slice the cap leaves nothing is skipped
        #expect(await sim.api.served["/api/v3/klines", default: 0] >= 2) // 1,440 candles: two pages
        await http.shutdown()
    }

    @Test func twapPlansTenJitteredSlicesWithinTheWindow() {
        var order = OrderIntent(clientOrderID: "gen-twap-plan", ts: .now(), session: "s", signalID: "x", strategy: "pairs_arbitrage", symbol: "BTCUSDT",
                                side: .buy, purpose: .entry, quantity: Decimal(string: "1")!, referencePrice: 40000, stop: 39000, target: nil)
        order.algorithm = .twap
        let plan = SlicePlan.make(for: order, settings: GenesisConfig().execution, slices: 3, step: Decimal(string: "0.00001")!)
        #expect(plan.quantities.count == 10)
        #expect(plan.quantities.allSatisfy { $0 == Decimal(string: "0.1")! })
        let total = plan.delaysMs.reduce(0, +)
        #expect(total >= Int(Double(5 * 60_000) * 0.8 * 0.9) && total <= Int(Double(30 * 60_000) * 1.2))
    }
}
