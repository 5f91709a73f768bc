import Foundation
import GRDB
import Testing
@testable import GenesisDomain
@testable import GenesisStore

/// Worked entries on the paper venue: each slice its own order with live's
/// id, filled at the price of the candle it was worked on, with the
/// algorithm's rules (iceberg aborts, TWAP's volume cap and early finish)
/// applied to the data, continued after a restart without doubling.
@Suite struct PaperWorkedOrderTests {
    static let start = Timestamp(parsing: "2024-03-01T00:00:00Z")!
    let store: Store

    init() throws {
        store = try TestSupport.makeStore(balance: 5000, openedAt: Self.start)
    }

    func d(_ text: String) -> Decimal { Decimal(string: text)! }
    func at(_ minute: Int64) -> Timestamp { Self.start.adding(milliseconds: minute * 60_000) }

    /// Icebergs of exactly `slices` equal slices a minute apart, so each
    /// slice meets a candle of its own; TWAPs of five equal slices over five minutes.
    static func config(slices: Int = 3) -> GenesisConfig {
        var config = GenesisConfig()
        config.execution.icebergMinSlices = slices
        config.execution.icebergMaxSlices = slices
        config.execution.icebergSizeJitter = 0
        config.execution.icebergMinDelaySeconds = 60
        config.execution.icebergMaxDelaySeconds = 60
        config.execution.twapSlices = 5
        config.execution.twapMinMinutes = 5
        config.execution.twapMaxMinutes = 5
        config.execution.twapTimingJitter = 0
        return config
    }

    func venue(_ config: GenesisConfig = Self.config()) throws -> PaperVenue {
        try PaperVenue(ledger: store, paper: config.paper, session: "s", config: config)
    }

    func order(_ id: String, _ algorithm: ExecutionAlgorithm, quantity: String = "0.015", stop: String = "39000", at minute: Int64 = 1) -> OrderIntent {
        var order = OrderIntent(clientOrderID: id, ts: at(minute), session: "s", signalID: "sig-\(id)", strategy: "momentum_breakout", symbol: "BTCUSDT",
                                side: .buy, purpose: .entry, quantity: d(quantity), referencePrice: 40000, stop: d(stop), target: d("44000"))
        order.algorithm = algorithm
        return order
    }

    /// The minute-long candle starting at `minute`.
    func candle(_ venue: PaperVenue, _ minute: Int64, open: String, close: String? = nil, low: String? = nil, volume: String = "100") throws -> PaperVenue.CandleOutcome {
        let close = close ?? open
        let low = low ?? min(d(open), d(close)).plainText
        return try venue.onCandle(symbol: "BTCUSDT", openTime: at(minute), closeTime: at(minute + 1), open: d(open), high: max(d(open), d(close)),
                                  low: d(low), close: d(close), volume: d(volume))
    }

    func fills(_ outputs: [VenueOutput]) -> [FillRecord] {
        outputs.compactMap { if case let .filled(fill) = $0 { fill } else { nil } }
    }

    func slice(_ parent: String, _ number: Int) -> String { ClientOrderID.derive(session: "s", origin: parent, slice: number) }

    func storedFills() throws -> Int { try store.rowCount("fills") }

    @Test func slicedMarketBuysThreeSlicesAtTheFirstOpen() throws {
        let venue = try venue()
        let parent = order("gen-sliced", .slicedMarket)
        #expect(try venue.submit(parent) == [.accepted(parent)])
        #expect(venue.isWatching("BTCUSDT"))
        let bought = fills(try candle(venue, 1, open: "40000").atOpen)
        // SNIPER's three equal market slices, sent together: 40000 × 1.0005.
        #expect(bought.map(\.order.clientOrderID) == [slice("gen-sliced", 1), slice("gen-sliced", 2), slice("gen-sliced", 3)])
        #expect(bought.map(\.quantity) == [d("0.005"), d("0.005"), d("0.005")])
        #expect(bought.map(\.price) == [d("40020"), d("40020"), d("40020")])
        #expect(bought.map(\.fee) == [d("0.2001"), d("0.2001"), d("0.2001")])
        #expect(venue.positions["BTCUSDT"]?.quantity == d("0.015"))
        #expect(venue.positions["BTCUSDT"]?.entryClientOrderID == "gen-sliced")
        #expect(try store.orderStatus(clientOrderID: "gen-sliced") == .filled)
        #expect(try store.execution(clientOrderID: "gen-sliced")?.quantity == d("0.015"))
        #expect(try storedFills() == 3)
        #expect(try store.rowCount("orders WHERE parent_client_order_id = 'gen-sliced'") == 3)
    }

    @Test func icebergSlicesFillAtTheCandlesTheyWereWorkedOver() throws {
        let venue = try venue()
        _ = try venue.submit(order("gen-ice", .iceberg))
        var bought: [FillRecord] = []
        bought += fills(try candle(venue, 1, open: "40000", close: "40010").all)
        bought += fills(try candle(venue, 2, open: "40010", close: "40020").all)
        bought += fills(try candle(venue, 3, open: "40020", close: "40030").all)
        #expect(bought.map(\.order.clientOrderID) == (1...3).map { slice("gen-ice", $0) })
        #expect(bought.map(\.quantity) == [d("0.005"), d("0.005"), d("0.005")])
        // Each open moved by 5 bps to the tick, inside the limit at the previous close's ask.
        #expect(bought.map(\.price) == [d("40020"), d("40030.01"), d("40040.01")])
        #expect(bought.map(\.executedAt) == [at(1), at(2), at(3)])
        let position = try #require(venue.positions["BTCUSDT"])
        #expect(position.quantity == d("0.015"))
        #expect(position.entryPrice == d("40030.00666667"))
        #expect(try store.orderStatus(clientOrderID: "gen-ice") == .filled)
        #expect(try store.execution(clientOrderID: "gen-ice")?.quantity == d("0.015"))
        #expect(try storedFills() == 3)
        // Done: nothing more is bought.
        #expect(fills(try candle(venue, 4, open: "40030").all).isEmpty)
    }

    @Test func icebergStopsWhenAverageSlippagePassesTheLimit() throws {
        let venue = try venue()
        _ = try venue.submit(order("gen-ice-slip", .iceberg))
        let first = fills(try candle(venue, 1, open: "40300").all)
        // 40300 × 1.0005 = 40320.15: 0.80% above the 40000 reference, past 0.5%.
        #expect(first.map(\.price) == [d("40320.15")])
        #expect(try store.orderStatus(clientOrderID: "gen-ice-slip") == .canceled)
        #expect(try store.execution(clientOrderID: "gen-ice-slip")?.quantity == d("0.005"))
        let reason = try store.read { try String.fetchOne($0, sql: "SELECT reject_reason FROM orders WHERE client_order_id = 'gen-ice-slip'") }
        #expect(reason?.contains("average slippage 0.8%") == true, "\(reason ?? "nil")")
        #expect(fills(try candle(venue, 2, open: "40300").all).isEmpty)
        #expect(venue.positions["BTCUSDT"]?.quantity == d("0.005"))
        #expect(try storedFills() == 1)
    }

    @Test func icebergStopsAfterThreeSlicesTheMarketLeftBehind() throws {
        let venue = try venue(Self.config(slices: 5))
        _ = try venue.submit(order("gen-ice-run", .iceberg))
        #expect(fills(try candle(venue, 1, open: "40000").all).map(\.price) == [d("40020")])
        // Each open above the previous close: the IOC at the old touch buys nothing.
        for (minute, open) in [(2, "40010"), (3, "40020"), (4, "40030")] {
            let outputs = try candle(venue, Int64(minute), open: open).all
            #expect(fills(outputs).isEmpty)
            #expect(outputs.contains { if case .rejected = $0 { true } else { false } })
        }
        #expect(try store.orderStatus(clientOrderID: slice("gen-ice-run", 2)) == .expired)
        #expect(try store.orderStatus(clientOrderID: "gen-ice-run") == .canceled)
        #expect(try store.execution(clientOrderID: "gen-ice-run")?.quantity == d("0.003"))
        #expect(fills(try candle(venue, 5, open: "40030").all).isEmpty)
        #expect(try store.orderStatus(clientOrderID: slice("gen-ice-run", 5)) == nil)
    }

    @Test func twapVolumeCapCarriesTheRemainderToLaterSlices() throws {
        let venue = try venue()
        _ = try venue.submit(order("gen-twap", .twap, quantity: "0.05"))
        var bought: [FillRecord] = []
        // 10% of 0.06 traded: 0.006 of the first 0.01 slice; the 0.004 left rides on the next.
        bought += fills(try candle(venue, 1, open: "40000", volume: "0.06").all)
        for minute in 2...5 { bought += fills(try candle(venue, Int64(minute), open: "40000", volume: "1").all) }
        #expect(bought.map(\.quantity) == [d("0.006"), d("0.014"), d("0.01"), d("0.01"), d("0.01")])
        #expect(bought.map(\.price) == Array(repeating: d("40020"), count: 5))
        #expect(bought.map(\.executedAt) == (1...5).map { at(Int64($0)) })
        #expect(try store.orderStatus(clientOrderID: "gen-twap") == .filled)
        #expect(venue.positions["BTCUSDT"]?.quantity == d("0.05"))
    }

    @Test func twapFinishesEarlyWhenThePriceImproves() throws {
        let venue = try venue()
        _ = try venue.submit(order("gen-twap-early", .twap, quantity: "0.05"))
        let first = fills(try candle(venue, 1, open: "40000", volume: "1").all)
        // 39900 is 0.25% under the reference: everything left goes at once.
        let second = fills(try candle(venue, 2, open: "39900", volume: "1").all)
        #expect(first.map(\.quantity) == [d("0.01")])
        #expect(second.map(\.quantity) == [d("0.04")])
        #expect(second.map(\.price) == [d("39919.95")])
        #expect(try store.orderStatus(clientOrderID: "gen-twap-early") == .filled)
        #expect(fills(try candle(venue, 3, open: "39900", volume: "1").all).isEmpty)
    }

    @Test func aRestartContinuesThePlanWithoutBuyingASliceTwice() throws {
        let first = try venue()
        _ = try first.submit(order("gen-ice-restart", .iceberg))
        #expect(fills(try candle(first, 1, open: "40000", close: "40010").all).count == 1)

        // A new venue on the same store: slice 1 is in the store, the plan too.
        let second = try venue()
        #expect(second.isWatching("BTCUSDT"))
        #expect(try second.submit(order("gen-ice-restart", .iceberg)).isEmpty) // the order line again: already taken
        #expect(fills(try candle(second, 1, open: "40000", close: "40010").all).isEmpty) // a re-run of the first candle
        let rest = fills(try candle(second, 2, open: "40010", close: "40020").all) + fills(try candle(second, 3, open: "40020").all)
        #expect(rest.map(\.order.clientOrderID) == [slice("gen-ice-restart", 2), slice("gen-ice-restart", 3)])
        #expect(rest.map(\.price) == [d("40030.01"), d("40040.01")])
        #expect(try storedFills() == 3)
        #expect(try store.orderStatus(clientOrderID: "gen-ice-restart") == .filled)
        #expect(try store.openPositions(session: "s").first?.quantity == d("0.015"))
    }

    @Test func aStopHitMidWorkSellsWhatWasBoughtAndCancelsTheRest() throws {
        let venue = try venue()
        _ = try venue.submit(order("gen-ice-stop", .iceberg, stop: "39000"))
        #expect(fills(try candle(venue, 1, open: "40000", close: "39500").all).map(\.price) == [d("40020")])
        let outcome = try candle(venue, 2, open: "39500", close: "38950", low: "38900")
        // Slice 2 at the open (39500 × 1.0005), then the stop during the candle sells both slices.
        #expect(fills(outcome.atOpen).map(\.price) == [d("39519.75")])
        let exit = try #require(fills(outcome.duringCandle).first)
        #expect(exit.order.purpose == .stopLoss)
        #expect(exit.quantity == d("0.01"))
        #expect(exit.price == d("38980.5"))
        #expect(try store.orderStatus(clientOrderID: "gen-ice-stop") == .canceled)
        #expect(try store.execution(clientOrderID: "gen-ice-stop")?.quantity == d("0.01"))
        #expect(!venue.isWatching("BTCUSDT"))
        #expect(try store.orderStatus(clientOrderID: slice("gen-ice-stop", 3)) == nil)
    }

    @Test func aCancelAllDropsTheRestAndKeepsWhatWasBought() throws {
        let venue = try venue()
        _ = try venue.submit(order("gen-ice-cancel", .iceberg))
        _ = try candle(venue, 1, open: "40000")
        let canceled = try store.cancelOpenOrders(session: "s", reason: "test cancel-all", at: at(1).adding(milliseconds: 30_000))
        #expect(canceled == ["gen-ice-cancel"])
        try venue.forget(canceled, at: at(1).adding(milliseconds: 30_000))
        #expect(fills(try candle(venue, 2, open: "40000").all).isEmpty)
        #expect(try store.orderStatus(clientOrderID: "gen-ice-cancel") == .canceled)
        #expect(try store.execution(clientOrderID: "gen-ice-cancel")?.quantity == d("0.005"))
        #expect(venue.positions["BTCUSDT"]?.quantity == d("0.005"))
    }

    /// Staged deleveraging sells part of the position and stops the buying:
    /// the rest of the iceberg is canceled, not bought into the cut.
    @Test func aDeleveragingCutStopsTheRestOfTheOrder() throws {
        let venue = try venue()
        _ = try venue.submit(order("gen-ice-cut", .iceberg))
        #expect(fills(try candle(venue, 1, open: "40000").all).count == 1)
        let bought = try #require(venue.positions["BTCUSDT"]?.quantity)
        _ = try venue.reduce(share: d("0.5"), only: nil, origin: "deleverage:test", at: at(1).adding(milliseconds: 30_000))
        let later = fills(try candle(venue, 2, open: "40000").all) + fills(try candle(venue, 3, open: "40000").all)
        #expect(later.allSatisfy { $0.order.side == .sell }, "\(later.map(\.order.clientOrderID))")
        #expect(try store.orderStatus(clientOrderID: "gen-ice-cut") == .canceled)
        #expect(try store.execution(clientOrderID: "gen-ice-cut")?.quantity == bought)
        #expect((venue.positions["BTCUSDT"]?.quantity ?? 0) < bought)
    }

    @Test func vwapPlanFollowsTheStoredVolumeProfile() throws {
        // Two days of 30-minute candles: busy in the first hour of the day, quiet after.
        var rows: [KlineRow] = []
        for bucket in 0..<96 {
            let open = at(-2 * 1440 + Int64(bucket) * 30).milliseconds
            rows.append(KlineRow(openTime: open, open: "40000", high: "40000", low: "40000", close: "40000", volume: bucket % 48 < 2 ? "1" : "0.2"))
        }
        _ = try store.insertCandles(symbol: "BTCUSDT", interval: Interval("30m")!, rows: rows)
        let config = Self.config()
        let venue = try venue(config)
        let parent = order("gen-vwap", .vwap, quantity: "0.05", at: 0)
        _ = try venue.submit(parent)
        let plan = try #require(try store.slicePlan(clientOrderID: "gen-vwap"))
        let expected = SlicePlan.vwap(for: parent, profile: VolumeProfile(candles: rows, bucketMinutes: 30), settings: config.execution,
                                      step: d("0.00001"), now: parent.ts)
        #expect(plan == expected)
        #expect(plan.quantities.reduce(0, +) == d("0.05"))
        // 10% of the first bucket's usual 1 BTC covers the order; its $2,000 in $50 slices.
        #expect(plan.quantities.count == 40)
        #expect(plan.delaysMs.reduce(0, +) < 30 * 60_000)
    }
}

/// The iceberg through the real commands: a HUNTER entry of $240 worked
/// slice by slice by `gen-exec` on paper.
@Suite struct PaperWorkedOrderCommandTests {
    @Test func genExecWorksAHunterIcebergSliceBySlice() throws {
        let bench = try CLIBench.withAccount(balance: "2000")
        try bench.withStore { store in try store.write { try $0.execute(sql: "UPDATE accounts SET tier = 'HUNTER' WHERE session = 'default'") } }
        let config = bench.directory.appendingPathComponent("genesis.yaml").path
        try "execution:\n  icebergMinSlices: 3\n  icebergMaxSlices: 3\n  icebergSizeJitter: 0\n".write(toFile: config, atomically: true, encoding: .utf8)
        let start: Int64 = 1_704_074_400_000
        let line = TestLines.order("gen-paper-ice", ts: start, algorithm: "ICEBERG", quantity: "0.006", stop: "39000")
        try TestSupport.approve(orderLine: line, db: bench.db)
        func candle(_ minute: Int64, open: String, close: String) -> String {
            let openTime = start + minute * 60_000
            return #"{"v":1,"type":"candle","ts":\#(openTime + 60_000),"symbol":"BTCUSDT","interval":"1m","open_time":\#(openTime),"open":"\#(open)","high":"\#(max(open, close))","low":"\#(min(open, close))","close":"\#(close)","volume":"50"}"#
        }
        let input = [line, candle(0, open: "40000", close: "40010"), candle(1, open: "40010", close: "40020"), candle(2, open: "40020", close: "40020")]
        let outcome = try bench.run("gen-exec", ["--config", config], stdin: Data((input.joined(separator: "\n") + "\n").utf8))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let filled = outcome.stdout.split(separator: "\n").map(String.init).filter { $0.contains(#""type":"execution""#) && $0.contains(#""status":"FILLED""#) }
        let ids = (1...3).map { ClientOrderID.derive(session: "default", origin: "gen-paper-ice", slice: $0) }
        #expect(filled.count == 3, "\(outcome.stdout)")
        for (index, id) in ids.enumerated() where index < filled.count {
            #expect(filled[index].contains(#""client_order_id":"\#(id)""#))
            #expect(filled[index].contains(#""quantity":"0.002""#))
        }
        // The slices are due 1–5 s apart, all inside the first 1m candle: each at its open, 40000 moved by 5 bps.
        for line in filled { #expect(line.contains(#""price":"40020""#), "\(line)") }
        let store = try Store(path: bench.db, origin: ["command": "tests"])
        #expect(try store.orderStatus(clientOrderID: "gen-paper-ice") == .filled)
        #expect(try store.execution(clientOrderID: "gen-paper-ice")?.quantity == Decimal(string: "0.006")!)
        #expect(try store.openPositions(session: "default").first?.quantity == Decimal(string: "0.006")!)
        #expect(try store.rowCount("fills") == 3)
    }
}
