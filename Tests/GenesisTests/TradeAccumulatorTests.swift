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

/// The one-pass statistics of the reports (`TradeStatistics.Accumulator`,
/// `PerformanceMetrics.groupStatistics`, the summary sharing the reader's
/// results) against the plain computation they replaced: each group's
/// trades copied out, sorted, and summed in `Decimal`.
@Suite struct TradeAccumulatorTests {
    func trade(_ closedAt: Int64, _ pnl: String, risk: String? = nil, fees: String = "0", strategy: String = "a", symbol: String = "BTCUSDT") -> TradeResult {
        TradeResult(closedAt: Timestamp(milliseconds: closedAt), openedAt: Timestamp(milliseconds: closedAt - 60_000), symbol: symbol,
                    strategy: strategy, pnl: Decimal(string: pnl)!, risk: risk.map { Decimal(string: $0)! }, fees: Decimal(string: fees)!)
    }

    /// The statistics as written before the accumulator: sort (stable), then plain `Decimal` sums and arrays.
    func reference(_ list: [TradeResult]) -> TradeStatistics {
        let ordered = list.enumerated().sorted { ($0.element.closedAt, $0.offset) < ($1.element.closedAt, $1.offset) }.map(\.element)
        var s = TradeStatistics()
        var winRun = 0, lossRun = 0
        var rs: [Double] = []
        for t in ordered {
            s.trades += 1
            s.netPnL += t.pnl
            s.fees += t.fees
            if t.pnl > 0 { s.wins += 1; s.grossProfit += t.pnl; winRun += 1; lossRun = 0 }
            else if t.pnl < 0 { s.losses += 1; s.grossLoss -= t.pnl; lossRun += 1; winRun = 0 }
            else { s.breakeven += 1; winRun = 0; lossRun = 0 }
            s.longestWinStreak = max(s.longestWinStreak, winRun)
            s.longestLossStreak = max(s.longestLossStreak, lossRun)
            if let r = t.rMultiple { rs.append(r) }
        }
        s.tradesWithRisk = rs.count
        s.averageR = SampleStatistics.mean(rs)
        let values = rs.isEmpty ? ordered.map(\.pnl.fastApproximateDouble) : rs
        if let mean = SampleStatistics.mean(values), let deviation = SampleStatistics.sampleStandardDeviation(values), deviation > 0 {
            s.sqn = Double(values.count).squareRoot() * mean / deviation
        }
        return s
    }

    /// Mixed trades: ties in close time given out of order, zeros, losses, some with a risk and some without.
    var mixed: [TradeResult] {
        [trade(5_000, "1.5", risk: "1", fees: "0.01", strategy: "b"), trade(1_000, "-2", fees: "0.02"), trade(5_000, "0", strategy: "b"),
         trade(3_000, "-0.25", risk: "0.5", strategy: "c", symbol: "ETHUSDT"), trade(5_000, "-1", risk: "2"), trade(2_000, "3.125", fees: "0.5"),
         trade(9_000, "0"), trade(8_000, "-4", risk: "1", strategy: "b"), trade(86_400_000 * 3 + 1, "2", strategy: "c"),
         trade(86_400_000 * 10, "7.5", risk: "3", symbol: "ETHUSDT")]
    }

    @Test func theAccumulatorGivesThePlainStatistics() {
        let cases: [[TradeResult]] = [[], [trade(1, "0")], [trade(1, "-3", risk: "1.5")], [trade(1, "2")], [trade(1, "1"), trade(1, "1")],
                                      [trade(1, "1", risk: "1"), trade(2, "1", risk: "1")], mixed, mixed.reversed(),
                                      [trade(7, "-1"), trade(7, "2"), trade(7, "-1"), trade(3, "-1")]]
        for list in cases {
            #expect(TradeStatistics(trades: list) == reference(list), "\(list.map(\.pnl))")
        }
        // The equal close times keep the given order: the streaks differ between the two orders of the same trades.
        let losses = [trade(7, "-1"), trade(7, "-1"), trade(7, "2")], split = [trade(7, "-1"), trade(7, "2"), trade(7, "-1")]
        #expect(TradeStatistics(trades: losses).longestLossStreak == 2 && TradeStatistics(trades: split).longestLossStreak == 1)
        #expect(TradeStatistics(trades: []) == TradeStatistics())
    }

    @Test func oneGroupingPassGivesEachGroupsOwnStatistics() {
        for list in [mixed, Array(mixed.reversed()), [], [trade(1, "5")]] {
            for dimension in TradeBreakdown.allCases {
                let expected = Dictionary(grouping: list, by: dimension.key).map { TradeGroup(key: $0.key, statistics: reference($0.value)) }
                    .sorted { $0.key < $1.key }
                #expect(PerformanceMetrics.breakdown(list, by: dimension) == expected, "\(dimension)")
            }
        }
        // The cached period key names a day as the plain key does, across days and back again.
        let key = TradeBreakdown.week.cachedKey()
        for t in mixed { #expect(key(t) == TradeBreakdown.week.key(t)) }
    }

    @Test func periodSummariesCountEachPeriodsTradesOnce() {
        let curve = EquityCurve(initialBalance: 100, startDay: 0, endDay: 5, changes: mixed.map { ($0.closedAt, $0.pnl) })
        for period in SummaryPeriod.allCases {
            let rows = PeriodSummary.periods(by: period, curve: curve, trades: mixed)
            let byKey = Dictionary(grouping: mixed) { period.key(day: EquityCurve.day(closedBy: $0.closedAt)) }
            #expect(Set(rows.map(\.period)) == Set(byKey.keys).union(curve.points.map { period.key(day: $0.day) }))
            for row in rows { #expect(row.trading == reference(byKey[row.period] ?? []), "\(period) \(row.period)") }
            // The trade on day 10 is past the curve's last day: by day, a row with its trade and no curve days
            // (its week and month hold curve days).
            #expect(rows.contains { $0.firstDay == nil && $0.trading.trades == 1 } == (period == .day))
        }
    }

    @Test func theSummaryUsesTheReadersResultsInCloseOrder() throws {
        let store = try TestSupport.makeStore(balance: 1000, openedAt: Timestamp(milliseconds: 0))
        try store.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            // Id order is not open order, two trades close at the same time (id order decides), one is open,
            // one is closed without a P&L (no result), and a loss sits between wins.
            let rows: [(String, Int64, Int64?, String?)] = [
                ("CLOSED", 5_000, 90_000, "2"), ("CLOSED", 1_000, 90_000, "-1"), ("OPEN", 2_000, nil, nil),
                ("CLOSED", 3_000, 40_000, "-0.5"), ("CLOSED", 4_000, 50_000, nil), ("CLOSED", 6_000, 95_000, "0"),
            ]
            for (status, opened, closed, pnl) in rows {
                try db.execute(sql: """
                    INSERT INTO positions (session, symbol, side, status, quantity, entry_price, stop_price, strategy, signal_id, entry_client_order_id,
                                           opened_at, closed_at, exit_price, exit_reason, fees, realized_gross, realized_pnl)
                    VALUES ('default', 'BTCUSDT', 'LONG', ?, '0.01', '100', '99', 's', 's', 'e' || ?, ?, ?, '101', 'TAKE_PROFIT', '0.002', '0', ?)
                    """, arguments: [status, opened, opened, closed, pnl])
            }
        }
        let data = try ReportData(store: store, session: Account.defaultSession, now: Timestamp(milliseconds: 100_000))
        let closed = try store.closedPositions(session: Account.defaultSession).compactMap(TradeResult.init(closed:))
        #expect(data.closedTrades == closed)
        #expect(data.closedTrades?.map(\.pnl) == [-0.5, 2, -1, 0], "closed_at, then id")
        let report = try PerformanceReport(store: store, session: Account.defaultSession, data: data)
        let plain = PerformanceSummary(account: data.account, closed: try store.closedPositions(session: Account.defaultSession), openPositions: 1)
        #expect(report.summary == plain)
        #expect(report.summary.trading == reference(closed) && report.metrics.trading == report.summary.trading)
        #expect(report.metrics == PerformanceMetrics(curve: data.curve, trades: closed))
        #expect(report.summary.realizedMaxDrawdown == 1 && report.summary.trading.longestLossStreak == 1)
        // The tax reconciliation's four columns, in the order the positions opened (ids here are not).
        let spans = try store.positionSpans(session: Account.defaultSession)
        #expect(spans == (try store.positions(session: Account.defaultSession)).map(PositionSpan.init))
        #expect(spans.map(\.openedAt.milliseconds) == [1_000, 2_000, 3_000, 4_000, 5_000, 6_000])
    }

    @Test func amountsAndTimesAreWrittenAfterWhatTheBufferHolds() {
        // A decimal's trailing zeros are dropped without reaching into the field before it.
        var numbers = DecimalPartsTests.Numbers(state: 11)
        var values: [Decimal] = [0, -0.5, 10, 100, Decimal(string: "0.0100")!, Decimal(string: "-7.000")!, Decimal(string: "1e3")!,
                                 Decimal(sign: .minus, exponent: -3, significand: 1000), Decimal(string: "123456789012.000000001")!]
        for _ in 0..<500 { values.append(numbers.decimal()) }
        for value in values {
            var out = Array("0,00.".utf8)
            ReportText.write(plain: value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == "0,00." + value.plainText, "\(value)")
        }
        var out = Array("0".utf8)
        Timestamp(milliseconds: 1_709_296_496_789).write(iso8601: &out)
        #expect(String(decoding: out, as: UTF8.self) == "02024-03-01T12:34:56.789Z")
    }

    @Test func taxFillsAreInTimeOrderWhateverOrderTheyWereBooked() throws {
        let store = try TestSupport.makeStore(balance: 1000, openedAt: Timestamp(milliseconds: 0))
        // Booked (ids) out of time order, two fills in one millisecond, and a fill of another session's order.
        let fills: [(trade: String, order: String, session: String, side: String, at: Int64)] = [
            ("t1", "o1", "default", "BUY", 5_000), ("t2", "o2", "default", "SELL", 9_000), ("t3", "o3", "default", "BUY", 1_000),
            ("t4", "o4", "other", "BUY", 2_000), ("t5", "o5", "default", "SELL", 5_000), ("t6", "o6", "default", "BUY", 3_000),
        ]
        try store.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            for fill in fills {
                try db.execute(sql: """
                    INSERT INTO orders (client_order_id, session, venue, symbol, side, type, purpose, quantity, status, created_at, updated_at)
                    VALUES (?, ?, 'paper', 'BTCUSDT', ?, 'MARKET', 'ENTRY', '1', 'FILLED', ?, ?)
                    """, arguments: [fill.order, fill.session, fill.side, fill.at, fill.at])
                try db.execute(sql: """
                    INSERT INTO fills (trade_id, client_order_id, symbol, side, quantity, price, quote_quantity, fee, fee_asset, executed_at)
                    VALUES (?, ?, 'BTCUSDT', ?, '1', '100', '100', '0.1', 'USDT', ?)
                    """, arguments: [fill.trade, fill.order, fill.side, fill.at])
            }
        }
        #expect(try store.taxFills(session: Account.defaultSession).map(\.tradeID) == ["t3", "t6", "t1", "t5", "t2"])
        #expect(try store.taxFills(session: Account.defaultSession, before: Timestamp(milliseconds: 5_000)).map(\.tradeID) == ["t3", "t6"])
    }
}
