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

/// DESIGN §8 `gen-report tax`: lots matched FIFO, LIFO or HIFO, by hand.
@Suite struct TaxReportTests {
    func d(_ text: String) -> Decimal { Decimal(string: text)! }
    func fill(_ date: String, _ side: Side, _ quantity: String, _ price: String, fee: String = "0", asset: String = "USDT", id: String) -> TaxFill {
        TaxFill(time: Timestamp(parsing: date)!, symbol: "BTCUSDT", baseAsset: "BTC", quoteAsset: "USDT", side: side, quantity: d(quantity), price: d(price),
                fee: d(fee), feeAsset: asset, tradeID: id)
    }

    /// Buy 1 at 100 (Jan), buy 1 at 300 (Feb), buy 1 at 200 (Mar), sell 1.5 at 400 (Apr).
    var fills: [TaxFill] {
        [fill("2024-01-01", .buy, "1", "100", id: "1"), fill("2024-02-01", .buy, "1", "300", id: "2"),
         fill("2024-03-01", .buy, "1", "200", id: "3"), fill("2024-04-01", .sell, "1.5", "400", fee: "6", id: "4")]
    }

    /// One market order filled at two prices in the same millisecond (trade
    /// ids 99 then 100), then an exit and a re-entry on one later
    /// millisecond: fills are matched in the order they were booked, never
    /// by their ids as text ("100" < "99").
    @Test func sameMillisecondFillsKeepTheOrderTheyWereBooked() {
        let fills = [fill("2024-01-01T00:00:00Z", .buy, "1", "100", id: "SOLUSDT-99"), fill("2024-01-01T00:00:00Z", .buy, "1", "101", id: "SOLUSDT-100"),
                     fill("2024-02-01T00:00:00Z", .sell, "1", "110", id: "SOLUSDT-109"), fill("2024-02-01T00:00:00Z", .buy, "1", "120", id: "SOLUSDT-110")]
        // FIFO sells the first trade's unit, bought at 100.
        #expect(TaxReport(fills: fills, method: .fifo, year: 2024).rows.compactMap(\.realized) == [10])
        // LIFO sells the newest unit held when the sale happened (101), not the re-entry booked after it (120).
        #expect(TaxReport(fills: fills, method: .lifo, year: 2024).rows.compactMap(\.realized) == [9])
        #expect(TaxReport(fills: fills, method: .hifo, year: 2024).rows.compactMap(\.realized) == [9])
    }

    /// A sale over several lots hands out the fill's fee and proceeds so the
    /// shares add up to the fill exactly, and a lot sold in parts hands out
    /// exactly its cost.
    @Test func sharesOfAFillAndOfALotAddUpExactly() {
        let fills = [fill("2024-01-01", .buy, "3", "0.1", fee: "0.00000001", id: "1"),
                     fill("2024-02-01", .sell, "1", "0.3", fee: "0.00000001", id: "2"), fill("2024-03-01", .sell, "1", "0.3", id: "3"),
                     fill("2024-04-01", .sell, "1", "0.3", id: "4")]
        let sales = TaxReport(fills: fills, method: .fifo, year: 2024).rows.filter { $0.fill.side == .sell }
        #expect(sales.compactMap(\.costBasis).reduce(0, +) == d("0.30000001"))
        let split = TaxReport(fills: [fill("2024-01-01", .buy, "1", "10", id: "1"), fill("2024-01-02", .buy, "2", "10", id: "2"),
                                      fill("2024-01-03", .sell, "3", "12", fee: "0.00000001", id: "3")], method: .fifo, year: 2024).rows.filter { $0.fill.side == .sell }
        #expect(split.count == 2)
        #expect(split.map(\.fee).reduce(0, +) == d("0.00000001"))
        #expect(split.compactMap(\.proceeds).reduce(0, +) == d("35.99999999"))
    }

    /// The warning about sales without a purchase speaks of the report's year only.
    @Test func anUnmatchedSaleOfAnotherYearIsNotReported() {
        let fills = [fill("2023-06-01", .sell, "1", "100", id: "1"), fill("2024-01-01", .buy, "1", "100", id: "2")]
        #expect(TaxReport(fills: fills, method: .fifo, year: 2024).unmatched.isEmpty)
        #expect(TaxReport(fills: fills, method: .fifo, year: 2023).unmatched == ["BTCUSDT": 1])
    }

    /// Long-term: sold after the anniversary of the purchase date (UTC), or
    /// more than `tax.longTermDays` calendar days after it.
    @Test func aHoldingPeriodIsShortOrLongByTheConfiguredRule() {
        let year = HoldingPeriod()
        #expect(!year.isLongTerm(acquired: Timestamp(parsing: "2023-03-15T23:59:00Z")!, sold: Timestamp(parsing: "2024-03-15T23:00:00Z")!))
        #expect(year.isLongTerm(acquired: Timestamp(parsing: "2023-03-15T23:59:00Z")!, sold: Timestamp(parsing: "2024-03-16T00:00:00Z")!))
        #expect(year.isLongTerm(acquired: Timestamp(parsing: "2024-02-29")!, sold: Timestamp(parsing: "2025-03-01")!))
        let days = HoldingPeriod(longTermDays: 30)
        #expect(!days.isLongTerm(acquired: Timestamp(parsing: "2024-01-01")!, sold: Timestamp(parsing: "2024-01-31T23:00:00Z")!))
        #expect(days.isLongTerm(acquired: Timestamp(parsing: "2024-01-01")!, sold: Timestamp(parsing: "2024-02-01")!))
        let rows = TaxReport(fills: [fill("2023-01-01", .buy, "1", "100", id: "1"), fill("2023-06-01", .buy, "1", "100", id: "2"),
                                     fill("2024-03-01", .sell, "2", "150", id: "3")], method: .fifo, year: 2024).rows
        #expect(rows.map(\.longTerm) == [true, false])
        #expect(TaxReport(fills: [fill("2024-01-01", .buy, "1", "100", id: "1"), fill("2024-03-01", .sell, "1", "150", id: "2")], method: .fifo, year: 2024)
            .csv().split(separator: "\n").last?.hasSuffix(",SHORT,") == true)
    }

    @Test func fifoLifoAndHifoMatchDifferentLots() {
        // Proceeds per unit: 400 − 6/1.5 = 396.
        let fifo = TaxReport(fills: fills, method: .fifo, year: 2024)
        // FIFO: 1 of the 100 lot (396 − 100 = 296), 0.5 of the 300 lot (198 − 150 = 48).
        #expect(fifo.rows.compactMap(\.realized) == [296, 48])
        #expect(fifo.totalRealized == 344)
        #expect(fifo.rows.compactMap(\.holdingDays) == [91, 60])
        // LIFO: 1 of the 200 lot (196), 0.5 of the 300 lot (48).
        #expect(TaxReport(fills: fills, method: .lifo, year: 2024).rows.compactMap(\.realized) == [196, 48])
        // HIFO: 1 of the 300 lot (96), 0.5 of the 200 lot (198 − 100 = 98).
        #expect(TaxReport(fills: fills, method: .hifo, year: 2024).rows.compactMap(\.realized) == [96, 98])
    }

    @Test func feesInTheBaseAssetShrinkTheLotAndQuoteFeesAddToItsCost() {
        let report = TaxReport(fills: [fill("2024-01-01", .buy, "1", "100", fee: "0.001", asset: "BTC", id: "1"),
                                       fill("2024-01-02", .buy, "1", "100", fee: "0.1", id: "2"),
                                       fill("2024-01-03", .sell, "1.999", "110", id: "3")], method: .fifo, year: nil)
        // Lot 1: 0.999 BTC for 100 → all of it: 0.999 × 110 − 100 = 9.89.
        // Lot 2: 1 BTC for 100.1 → 1 of it: 110 − 100.1 = 9.9.
        #expect(report.rows.compactMap(\.realized) == [d("9.89"), d("9.9")])
        #expect(report.unmatched.isEmpty)
    }

    @Test func onlyTheYearIsListedButEarlierLotsStillCountAndUnmatchedSalesAreFlagged() {
        let report = TaxReport(fills: [fill("2023-06-01", .buy, "1", "100", id: "1"), fill("2024-02-01", .sell, "2", "150", id: "2")],
                               method: .fifo, year: 2024)
        #expect(report.rows.count == 2)                       // the 2023 purchase is not listed
        #expect(report.rows[0].realized == 50 && report.rows[0].holdingDays == 245)
        #expect(report.rows[1].realized == nil && report.rows[1].proceeds == 150)
        #expect(report.unmatched["BTCUSDT"] == 1)
        let csv = report.csv().split(separator: "\n")
        #expect(csv.first == Substring(TaxReport.csvHeader))
        #expect(csv[1] == "2024-02-01T00:00:00.000Z,BTCUSDT,SELL,1,150,0,USDT,2,2023-06-01T00:00:00.000Z,100,150,50,245,SHORT,")
    }
}
