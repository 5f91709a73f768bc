import Foundation
import GRDB
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisSimulator
@testable import GenesisCommandLine

/// The trader's hands (issue 17, item 4): `gen-exec order`, `cancel` and
/// `amend` against gen-sim over real HTTP, running the real executables,
/// and what the tilt detector makes of them (`gen-tilt status --json`).
@Suite(.serialized) struct ManualOrderTests: TemporaryDatabase {
    let directory = TestSupport.temporaryDirectory()

    // The commands run on a thread of their own (`TestSupport.onThread`): waiting for a
    // process on the cooperative pool would starve the in-process servers of suites
    // running alongside.
    func prepare(tier: Tier? = nil) async throws {
        let db = db
        let created = try await TestSupport.onThread { try TestSupport.run("gen-risk", ["account", "init", "--balance", "500", "--db", db]) }
        #expect(created.status == 0)
        if let tier {
            try Store(path: db).write { try $0.execute(sql: "UPDATE accounts SET tier = ?", arguments: [tier.rawValue]) }
        }
    }

    func exec(_ sim: SimProcess, _ arguments: [String]) async throws -> TestSupport.Outcome {
        let db = db, base = sim.base
        return try await TestSupport.onThread { try TestSupport.run("gen-exec", arguments + ["--venue", base, "--db", db], environment: SimProcess.environment) }
    }

    /// The indicators `gen-tilt status --json` reports, with their evidence.
    func tiltIndicators() async throws -> [(name: String, evidence: String)] {
        let db = db
        let status = try await TestSupport.onThread { try TestSupport.run("gen-tilt", ["status", "--json", "--db", db]) }
        #expect(status.status == 0, "gen-tilt: \(status.stderr)")
        let json = try JSONValue.parse(Data(status.stdout.utf8))
        return (json["indicators"]?.array ?? []).map { ($0["indicator"]?.string ?? "", $0["evidence"]?.string ?? "") }
    }

    /// The orders resting on the sim that GENESIS did not place as protection.
    func restingLimits(_ sim: SimProcess) async throws -> [JSONValue] {
        try await sim.openOrders().filter { $0["type"]?.string == "LIMIT" }
    }

    /// One text value from the store (synchronous, so async tests read it plainly).
    func text(_ sql: String, _ arguments: StoreArguments = []) throws -> String? {
        try Store(path: db).read { try String.fetchOne($0, sql: sql, arguments: arguments) }
    }

    func executionID(_ stdout: String) throws -> String {
        let line = try #require(stdout.split(separator: "\n").last { $0.contains(#""type":"execution""#) })
        return try #require(try JSONValue.parse(Data(line.utf8))["client_order_id"]?.string)
    }

    @Test func aBuyIsSizedByTheRulesASellSellsPartAndARetryPlacesNothing() async throws {
        try await prepare()
        let sim = try SimProcess()
        let buy = ["order", "BTCUSDT", "BUY", "0.01", "--reason", "breakout by hand", "--id", "hand-1"]
        let bought = try await exec(sim, buy)
        #expect(bought.status == 0, "\(bought.stderr)")
        // 5% of 500 at 40000 is 0.00062 BTC: the request of 0.01 is sized down, and the output says so.
        #expect(bought.stdout.contains("bought 0.00062 BTCUSDT"), "\(bought.stdout)")
        #expect(bought.stdout.contains("sized down from 0.01 by the risk engine"), "\(bought.stdout)")
        #expect(try await sim.tradedOrders().count == 1)
        // The same command again (a retry) finds its order: nothing new is sent.
        let again = try await exec(sim, buy)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("already placed"), "\(again.stdout)")
        #expect(try await sim.tradedOrders().count == 1)
        // Recorded as the trader's own: a manual override for the tilt detector.
        #expect(try await tiltIndicators().contains { $0.name == "manual_override" && $0.evidence.contains("manual entry") })
        let sold = try await exec(sim, ["order", "BTCUSDT", "SELL", "0.0003", "--reason", "half off by hand", "--json"])
        #expect(sold.status == 0, "\(sold.stderr)")
        #expect(sold.stdout.contains(#""status":"FILLED""#), "\(sold.stdout)")
        #expect(try await sim.tradedOrders().count == 2)
        let position = try Store(path: db).openPositions(session: Account.defaultSession).first
        #expect(position?.quantity == Decimal(string: "0.00032"))
    }

    @Test func aRefusedOrderExitsSixNamingTheRule() async throws {
        try await prepare()
        let sim = try SimProcess()
        // Limit orders open at HUNTER; a new account is SNIPER.
        let refused = try await exec(sim, ["order", "BTCUSDT", "BUY", "0.0005", "--limit", "39000", "--reason", "resting bid by hand"])
        #expect(refused.status == 6)
        #expect(refused.stderr.contains("tier.order_type"), "\(refused.stderr)")
        let nothingHeld = try await exec(sim, ["order", "BTCUSDT", "SELL", "0.0005", "--reason", "selling what is not held"])
        #expect(nothingHeld.status == 6)
        #expect(nothingHeld.stderr.contains("spot.no_short_selling"), "\(nothingHeld.stderr)")
        #expect(try await sim.allOrders().isEmpty)
    }

    @Test func aRestingLimitIsAmendedInPlaceThenReplacedThenCanceledAndBargainingRises() async throws {
        try await prepare(tier: .hunter)
        let sim = try SimProcess()
        let placed = try await exec(sim, ["order", "BTCUSDT", "BUY", "0.0006", "--limit", "39000", "--reason", "resting bid by hand", "--json"])
        #expect(placed.status == 0, "\(placed.stderr)")
        let first = try executionID(placed.stdout)
        #expect(try await restingLimits(sim).map { $0["clientOrderId"]?.string } == [first])
        // A lower quantity: the same order on the exchange, keeping its place.
        let smaller = try await exec(sim, ["amend", first, "--quantity", "0.0005"])
        #expect(smaller.status == 0, "\(smaller.stderr)")
        #expect(smaller.stdout.contains("in place"), "\(smaller.stdout)")
        var resting = try await restingLimits(sim)
        #expect(resting.count == 1 && resting[0]["clientOrderId"]?.string == first && resting[0]["origQty"]?.decimal == Decimal(string: "0.0005"))
        // A new price: cancel-replace, under an id derived from the first order and the amend counter.
        let repriced = try await exec(sim, ["amend", first, "--price", "39100", "--json"])
        #expect(repriced.status == 0, "\(repriced.stderr)")
        let second = try executionID(repriced.stdout)
        #expect(second == ClientOrderID.derive(session: Account.defaultSession, origin: "amend:\(first):2"))
        resting = try await restingLimits(sim)
        #expect(resting.count == 1 && resting[0]["clientOrderId"]?.string == second && resting[0]["price"]?.decimal == 39100)
        #expect(try Store(path: db).orderStatus(clientOrderID: first) == .canceled)
        #expect(try await !tiltIndicators().contains { $0.name == "bargaining" })
        // The third amend within minutes: bargaining.
        let third = try await exec(sim, ["amend", second, "--price", "39050"])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try await tiltIndicators().contains { $0.name == "bargaining" && $0.evidence.contains("3 order amendments") })
        // Cancel the order now resting, by hand: gone on the exchange, the trader's cancel in the store.
        let current = try #require(try await restingLimits(sim).first?["clientOrderId"]?.string)
        let canceled = try await exec(sim, ["cancel", current])
        #expect(canceled.status == 0, "\(canceled.stderr)")
        #expect(try await restingLimits(sim).isEmpty)
        #expect(try Store(path: db).orderStatus(clientOrderID: current) == .canceled)
        let by = try text("SELECT json_extract(payload, '$.by') FROM events WHERE type = 'order.canceled' AND aggregate_id = ? ORDER BY seq DESC LIMIT 1", [current])
        #expect(by == "trader")
        // The store and the exchange still agree.
        #expect(try await exec(sim, ["reconcile"]).status == 0)
    }

    @Test func theProtectionOfAPositionCannotBeCanceledByHand() async throws {
        try await prepare()
        let sim = try SimProcess()
        #expect(try await exec(sim, ["order", "BTCUSDT", "BUY", "0.001", "--reason", "entry by hand"]).status == 0)
        let stop = try #require(try text("SELECT client_order_id FROM orders WHERE protects IS NOT NULL AND status = 'NEW' LIMIT 1"))
        let refused = try await exec(sim, ["cancel", stop])
        #expect(refused.status == 6)
        #expect(refused.stderr.contains("protecting the BTCUSDT position"), "\(refused.stderr)")
        #expect(try await sim.openOrders().count >= 1)
    }

    @Test func anAcknowledgedAppTradeCountsAsAManualOverride() async throws {
        try await prepare()
        let sim = try SimProcess()
        #expect(try await exec(sim, ["order", "BTCUSDT", "BUY", "0.001", "--reason", "entry by hand"]).status == 0)
        try await sim.tradeOutsideGenesis()
        #expect(try await exec(sim, ["reconcile"]).status == 7)
        #expect(try await !tiltIndicators().contains { $0.evidence.contains("outside GENESIS") })
        let acknowledged = try await exec(sim, ["reconcile", "--acknowledge-trades", "bought in the Binance app"])
        #expect(acknowledged.status == 0, "\(acknowledged.stderr)")
        #expect(try await tiltIndicators().contains { $0.name == "manual_override" && $0.evidence.contains("A trade made outside GENESIS") })
    }
}
