import AsyncHTTPClient
import Foundation
import GRDB
import NIOCore
import NIOHTTP1
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

@Suite(.serialized) struct WatcherTests: TemporaryDatabase {
    let directory = TestSupport.temporaryDirectory()
    var config: String { directory.appendingPathComponent("genesis.yaml").path }

    /// A HUNTER account of 500 USDT and a watcher that beats every second and
    /// calls a stream silent for 3 s dead.
    func prepare() throws {
        #expect(try TestSupport.run("gen-risk", ["account", "init", "--balance", "500", "--db", db]).status == 0)
        try Store(path: db).write { try $0.execute(sql: "UPDATE accounts SET tier = 'HUNTER' WHERE session = 'default'") }
        try "watcher:\n  heartbeatSeconds: 1\n  stallSeconds: 3\n  reconnectDelaysMs: [100, 200]\n".write(toFile: config, atomically: true, encoding: .utf8)
    }

    func order(_ id: String, symbol: String = "BTCUSDT", type: OrderType = .market, limit: String? = nil, quantity: String = "0.001",
               price: String = "40000", stop: String = "39000", target: String = "42000") throws -> String {
        let line = TestLines.order(id, ts: Timestamp.now().milliseconds, symbol: symbol, type: type, limit: limit, quantity: quantity, price: price, stop: stop, target: target)
        try TestSupport.approve(orderLine: line, db: db)
        return line + "\n"
    }

    func exec(_ sim: SimProcess, _ input: String) throws {
        let outcome = try TestSupport.run("gen-exec", ["--venue", sim.base, "--db", db], stdin: Data(input.utf8), environment: SimProcess.environment)
        #expect(outcome.status == 0, "gen-exec: \(outcome.stderr)")
    }

    /// A drill call to the simulator (`/sim/v1/…`).
    func drill(_ sim: SimProcess, _ path: String) async throws {
        let (status, _) = try await post(sim.base + path)
        #expect(status == 200, "\(path): \(status)")
    }

    func post(_ url: String, headers: [(String, String)] = [], body: String? = nil, method: HTTPMethod = .POST) async throws -> (Int, JSONValue?) {
        let http = BinanceGateway.makeHTTPClient(GenesisConfig().execution)
        defer { _ = http.shutdown() }
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await http.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), try? JSONValue.parse(Data(buffer: bytes)))
    }

    func status(_ id: String) throws -> OrderStatus? { try Store(path: db).orderStatus(clientOrderID: id) }
    func fills(_ id: String) throws -> Int {
        try Store(path: db).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM fills WHERE client_order_id = ?", arguments: [id]) ?? 0 }
    }
    func heartbeat() throws -> WatcherHeartbeat? { try Store(path: db).heartbeat() }

    func subscribed(_ watcher: WatcherProcess) async throws -> Bool {
        try await eventually { try heartbeat()?.streamConnected == true && heartbeat()?.stoppedAt == nil }
    }

    @Test func aFillDuringADroppedStreamIsBookedOnceAfterTheReconnect() async throws {
        try prepare()
        let sim = try SimProcess(["--symbols", "BTCUSDT,ETHUSDT", "--price", "ETHUSDT=2000"])
        try exec(sim, try order("gen-rest-1", type: .limit, limit: "39500")
                 + order("gen-rest-2", symbol: "ETHUSDT", type: .limit, limit: "1950", quantity: "0.01", price: "2000", stop: "1800", target: "2200"))
        #expect(try status("gen-rest-1") == .new)
        let watcher = try WatcherProcess(sim: sim, db: db, config: config, directory: directory)
        #expect(try await subscribed(watcher), "\(watcher.diagnostics)")
        // Connected: the first fill comes by the stream.
        try await drill(sim, "/sim/v1/price?symbol=BTCUSDT&price=39490")
        #expect(try await eventually { try status("gen-rest-1") == .filled }, "\(watcher.diagnostics)")
        // The stream drops and the second order fills before the watcher is back.
        try await drill(sim, "/sim/v1/streams/drop")
        try await drill(sim, "/sim/v1/price?symbol=ETHUSDT&price=1940")
        #expect(try await eventually { try status("gen-rest-2") == .filled }, "\(watcher.diagnostics)")
        #expect(try await eventually { try (heartbeat()?.reconnects ?? 0) >= 1 })
        #expect(try fills("gen-rest-1") == 1)
        #expect(try fills("gen-rest-2") == 1)
        #expect(try Store(path: db).openPositions(session: "default").count == 2)
        #expect(watcher.terminate() == 0)
        #expect(try heartbeat()?.stoppedAt != nil)
    }

    @Test func aSilentStreamIsNoticedByTheHeartbeatAndTheGapFilled() async throws {
        try prepare()
        let sim = try SimProcess(["--symbols", "BTCUSDT"])
        try exec(sim, try order("gen-stall", type: .limit, limit: "39500"))
        let watcher = try WatcherProcess(sim: sim, db: db, config: config, directory: directory)
        #expect(try await subscribed(watcher), "\(watcher.diagnostics)")
        // The connection stays open but nothing comes through, not even pongs.
        try await drill(sim, "/sim/v1/streams/stall?stalled=true")
        try await drill(sim, "/sim/v1/price?symbol=BTCUSDT&price=39490")
        #expect(try await eventually { try heartbeat()?.streamConnected == false }, "\(watcher.diagnostics)")
        #expect(try status("gen-stall") == .new)
        try await drill(sim, "/sim/v1/streams/stall?stalled=false")
        #expect(try await eventually { try status("gen-stall") == .filled }, "\(watcher.diagnostics)")
        #expect(try fills("gen-stall") == 1)
        #expect(watcher.diagnostics.contains("stalled"))
    }

    @Test func aKilledWatcherRestartsWithoutLosingOrDoublingAFill() async throws {
        try prepare()
        let sim = try SimProcess(["--symbols", "BTCUSDT"])
        try exec(sim, try order("gen-crash", type: .limit, limit: "39500"))
        let first = try WatcherProcess(sim: sim, db: db, config: config, directory: directory, name: "first")
        #expect(try await subscribed(first), "\(first.diagnostics)")
        // A second watcher on the same database is refused (exit 7).
        let second = try TestSupport.run("gen-exec", ["watch", "--venue", sim.base, "--db", db, "--config", config], environment: SimProcess.environment)
        #expect(second.status == 7)
        #expect(second.stderr.contains("another watcher"))
        first.kill()
        // Filled while no watcher runs.
        try await drill(sim, "/sim/v1/price?symbol=BTCUSDT&price=39490")
        #expect(try status("gen-crash") == .new)
        let restarted = try WatcherProcess(sim: sim, db: db, config: config, directory: directory, name: "restarted")
        #expect(try await eventually { try status("gen-crash") == .filled }, "\(restarted.diagnostics)")
        #expect(try fills("gen-crash") == 1)
        // And again: a restart books nothing twice.
        #expect(restarted.terminate() == 0)
        let third = try WatcherProcess(sim: sim, db: db, config: config, directory: directory, name: "third")
        #expect(try await subscribed(third))
        #expect(try fills("gen-crash") == 1)
        #expect(try Store(path: db).openPositions(session: "default").count == 1)
        // Each restart is behaviour the tilt detector sees (rage restarts).
        let restarts = try Store(path: db).rowCount("events WHERE type = 'behaviour.watcher_restart'")
        #expect(restarts == 2)
    }

    @Test func aStopLossCrossingExitsThePosition() async throws {
        try prepare()
        let sim = try SimProcess(["--symbols", "BTCUSDT"])
        try exec(sim, try order("gen-stop", stop: "39000"))
        #expect(try Store(path: db).openPositions(session: "default").count == 1)
        let watcher = try WatcherProcess(sim: sim, db: db, config: config, directory: directory)
        #expect(try await subscribed(watcher), "\(watcher.diagnostics)")
        try await drill(sim, "/sim/v1/price?symbol=BTCUSDT&price=38900")
        #expect(try await eventually { try Store(path: db).openPositions(session: "default").isEmpty }, "\(watcher.diagnostics)")
        let reason = try Store(path: db).read { try String.fetchOne($0, sql: "SELECT exit_reason FROM positions WHERE entry_client_order_id = 'gen-stop'") }
        #expect(reason == OrderPurpose.stopLoss.rawValue)
        #expect(watcher.output.contains(#""type":"execution""#))
    }

    @Test func theWatcherServesTheControlAPIAndItsCloseAllSellsOnTheExchange() async throws {
        try prepare()
        let sim = try SimProcess(["--symbols", "BTCUSDT"])
        try exec(sim, try order("gen-api", stop: "30000", target: "90000"))
        let key = "watcher-test-api-key-0123456789"
        let watcher = try WatcherProcess(sim: sim, db: db, config: config, directory: directory, extra: ["--api", "127.0.0.1:0"],
                                         environment: ["GENESIS_API_KEY": key])
        #expect(try await subscribed(watcher), "\(watcher.diagnostics)")
        #expect(try await eventually { watcher.output.contains("control API listening on ") })
        let base = try #require(watcher.output.split(separator: "\n").first { $0.hasPrefix("control API listening on ") }?.dropFirst("control API listening on ".count))
        let (unauthorised, _) = try await post("\(base)/v1/health", method: .GET)
        #expect(unauthorised == 401)
        let (status, health) = try await post("\(base)/v1/health", headers: [("X-API-Key", key)], method: .GET)
        #expect(status == 200)
        #expect(health != nil)
        let (closed, summary) = try await post("\(base)/v1/close-all", headers: [("X-API-Key", key), ("Content-Type", "application/json")],
                                               body: #"{"confirm":"CLOSE ALL POSITIONS","max_slippage":"0.01"}"#)
        #expect(closed == 200, "\(String(describing: summary))")
        #expect(try Store(path: db).openPositions(session: "default").isEmpty)
        // The entry, its OCO (stop and target), and the close-all IOC; the OCO was canceled first.
        let orders = try await sim.allOrders()
        #expect(orders.count == 4, "\(orders)")
        #expect(try await sim.openOrders().isEmpty)
        #expect(watcher.terminate() == 0)
        #expect(!watcher.diagnostics.contains(key))
    }

    @Test func aFifteenPercentDailyLossOnThePriceDemotesAndCancelsWithinASecond() async throws {
        try prepare()
        let sim = try SimProcess(["--symbols", "BTCUSDT,ETHUSDT", "--price", "ETHUSDT=2000"])
        // 0.005 BTC at 40000 (200 USDT) with no stop, and an ETH limit resting below the market.
        try exec(sim, try order("gen-big", quantity: "0.005", stop: "1000", target: "90000")
                 + order("gen-eth", symbol: "ETHUSDT", type: .limit, limit: "1900", quantity: "0.01", price: "2000", stop: "1800", target: "2200"))
        #expect(try status("gen-eth") == .new)
        let watcher = try WatcherProcess(sim: sim, db: db, config: config, directory: directory)
        #expect(try await subscribed(watcher), "\(watcher.diagnostics)")
        // BTC falls to 24000: 0.005 × 16000 = 80 USDT, 16% of the 500 the day started with, still unrealised.
        let breach = Timestamp.now()
        try await drill(sim, "/sim/v1/price?symbol=BTCUSDT&price=24000")
        #expect(try await eventually(5) { try Store(path: db).tierState(session: "default").demotedAt != nil }, "\(watcher.diagnostics)")
        let demoted = try Store(path: db).read {
            try Int64.fetchOne($0, sql: "SELECT occurred_at FROM events WHERE type = 'tier.demoted' ORDER BY seq LIMIT 1")
        }
        let delay = (demoted ?? .max) - breach.milliseconds
        #expect(delay < 1000, "demotion \(delay) ms after the breaching price")
        #expect(try await eventually { try status("gen-eth") == .canceled }, "\(watcher.diagnostics)")
        #expect(try await sim.allOrders().allSatisfy { $0["status"]?.string != "NEW" })
        #expect(try Store(path: db).tradingState().0 == .halted)
        #expect(try Store(path: db).requireAccount(session: "default").tier == .sniper)
        #expect(try await eventually { try Store(path: db).openPositions(session: "default").isEmpty }, "\(watcher.diagnostics)")
        #expect(watcher.output.contains("tier.demoted"))
    }

    /// DESIGN §10, protection lives on the exchange: the entry's stop and
    /// target stand on the exchange as one OCO; with every GENESIS process
    /// gone the market falls through the stop and the exchange sells; the
    /// next start books that sale as the stop exit, exactly once.
    @Test func theExchangeSellsAtTheStopWhileGenesisIsDownAndARestartBooksItOnce() async throws {
        try prepare()
        let sim = try SimProcess(["--symbols", "BTCUSDT"])
        try exec(sim, try order("gen-oco", stop: "39000", target: "42000"))
        let open = try await sim.openOrders()
        #expect(Set(open.compactMap { $0["type"]?.string }) == ["STOP_LOSS_LIMIT", "LIMIT_MAKER"], "\(open)")
        let list = open.first?["orderListId"]?.integer ?? -1
        #expect(list >= 0 && open.allSatisfy { $0["orderListId"]?.integer == list })
        #expect(open.allSatisfy { $0["origQty"]?.decimal == Decimal(string: "0.001")! })
        #expect(open.contains { $0["stopPrice"]?.decimal == 39000 && $0["price"]?.decimal == 38610 }, "\(open)")
        let watcher = try WatcherProcess(sim: sim, db: db, config: config, directory: directory)
        #expect(try await subscribed(watcher), "\(watcher.diagnostics)")
        watcher.kill()
        // Nothing of GENESIS runs. The market falls through the stop, not through its limit (38610).
        try await drill(sim, "/sim/v1/price?symbol=BTCUSDT&price=38900")
        let after = try await sim.allOrders()
        #expect(after.contains { $0["type"]?.string == "STOP_LOSS_LIMIT" && $0["status"]?.string == "FILLED" }, "\(after)")
        #expect(after.contains { $0["type"]?.string == "LIMIT_MAKER" && $0["status"]?.string == "CANCELED" }, "\(after)")
        #expect(try await sim.openOrders().isEmpty)
        #expect(try Store(path: db).openPositions(session: "default").count == 1)
        for _ in 0..<2 {
            let reconciled = try TestSupport.run("gen-exec", ["reconcile", "--venue", sim.base, "--db", db], environment: SimProcess.environment)
            #expect(reconciled.status == 0, "\(reconciled.stderr)")
        }
        #expect(try Store(path: db).openPositions(session: "default").isEmpty)
        let exits = try Store(path: db).read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.type, o.purpose, COUNT(f.id) AS trades FROM fills f JOIN orders o ON o.client_order_id = f.client_order_id
                WHERE o.side = 'SELL' GROUP BY o.client_order_id
                """)
        }
        #expect(exits.count == 1)
        #expect(exits.first?["type"] == "STOP_LOSS_LIMIT" && exits.first?["purpose"] == "STOP_LOSS")
        let reason = try Store(path: db).read { try String.fetchOne($0, sql: "SELECT exit_reason FROM positions WHERE entry_client_order_id = 'gen-oco'") }
        #expect(reason == OrderPurpose.stopLoss.rawValue)
        #expect(try Store(path: db).tradingState().0 == .active)
    }

    /// A resting entry filled while the watcher runs is protected by the
    /// watcher; a protection canceled by hand in the exchange's app is a
    /// defect reconcile repairs (placed again), not a reason to halt.
    @Test func theWatcherProtectsWhatFillsAndReconcileRepairsAMissingProtection() async throws {
        try prepare()
        let sim = try SimProcess(["--symbols", "BTCUSDT"])
        try exec(sim, try order("gen-rest-protect", type: .limit, limit: "39500", stop: "38000", target: "41000"))
        let watcher = try WatcherProcess(sim: sim, db: db, config: config, directory: directory)
        #expect(try await subscribed(watcher), "\(watcher.diagnostics)")
        try await drill(sim, "/sim/v1/price?symbol=BTCUSDT&price=39490")
        #expect(try await eventually { try await sim.openOrders().count == 2 }, "\(watcher.diagnostics)")
        #expect(watcher.terminate() == 0)
        // Canceled by hand, behind GENESIS's back.
        try await sim.cancelEverything()
        #expect(try await sim.openOrders().isEmpty)
        let reconciled = try TestSupport.run("gen-exec", ["reconcile", "--venue", sim.base, "--db", db], environment: SimProcess.environment)
        #expect(reconciled.status == 0, "\(reconciled.stderr)")
        #expect(reconciled.stderr.contains("protection was missing"), "\(reconciled.stderr)")
        #expect(try await sim.openOrders().count == 2)
        #expect(try Store(path: db).tradingState().0 == .active)
        // cancel-all keeps the protection of an open position; close-all takes it off with the position.
        #expect(try TestSupport.run("gen-exec", ["cancel-all", "--venue", sim.base, "--db", db], environment: SimProcess.environment).status == 0)
        #expect(try await sim.openOrders().count == 2)
        let closed = try TestSupport.run("gen-exec", ["close-all", "--venue", sim.base, "--db", db, "--confirm", "CLOSE ALL POSITIONS"], environment: SimProcess.environment)
        #expect(closed.status == 0, "\(closed.stderr)")
        #expect(try await sim.openOrders().isEmpty)
        #expect(try Store(path: db).openPositions(session: "default").isEmpty)
        #expect(try Store(path: db).rowCount("orders WHERE status = 'NEW'") == 0)
    }

    /// DESIGN §10, money comes from the exchange: a deposit the exchange
    /// reports is recorded as a deposit, not profit, and sizes the next
    /// entry; a withdrawal that takes the balance under the tier's floor
    /// starts the floor clock. Told twice (a reconnect), each counts once.
    @Test func aDepositMovesTheBalanceAndSizingNotTheProfitAndAWithdrawalUnderTheFloorStartsItsClock() async throws {
        try prepare() // HUNTER with 500 USDT: under HUNTER's floor of 2,000
        let sim = try SimProcess(["--symbols", "BTCUSDT"])
        let watcher = try WatcherProcess(sim: sim, db: db, config: config, directory: directory)
        #expect(try await subscribed(watcher), "\(watcher.diagnostics)")
        func size(_ id: String) throws -> Decimal? {
            let signal = #"{"v":1,"type":"signal","ts":\#(Timestamp.now().milliseconds),"id":"\#(id)","strategy":"manual","symbol":"BTCUSDT","side":"BUY","price":"40000","stop":"39000","reason":"sizing check"}"#
            let judged = try TestSupport.run("gen-risk", ["--no-sync", "--db", db], stdin: Data((signal + "\n").utf8))
            let order = judged.stdout.split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8)) }.first { $0["type"]?.string == "order" }
            #expect(order != nil, "\(judged.stdout) \(judged.stderr)")
            return order?["quantity"]?.decimal
        }
        func account() throws -> JSONValue {
            try JSONValue.parse(Data(try TestSupport.run("gen-risk", ["account", "--json", "--db", db]).stdout.utf8))
        }
        let before = try size("size-before")
        let gap = try account()["exchange_difference"]?.decimal // the sim funds 10,000; the account opened at 500
        try await drill(sim, "/sim/v1/deposit?asset=USDT&amount=1000")
        #expect(try await eventually { try Store(path: db).requireAccount().balance == 1500 }, "\(watcher.diagnostics)")
        let shown = try account()
        #expect(shown["deposits"]?.decimal == 1000 && shown["day_pnl"]?.decimal == 0 && shown["peak_balance"]?.decimal == 1500, "\(shown)")
        // The exchange's side moved by the same 1,000 (its account event), so the difference did not.
        #expect(try await eventually { try account()["exchange_difference"]?.decimal == gap }, "\(watcher.diagnostics)")
        let after = try size("size-after")
        #expect(before != nil && after != nil && after! > before! * 2, "sized \(String(describing: before)) then \(String(describing: after))")
        // Another 1,000 lifts the account over HUNTER's floor of 2,000: its clock stops.
        try await drill(sim, "/sim/v1/deposit?asset=USDT&amount=1000")
        #expect(try await eventually { try Store(path: db).tierState().belowFloorSince == nil }, "\(watcher.diagnostics)")
        // 1,000 out: 1,500 is under the 2,000 floor, and the clock starts.
        try await drill(sim, "/sim/v1/deposit?asset=USDT&amount=-1000")
        #expect(try await eventually { try Store(path: db).tierState().belowFloorSince != nil }, "\(watcher.diagnostics)")
        #expect(try Store(path: db).requireAccount().balance == 1500)
        let text = try TestSupport.run("gen-risk", ["account", "--db", db]).stdout
        #expect(text.contains("+2000 / -1000 USDT") && text.contains("below the tier floor since"), "\(text)")
        // A reconnect re-reads nothing twice; the record stays intact.
        try await drill(sim, "/sim/v1/streams/drop")
        #expect(try await eventually { try (heartbeat()?.reconnects ?? 0) >= 1 && heartbeat()?.streamConnected == true })
        #expect(try Store(path: db).rowCount("account_transfers") == 3)
        #expect(try Store(path: db).rowCount("events WHERE type IN ('account.deposit', 'account.withdrawal')") == 3)
        #expect(watcher.terminate() == 0)
        // The balance, peak and day figures the transfers set are vouched for by their events
        // (the tier is not: prepare() promoted the account by hand).
        let findings = try Store(path: db).verifyRecord().findings.filter { !$0.message.hasPrefix("tier is") }
        #expect(findings.isEmpty, "\(findings)")
    }
}
