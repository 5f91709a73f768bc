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

/// DESIGN §3.4: positions moving together at |ρ| ≥ 0.95 are one bet held twice; the newer one is cut.
@Suite struct CorrelationReductionTests: TemporaryDatabase {
    let directory = TestSupport.temporaryDirectory()
    static let start: Int64 = 1_704_067_200_000 // 2024-01-01T00:00Z
    static let hour: Int64 = 3_600_000

    /// BTC wanders; ETH is BTC / 20 (ρ = 1), SOL wanders its own way.
    static func close(_ symbol: String, _ index: Int) -> Decimal {
        let btc = Decimal(40_000 + (index * 37 % 11) * 100 - (index % 3) * 150)
        switch symbol {
        case "BTCUSDT": return btc
        case "ETHUSDT": return btc / 20
        default: return Decimal(100 + (index * 53 % 7) * 2 - (index % 5))
        }
    }

    func candleLine(_ symbol: String, _ index: Int) -> String {
        let open = Self.start + Int64(index) * Self.hour, price = Self.close(symbol, index).plainText
        return TestLines.candle(symbol: symbol, openTime: open, open: price, high: price, low: price, close: price)
    }

    func orderLine(_ id: String, _ symbol: String, _ index: Int, quantity: String) throws -> String {
        let price = Self.close(symbol, index)
        let line = TestLines.order(id, ts: Self.start + Int64(index + 1) * Self.hour, symbol: symbol, quantity: quantity, price: price.plainText,
                                   stop: (price * Decimal(string: "0.5")!).plainText, target: (price * 2).plainText)
        try TestSupport.approve(orderLine: line, db: db)
        return line
    }

    func prepare() throws {
        #expect(try TestSupport.run("gen-risk", ["account", "init", "--balance", "1000", "--at", "2024-01-01", "--db", db]).status == 0)
        let store = try Store(path: db)
        for symbol in ["BTCUSDT", "ETHUSDT", "SOLUSDT"] {
            let rows = (0..<80).map { index -> KlineRow in
                let price = Self.close(symbol, index).plainText
                return KlineRow(openTime: Self.start + Int64(index) * Self.hour, open: price, high: price, low: price, close: price, volume: "10")
            }
            _ = try store.insertCandles(symbol: symbol, interval: Interval("1h")!, rows: rows)
        }
    }

    func run(_ lines: [String]) throws -> TestSupport.Outcome {
        try TestSupport.run("gen-exec", ["--venue", "paper", "--db", db], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    func quantity(_ symbol: String) throws -> Decimal? {
        try Store(path: db).openPositions(session: "default").first { $0.symbol == symbol }?.quantity
    }

    @Test func theNewerOfTwoPositionsMovingTogetherIsCutOnce() throws {
        try prepare()
        let first = try run([try orderLine("gen-btc", "BTCUSDT", 70, quantity: "0.001"), candleLine("BTCUSDT", 71),
                             try orderLine("gen-eth", "ETHUSDT", 71, quantity: "0.02"), candleLine("ETHUSDT", 72),
                             candleLine("ETHUSDT", 73)]) // the cut is a market sell: it fills at the next price
        #expect(first.status == 0, "gen-exec: \(first.stderr)")
        #expect(first.stdout.contains("risk.correlation_reduced"))
        #expect(try quantity("BTCUSDT") == Decimal(string: "0.001"))   // the older position is kept whole
        #expect(try quantity("ETHUSDT") == Decimal(string: "0.01"))    // the newer one is halved
        // Later fills and hours do not cut it again.
        let later = try run([candleLine("ETHUSDT", 74), candleLine("BTCUSDT", 75), candleLine("ETHUSDT", 76), candleLine("ETHUSDT", 77)])
        #expect(later.status == 0, "gen-exec: \(later.stderr)")
        #expect(try quantity("ETHUSDT") == Decimal(string: "0.01"))
        let events = try Store(path: db).rowCount("events WHERE type = 'risk.correlation_reduced'")
        #expect(events == 1)
    }

    @Test func positionsThatDoNotMoveTogetherAreLeftAlone() throws {
        try prepare()
        let outcome = try run([try orderLine("gen-btc", "BTCUSDT", 70, quantity: "0.001"), candleLine("BTCUSDT", 71),
                               try orderLine("gen-sol", "SOLUSDT", 71, quantity: "0.3"), candleLine("SOLUSDT", 72)])
        #expect(outcome.status == 0, "gen-exec: \(outcome.stderr)")
        #expect(!outcome.stdout.contains("risk.correlation_reduced"))
        #expect(try quantity("SOLUSDT") == Decimal(string: "0.3"))
    }
}
