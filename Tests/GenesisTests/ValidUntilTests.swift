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

/// An order carrying its opportunity's `valid_until` (simple arbitrage) is
/// never filled after it: not when it reaches gen-exec late, not when the
/// next price comes late.
@Suite struct ValidUntilTests: TemporaryDatabase {
    let directory = TestSupport.temporaryDirectory()
    static let t0: Int64 = 1_704_067_200_000

    func order(_ id: String, ts: Int64, validFor: Int64) throws -> String {
        let line = TestLines.order(id, ts: ts, strategy: "simple_arbitrage", symbol: "ETHUSDT", quantity: "0.01", price: "2000", stop: "1980", target: "2010",
                                   validUntil: ts + validFor)
        try TestSupport.approve(orderLine: line, db: db)
        return line
    }

    func book(ts: Int64) -> String {
        #"{"v":1,"type":"book","ts":\#(ts),"symbol":"ETHUSDT","bid":"1999.9","bid_qty":"5","ask":"2000","ask_qty":"5"}"#
    }

    func exec(_ lines: [String]) throws -> TestSupport.Outcome {
        try TestSupport.run("gen-exec", ["--venue", "paper", "--db", db], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    @Test func aPriceWithinTheLifeFillsAndOneAfterItExpiresTheOrder() throws {
        #expect(try TestSupport.run("gen-risk", ["account", "init", "--balance", "500", "--at", "2024-01-01", "--db", db]).status == 0)
        let outcome = try exec([try order("gen-in-time", ts: Self.t0, validFor: 5000), book(ts: Self.t0 + 1000),
                                try order("gen-too-late", ts: Self.t0 + 2000, validFor: 5000), book(ts: Self.t0 + 9000)])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let store = try Store(path: db)
        #expect(try store.orderStatus(clientOrderID: "gen-in-time") == .filled)
        #expect(try store.orderStatus(clientOrderID: "gen-too-late") == .expired)
        #expect(outcome.stdout.contains(#""rule":"signal.expired""#))
    }

    @Test func anOrderArrivingAfterItsLifeIsNotSent() throws {
        #expect(try TestSupport.run("gen-risk", ["account", "init", "--balance", "500", "--at", "2024-01-01", "--db", db]).status == 0)
        // The stream is already 10 s past the order's life when the order comes.
        let outcome = try exec([book(ts: Self.t0 + 20_000), try order("gen-stale", ts: Self.t0, validFor: 5000), book(ts: Self.t0 + 21_000)])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try Store(path: db).orderStatus(clientOrderID: "gen-stale") == .rejected)
        #expect(outcome.stdout.contains(#""stage":"gen-exec""#))
    }
}
