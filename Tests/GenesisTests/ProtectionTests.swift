import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisSimulator

/// DESIGN §10, protection lives on the exchange: the stop and target of an
/// open position stand on the exchange at the position's size, and every
/// other exit takes them off first.
@Suite(.serialized) struct ProtectionTests {
    static let entryID = "gen-protect-entry"

    func entry(quantity: String = "0.01", target: Decimal? = 42000) -> OrderIntent {
        OrderIntent(clientOrderID: Self.entryID, ts: .now(), session: "default", signalID: "sig-protect", strategy: "momentum_breakout", symbol: "BTCUSDT",
                    side: .buy, purpose: .entry, quantity: Decimal(string: quantity)!, referencePrice: 40000, stop: 39000, target: target)
    }

    /// What the store and the exchange hold as protection after each step.
    struct Standing: Sendable {
        var legs: [OrderIntent]
        var open: [JSONValue]
    }

    @Test func anEntryIsProtectedByAnOCOThatFollowsPartialExitsAndLeavesWithThePosition() async throws {
        let sim = try await LocalSim(price: 40000)
        let http = AsyncHTTPClientBox()
        let store = try TestSupport.makeStore(balance: 5000, openedAt: .now())
        let gateway = sim.gateway(state: store, http: http)
        @Sendable func standing() throws -> Standing {
            let open = try runBlocking { try await gateway.openOrders(symbol: nil) }.array ?? []
            return Standing(legs: try store.pendingOrders(session: "default").filter { $0.protects == Self.entryID }, open: open)
        }
        // ExchangeVenue blocks its caller on network work: it runs on a thread of its own here.
        let (entered, afterEntry, afterCut, afterExit, exitOutputs) = try await TestSupport.onThread {
            let venue = try ExchangeVenue(name: "sim", gateway: gateway, ledger: store, session: "default", logger: .init(label: "test"), pause: { _ in })
            let entered = try venue.submit(entry())
            let afterEntry = try standing()
            // A deleveraging cut sells half: the protection is canceled first and placed again for what is left.
            _ = try venue.reduce(share: Decimal(string: "0.5")!, only: nil, origin: "deleverage:test", at: .now())
            let afterCut = try standing()
            // A sell signal closes the rest: nothing is left standing.
            let exit = OrderIntent(clientOrderID: "gen-protect-exit", ts: .now(), session: "default", signalID: "sig-exit", strategy: "momentum_breakout",
                                   symbol: "BTCUSDT", side: .sell, purpose: .exit, quantity: 1, referencePrice: 40000, stop: nil, target: nil)
            let exitOutputs = try venue.submit(exit)
            return (entered, afterEntry, afterCut, try standing(), exitOutputs)
        }
        #expect(entered.contains { if case let .accepted(order) = $0 { order.type == .stopLossLimit } else { false } })
        #expect(afterEntry.legs.map(\.type).sorted { $0.rawValue < $1.rawValue } == [.limitMaker, .stopLossLimit])
        #expect(afterEntry.legs.allSatisfy { $0.quantity == Decimal(string: "0.01")! })
        let stopLeg = try #require(afterEntry.legs.first { $0.type == .stopLossLimit })
        #expect(stopLeg.triggerPrice == 39000 && stopLeg.limitPrice == 38610)
        #expect(afterEntry.legs.first { $0.type == .limitMaker }?.limitPrice == 42000)
        #expect(afterEntry.open.count == 2)
        #expect(Set(afterEntry.open.compactMap { $0["clientOrderId"]?.string }) == Set(afterEntry.legs.map(\.clientOrderID)))

        #expect(afterCut.legs.count == 2)
        #expect(afterCut.legs.allSatisfy { $0.quantity == Decimal(string: "0.005")! })
        #expect(afterCut.open.allSatisfy { $0["origQty"]?.decimal == Decimal(string: "0.005")! })
        #expect(Set(afterCut.legs.map(\.clientOrderID)).isDisjoint(with: afterEntry.legs.map(\.clientOrderID)))
        for leg in afterEntry.legs { #expect(try store.orderStatus(clientOrderID: leg.clientOrderID) == .canceled) }

        #expect(afterExit.legs.isEmpty)
        #expect(afterExit.open.isEmpty)
        #expect(exitOutputs.contains { if case let .filled(fill) = $0 { fill.order.clientOrderID == "gen-protect-exit" } else { false } })
        // Canceling a protection is not a refusal: no rejection line for its legs.
        #expect(!exitOutputs.contains { if case .rejected = $0 { true } else { false } })
        #expect(try store.openPositions(session: "default").isEmpty)
        await http.shutdown()
    }

    @Test func withoutATargetALoneStopLimitProtects() async throws {
        let sim = try await LocalSim(price: 40000)
        let http = AsyncHTTPClientBox()
        let store = try TestSupport.makeStore(balance: 5000, openedAt: .now())
        let gateway = sim.gateway(state: store, http: http)
        let legs = try await TestSupport.onThread {
            let venue = try ExchangeVenue(name: "sim", gateway: gateway, ledger: store, session: "default", logger: .init(label: "test"), pause: { _ in })
            _ = try venue.submit(entry(target: nil))
            return try store.pendingOrders(session: "default").filter { $0.protects == Self.entryID }
        }
        #expect(legs.map(\.type) == [.stopLossLimit])
        let open = try await gateway.openOrders(symbol: "BTCUSDT").array ?? []
        #expect(open.count == 1 && open.first?["type"]?.string == "STOP_LOSS_LIMIT" && open.first?["orderListId"]?.integer == -1)
        await http.shutdown()
    }

    /// An OCO the exchange took but answered with a 5xx is looked up by its
    /// legs' client ids at once: it stands, and is never sent twice.
    @Test func aProtectionWhoseAnswerIsLostIsFoundByItsClientIDs() async throws {
        var faults = SimFaults()
        faults.failAfterAcceptRate = 1 // every order executes, then its answer is a 503
        let sim = try await LocalSim(faults: faults, price: 40000)
        let http = AsyncHTTPClientBox()
        let store = try TestSupport.makeStore(balance: 5000, openedAt: .now())
        let gateway = sim.gateway(state: store, http: http)
        let legs = try await TestSupport.onThread {
            let venue = try ExchangeVenue(name: "sim", gateway: gateway, ledger: store, session: "default", logger: .init(label: "test"), pause: { _ in })
            _ = try venue.submit(entry())
            return try store.pendingOrders(session: "default").filter { $0.protects == Self.entryID }
        }
        #expect(legs.count == 2)
        let open = try await gateway.openOrders(symbol: "BTCUSDT").array ?? []
        #expect(open.count == 2 && Set(open.compactMap { $0["clientOrderId"]?.string }) == Set(legs.map(\.clientOrderID)))
        await http.shutdown()
    }

    @Test func healthWarnsOfALivePositionWithoutAStopOnTheExchange() async throws {
        let sim = try await LocalSim(price: 40000)
        let http = AsyncHTTPClientBox()
        let store = try TestSupport.makeStore(balance: 5000, openedAt: .now())
        _ = try store.bindLiveAccount(venue: "sim", restBase: sim.base, exchangeAccount: "uid:1", at: .now())
        let gateway = sim.gateway(state: store, http: http)
        let (protected, unprotected) = try await TestSupport.onThread {
            let venue = try ExchangeVenue(name: "sim", gateway: gateway, ledger: store, session: "default", logger: .init(label: "test"), pause: { _ in })
            _ = try venue.submit(entry())
            let protected = HealthReport(inputs: try store.healthInputs(), now: .now()).warnings
            _ = try venue.unprotect("BTCUSDT")
            return (protected, HealthReport(inputs: try store.healthInputs(), now: .now()).warnings)
        }
        #expect(!protected.contains { $0.contains("no stop on the exchange") }, "\(protected)")
        #expect(unprotected.contains { $0.hasPrefix("BTCUSDT has no stop on the exchange") }, "\(unprotected)")
        await http.shutdown()
    }

    @Test func theLegsHaveDeterministicIdsPerVersion() {
        let first = ExchangeVenue.protectionID(session: "default", entry: "gen-a", version: 1, number: 1)
        #expect(first == ExchangeVenue.protectionID(session: "default", entry: "gen-a", version: 1, number: 1))
        let ids = (1...3).flatMap { version in (0...2).map { ExchangeVenue.protectionID(session: "default", entry: "gen-a", version: version, number: $0) } }
        #expect(Set(ids).count == 9)
        #expect(ids.allSatisfy(ClientOrderID.isValid))
    }
}
