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

/// `gen-report tax` on a store holding every case a tax report meets, each
/// figure worked out by hand (DESIGN §8, docs/METRICS.md §7):
///
/// - position A, bought 2023-12-20 by one order filled at two prices in one
///   millisecond (trade ids …-99 then …-100, fees in BTC), half sold
///   2024-01-05 and the rest 2024-01-10: lots across the year end;
/// - position B, re-entered on the millisecond A closed, fee in BNB;
/// - an ETHBTC round trip valued at BTCUSDT of the day;
/// - a SOLUSDT sale with no recorded purchase;
/// - position C, bought 2024-12-30 and half sold, still held at the year's end.
@Suite struct TaxStoreTests {
    func d(_ text: String) -> Decimal { Decimal(string: text)! }
    func t(_ text: String) -> Timestamp { Timestamp(parsing: text)! }

    func candle(_ store: Store, _ symbol: String, _ interval: Interval, _ open: String, close: String) throws {
        _ = try store.insertCandles(symbol: symbol, interval: interval,
                                    rows: [KlineRow(openTime: t(open).milliseconds, open: close, high: close, low: close, close: close, volume: "1")])
    }

    func order(_ id: String, _ symbol: String, _ side: Side, at time: Timestamp) -> OrderIntent {
        OrderIntent(clientOrderID: id, ts: time, session: Account.defaultSession, signalID: "sig-\(id)", strategy: "manual", symbol: symbol, side: side,
                    purpose: side == .buy ? .entry : .exit, quantity: 1, referencePrice: 1, stop: nil, target: nil)
    }

    func trade(_ id: String, _ quantity: String, _ price: String, _ fee: String, _ asset: String) -> TradeFill {
        TradeFill(id: id, price: d(price), quantity: d(quantity), fee: d(fee), feeAsset: asset)
    }

    /// The store, built through the ledger as the venues book fills.
    func makeStore() throws -> Store {
        let store = try TestSupport.makeStore(balance: 100_000, openedAt: t("2023-12-01"))
        var book = PositionBook(session: Account.defaultSession, account: try store.loadAccount(session: Account.defaultSession), positions: [])
        func enter(_ id: String, _ symbol: String, base: String, at time: String, _ trades: [TradeFill]) throws {
            let entry = order(id, symbol, .buy, at: t(time))
            try store.recordAccepted(entry, venue: "paper", at: t(time))
            try store.recordFill(book.enter(entry, venue: "paper", trades: trades, time: t(time), baseAsset: base))
        }
        func exit(_ id: String, _ symbol: String, at time: String, _ trades: [TradeFill]) throws {
            let position = try #require(book.positions[symbol])
            let sale = order(id, symbol, .sell, at: t(time))
            try store.recordAccepted(sale, venue: "paper", at: t(time))
            try store.recordFill(book.exit(position, order: sale, venue: "paper", trades: trades, time: t(time)))
        }
        try enter("a", "BTCUSDT", base: "BTC", at: "2023-12-20T10:00:00Z",
                  [trade("BTCUSDT-99", "0.5", "40000", "0.0005", "BTC"), trade("BTCUSDT-100", "0.5", "40100", "0.0005", "BTC")])
        try exit("a-1", "BTCUSDT", at: "2024-01-05T10:00:00Z", [trade("BTCUSDT-120", "0.4995", "41000", "20.4795", "USDT")])
        try exit("a-2", "BTCUSDT", at: "2024-01-10T10:00:00Z", [trade("BTCUSDT-150", "0.4995", "42000", "20.979", "USDT")])
        try enter("b", "BTCUSDT", base: "BTC", at: "2024-01-10T10:00:00Z", [trade("BTCUSDT-151", "0.5", "42000", "0.0525", "BNB")])
        try exit("b-1", "BTCUSDT", at: "2024-02-01T10:00:00Z", [trade("BTCUSDT-200", "0.5", "43000", "21.5", "USDT")])
        try enter("e", "ETHBTC", base: "ETH", at: "2024-03-01T10:00:30Z", [trade("ETHBTC-1", "1", "0.05", "0.00005", "BTC")])
        try exit("e-1", "ETHBTC", at: "2024-03-05T10:00:30Z", [trade("ETHBTC-2", "1", "0.055", "0.000055", "BTC")])
        try enter("c", "BTCUSDT", base: "BTC", at: "2024-12-30T00:00:00Z", [trade("BTCUSDT-300", "0.1", "90000", "9", "USDT")])
        try exit("c-1", "BTCUSDT", at: "2024-12-31T00:00:00Z", [trade("BTCUSDT-301", "0.05", "95000", "4.75", "USDT")])
        // A sale the records hold no purchase for (bought before GENESIS).
        let orphan = order("s", "SOLUSDT", .sell, at: t("2024-04-01"))
        try store.recordAccepted(orphan, venue: "paper", at: t("2024-04-01"))
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO fills (trade_id, client_order_id, symbol, side, quantity, price, quote_quantity, fee, fee_asset, executed_at)
                VALUES ('SOLUSDT-7', 's', 'SOLUSDT', 'SELL', '2', '100', '200', '0.2', 'USDT', ?)
                """, arguments: [t("2024-04-01").milliseconds])
        }
        // Prices of the day: BNB for B's fee, BTC for the ETHBTC trades (the
        // minute is finer than the hour, so it is the one used), BTC at the year's end.
        try candle(store, "BNBUSDT", .oneMinute, "2024-01-10T10:00:00Z", close: "300")
        try candle(store, "BTCUSDT", Interval("1h")!, "2024-03-01T10:00:00Z", close: "61000")
        try candle(store, "BTCUSDT", .oneMinute, "2024-03-01T10:00:00Z", close: "60000")
        try candle(store, "BTCUSDT", .oneMinute, "2024-03-05T10:00:00Z", close: "62000")
        try candle(store, "BTCUSDT", .oneMinute, "2024-12-31T23:59:00Z", close: "96000")
        return store
    }

    /// Realised P&L of each sale row of 2024, in order, under each method.
    ///
    /// A: lots 0.4995 BTC at cost 20000 (…-99) and 0.4995 at 20050 (…-100).
    /// The first sale nets 0.4995 × 41000 − 20.4795 = 20459.0205; the second
    /// 0.4995 × 42000 − 20.979 = 20958.021. FIFO sells …-99 first (had the ids
    /// been compared as text, …-100 would go first); LIFO and HIFO sell …-100.
    /// B: cost 21000 + 0.0525 BNB × 300 = 21015.75, sold for 21500 − 21.5:
    /// 462.75. ETHBTC: cost 0.05 × 60000 + 0.00005 × 60000 = 3003, proceeds
    /// 0.055 × 62000 − 0.000055 × 62000 = 3406.59: 403.59. C: half of 9009
    /// against 4750 − 4.75: 240.75.
    @Test(arguments: [(LotMethod.fifo, ["459.0205", "908.021", "462.75", "403.59", "240.75"]),
                      (.lifo, ["409.0205", "958.021", "462.75", "403.59", "240.75"]),
                      (.hifo, ["409.0205", "958.021", "462.75", "403.59", "240.75"])])
    func everyCaseByHandUnderEachMethod(_ method: LotMethod, _ expected: [String]) throws {
        let store = try makeStore()
        let fills = try store.taxFills()
        let report = TaxReport(fills: fills, method: method, year: 2024)
        #expect(report.rows.filter { $0.fill.side == .sell }.compactMap(\.realized) == expected.map(d))
        #expect(report.totalRealized == d("2474.1315"))
        #expect(report.unmatched == ["SOLUSDT": 2])
        #expect(report.unvalued.isEmpty)
        // The ETHBTC pair is split by its assets and valued at the minute's BTCUSDT close, named.
        let eth = try #require(report.rows.first { $0.fill.tradeID == "ETHBTC-2" })
        #expect(eth.fill.baseAsset == "ETH" && eth.fill.quoteAsset == "BTC")
        #expect(eth.costBasis == 3003 && eth.proceeds == d("3406.59") && eth.holdingDays == 4 && eth.longTerm == false)
        #expect(eth.fill.valuation == "BTCUSDT close of the 1m candle at 2024-03-05T10:00:00.000Z")
        let bnb = try #require(fills.first { $0.tradeID == "BTCUSDT-151" })
        #expect(bnb.feeValue == d("15.75") && bnb.valuation == "BNBUSDT close of the 1m candle at 2024-01-10T10:00:00.000Z")
        // 2023 holds only purchases: nothing realised, and A's lots reach into 2024.
        let earlier = TaxReport(fills: fills, method: method, year: 2023)
        #expect(earlier.totalRealized == 0 && earlier.rows.count == 2)
    }

    /// The summary's 1845.5415 (A 1367.0415 and B 478.5, whose BNB fee the
    /// ledger does not book) plus C's sale 240.75, less B's fee 15.75, plus
    /// the ETHBTC sale valued in USDT 403.59, is the tax report's 2474.1315.
    @Test func theTaxReportReconcilesWithTheSummaryToTheCent() throws {
        let store = try makeStore()
        for method in LotMethod.allCases {
            let history = TaxReport(fills: try store.taxFills(before: t("2025-01-01")), method: method, year: nil)
            let reconciliation = TaxReconciliation(year: 2024, currency: "USDT", history: history, positions: try store.positions(session: Account.defaultSession))
            #expect(reconciliation.closedPositions == 2)
            #expect(reconciliation.closedPositionsPnL == d("1845.5415"))
            #expect(reconciliation.stillOpenSales == d("240.75"))
            #expect(reconciliation.earlierSales == 0)
            #expect(reconciliation.thirdAssetFees == d("15.75"))
            #expect(reconciliation.matching == 0)
            #expect(reconciliation.outsidePositions == 0)
            #expect(reconciliation.crossPairSales == d("403.59") && reconciliation.crossPairPositions == 1 && reconciliation.crossPairLedgerPnL == d("0.005"))
            #expect(reconciliation.taxRealized == d("2474.1315"))
            #expect(reconciliation.lines.dropLast().map(\.amount).reduce(0, +) == reconciliation.taxRealized)
            // What is held at the end is C's other half: cost 4504.5.
            #expect(history.heldLots["BTCUSDT"]?.quantity == d("0.05") && history.heldLots["BTCUSDT"]?.cost == d("4504.5"))
        }
    }

    /// The command a trader runs: JSON with the reconciliation and the held
    /// lot marked at the year's last close; the unmatched sale on stderr.
    @Test func theCommandPrintsTheReconciliationAndWhatIsHeld() throws {
        let store = try makeStore()
        let json = try TestSupport.run("gen-report", ["tax", "--year", "2024", "--json", "--db", store.path])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stderr.contains("SOLUSDT: 2 sold without a recorded purchase"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["realized_pnl"] as? String == "2474.1315")
        let reconciliation = try #require(object["reconciliation"] as? [String: String])
        #expect(reconciliation["closed_positions_pnl"] == "1845.5415" && reconciliation["third_asset_fees"] == "-15.75" && reconciliation["matching"] == "0")
        let held = try #require((object["held_at_year_end"] as? [[String: Any]])?.first)
        #expect(held["symbol"] as? String == "BTCUSDT" && held["value"] as? String == "4800" && held["unrealized"] as? String == "295.5")
        let text = try TestSupport.run("gen-report", ["tax", "--year", "2024", "--db", store.path])
        #expect(text.stdout.contains("= realised P&L of the tax report") && text.stdout.contains("2474.13"))
        let both = try TestSupport.run("gen-report", ["tax", "--year", "2024", "--json", "--csv", "--db", store.path])
        #expect(both.status == 2 && both.stderr.contains("alternatives"))
    }

    /// The summary shows what is still open, marked at the last stored
    /// close: C's other half, (96000 − 90000) × 0.05, and the half sold.
    @Test func theSummaryMarksTheOpenPositionAtTheLastClose() throws {
        let store = try makeStore()
        let summary = try TestSupport.run("gen-report", ["summary", "--json", "--db", store.path])
        let object = try #require(JSONSerialization.jsonObject(with: Data(summary.stdout.utf8)) as? [String: Any], "\(summary.stderr)")
        let open = try #require((object["open_positions_marked"] as? [[String: Any]])?.first)
        #expect(open["symbol"] as? String == "BTCUSDT" && open["quantity"] as? String == "0.05" && open["close"] as? String == "96000")
        #expect(open["unrealized_pnl"] as? String == "300" && open["sold_gross"] as? String == "250")
        #expect(object["unrealized_pnl"] as? String == "300")
        let text = try TestSupport.run("gen-report", ["summary", "--db", store.path]).stdout
        #expect(text.contains("Open positions at the end, marked to market") && text.contains("unrealised 300, part sold for 250 gross"))
    }

    /// A report of a session the database does not hold is bad input
    /// naming the ones it does, and creates nothing.
    @Test func aMistypedSessionIsRefusedNotReportedAsZeros() throws {
        let store = try makeStore()
        for arguments in [["summary"], ["tax", "--year", "2024"], ["equity"], ["tiers"]] {
            let outcome = try TestSupport.run("gen-report", arguments + ["--session", "typo", "--db", store.path])
            #expect(outcome.status == 3 && outcome.stderr.contains("no session 'typo'") && outcome.stderr.contains("it holds default"), "\(arguments): \(outcome.stderr)")
        }
        #expect(try store.rowCount("accounts") == 1)
    }

    /// Koinly's Universal template and CoinTracker's, one row per fill of the
    /// year with gross amounts and the fee apart; the plain disposals file
    /// one row per lot sold.
    @Test func exportsForKoinlyCoinTrackerAndAPlainDisposalReport() throws {
        let store = try makeStore()
        func export(_ format: String) throws -> [String] {
            let outcome = try TestSupport.run("gen-report", ["tax", "--year", "2024", "--export", format, "--db", store.path])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            return outcome.stdout.split(separator: "\n").map(String.init)
        }
        let koinly = try export("koinly")
        #expect(koinly.first == TaxExport.koinlyHeader)
        #expect(koinly.count == 1 + 9)
        #expect(koinly.contains("2024-01-10 10:00:00 UTC,21000,USDT,0.5,BTC,0.0525,BNB,,,,GENESIS BTCUSDT BUY,BTCUSDT-151"))
        #expect(koinly.contains("2024-04-01 00:00:00 UTC,2,SOL,200,USDT,0.2,USDT,,,,GENESIS SOLUSDT SELL,SOLUSDT-7"))
        let coinTracker = try export("cointracker")
        #expect(coinTracker.first == "Date,Received Quantity,Received Currency,Sent Quantity,Sent Currency,Fee Amount,Fee Currency,Tag")
        #expect(coinTracker.contains("03/05/2024 10:00:30,0.055,BTC,1,ETH,0.000055,BTC,"))
        #expect(coinTracker.contains("12/30/2024 00:00:00,0.1,BTC,9000,USDT,9,USDT,"))
        let disposals = try export("disposals")
        #expect(disposals.contains("ETH,1,2024-03-01,2024-03-05,3406.59,3003,403.59,SHORT,4,USDT,ETHBTC,ETHBTC-2,BTCUSDT close of the 1m candle at 2024-03-05T10:00:00.000Z"))
        #expect(disposals.contains("BTC,0.4995,2023-12-20,2024-01-05,20459.0205,20000,459.0205,SHORT,16,USDT,BTCUSDT,BTCUSDT-120,"))
        #expect(disposals.contains("SOL,2,,2024-04-01,199.8,,,,,USDT,SOLUSDT,SOLUSDT-7,no recorded purchase"))
    }

    /// A cross pair with no stored price of its quote is listed, never valued at a guess.
    @Test func aFillWithoutAStoredPriceIsUnvaluedNotGuessed() {
        let buy = TaxFill(time: t("2024-03-01"), symbol: "ETHBTC", baseAsset: "ETH", quoteAsset: "BTC", side: .buy, quantity: 1, price: d("0.05"),
                          fee: d("0.00005"), feeAsset: "BTC", tradeID: "1", quoteValue: nil)
        let sell = TaxFill(time: t("2024-03-02"), symbol: "ETHBTC", baseAsset: "ETH", quoteAsset: "BTC", side: .sell, quantity: 1, price: d("0.06"),
                           fee: 0, feeAsset: "BTC", tradeID: "2", quoteValue: 60000, valuation: "x")
        let report = TaxReport(fills: [buy, sell], method: .fifo, year: 2024)
        #expect(report.unvalued == ["ETHBTC": 1])
        let sale = report.rows.last!
        #expect(sale.lotAcquired != nil && sale.costBasis == nil && sale.proceeds == 3600 && sale.realized == nil)
        #expect(report.totalRealized == 0)
        #expect(PairAssets.of("ETHBTC") == PairAssets(base: "ETH", quote: "BTC"))
        #expect(PairAssets.of("BTCFDUSD") == PairAssets(base: "BTC", quote: "FDUSD"))
        #expect(PairAssets.of("XYZ") == nil)
    }
}
