import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisCommandLine

struct Tax: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Every fill of a year with its realised P&L by lot (FIFO by default; LIFO or HIFO), cost basis, proceeds and holding period, reconciled with the summary; exports for Koinly and CoinTracker.",
        discussion: """
            Fills are matched in the order they happened (time, then the order they were booked). Purchases before the
            year still supply lots; a sale of the year that no recorded purchase covers is listed without a cost basis,
            kept out of the totals, and reported on stderr. Each sale is short- or long-term by `tax.longTermDays` (default:
            sold after the first anniversary of the purchase date; CSV column `term`).

            Figures are in the account's quote asset (the report currency). Fees in the quote asset count in cost and
            proceeds; a base-asset fee reduces the quantity bought; a fee in another asset (BNB) is valued at that asset's
            price at the time. A cross pair (ETHBTC) is valued at its quote asset's price at the time. Prices come from
            stored candles (asset + report currency, the finest one open at the fill; CSV column `valuation` names it);
            a fill no stored candle values is listed without figures and reported on stderr.

            The text report ends with the reconciliation with `gen-report summary`: the positions closed in the year,
            plus or minus each named difference, equal the tax report's realised P&L; what is still held at the year's
            end is shown marked to market (unrealised: in neither). docs/METRICS.md §7.

            --export writes a file for a tax tool (all fills of the year, as the exchange reported them):
              koinly       Koinly's Universal CSV template
              cointracker  CoinTracker's CSV template
              disposals    one row per disposal (lot sold): acquired, sold, proceeds, cost basis, gain, term

            Examples:
              gen-report tax --year 2024
              gen-report tax --year 2024 --csv > taxes-2024.csv
              gen-report tax --year 2024 --method hifo --json
              gen-report tax --year 2024 --export koinly > koinly-2024.csv
              gen-report tax --year 2024 --export cointracker > cointracker-2024.csv
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Calendar year (UTC).") var year: Int
    @Option(help: "Lot matching: fifo, lifo or hifo.") var method: LotMethod = .fifo
    @Flag(help: "CSV (one row per purchase and per lot a sale used) instead of a table.") var csv = false
    @Flag(help: "One JSON object: totals, rows, reconciliation, what is held at the year's end.") var json = false
    @Option(help: "A file for a tax tool: koinly, cointracker or disposals.") var export: TaxExport?
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func validate() throws {
        guard (2009...2200).contains(year) else { throw ValidationError("--year \(year) is not a plausible year") }
        guard [csv, json, export != nil].filter({ $0 }).count <= 1 else { throw ValidationError("--csv, --json and --export are alternatives: give one") }
    }

    func run() throws {
        let logger = global.logger("gen-report")
        let store = try global.openStore("gen-report tax", create: false)
        let currency = try store.reportedAccount(session: session).quoteAsset
        let holding = HoldingPeriod(longTermDays: try global.loadConfigWithoutStore().tax.longTermDays)
        let yearEnd = Timestamp(parsing: "\(year + 1)-01-01")!
        let fills = try store.taxFills(session: session, before: yearEnd)
        // Lots are matched over every fill to the year's end; the year's rows are cut from that history.
        let history = TaxReport(fills: fills, method: method, year: nil, holding: holding)
        let report = history.restricted(to: year)
        for (symbol, quantity) in report.unmatched.sorted(by: { $0.key < $1.key }) {
            logger.warning("\(symbol): \(quantity.plainText) sold without a recorded purchase; its cost basis is missing from the report")
        }
        for (symbol, count) in report.unvalued.sorted(by: { $0.key < $1.key }) {
            logger.warning("\(symbol): \(count) fill\(count == 1 ? "" : "s") with no stored price in \(currency) at the time (import the candles of the quote or fee asset against \(currency)); left out of the totals")
        }
        if let export {
            print(export.file(report, currency: currency), terminator: "")
            return
        }
        if csv {
            print(report.csv(), terminator: "")
            return
        }
        let reconciliation = TaxReconciliation(year: year, currency: currency, history: history, positions: try store.positionSpans(session: session))
        let held = try heldAtYearEnd(history, store: store, currency: currency, yearEnd: yearEnd)
        let totals = TaxTotals(report)
        if json {
            print(jsonReport(report, totals: totals, reconciliation: reconciliation, held: held, currency: currency, holding: holding).text)
            return
        }
        var rows: [(String, String)] = [
            ("fills", String(report.fillCount)),
            ("lots sold", String(totals.matchedCount)),
            ("proceeds", ReportFormat.money(totals.proceeds)),
            ("cost basis", ReportFormat.money(totals.costBasis)),
            ("realised P&L", ReportFormat.money(report.totalRealized)),
            ("  short-term", ReportFormat.money(totals.shortTerm)),
            ("  long-term", ReportFormat.money(totals.longTerm) + " (\(holding.description))"),
        ]
        if !totals.unmatched.isEmpty {
            rows.append(("sold without a purchase", "\(totals.unmatched.count) (proceeds \(ReportFormat.money(totals.unmatched.compactMap(\.proceeds).reduce(0, +))), no cost basis: not in the P&L)"))
        }
        if !report.unvalued.isEmpty {
            rows.append(("not valued", "\(report.unvalued.values.reduce(0, +)) fills without a stored price in \(currency): not in the figures"))
        }
        print(TextTable.render(title: "Realised P&L \(year) (\(method.rawValue), \(currency))", rows: rows), terminator: "")
        var lines = reconciliation.lines.map { ($0.label, ReportFormat.money($0.amount)) }
        for position in held {
            lines.append(("held at the end of \(year): \(position.symbol)", position.text))
        }
        if held.isEmpty { lines.append(("held at the end of \(year)", "nothing")) }
        print("\n" + TextTable.render(title: "Reconciliation with gen-report summary", rows: lines), terminator: "")
    }

    /// What the lots still held at the year's end are worth at its last
    /// stored close: unrealised, in neither the summary's nor the tax P&L.
    func heldAtYearEnd(_ history: TaxReport, store: Store, currency: String, yearEnd: Timestamp) throws -> [HeldLot] {
        try history.heldLots.sorted { $0.key < $1.key }.map { symbol, lot in
            let quote = history.rows.last { $0.fill.symbol == symbol }?.fill.quoteAsset ?? currency
            let close = try store.latestClose(symbol: symbol, before: yearEnd)
            let quoteValue = try store.assetValue(quote, in: currency, at: Timestamp(milliseconds: yearEnd.milliseconds - 1))?.price
            let value = close.flatMap { close in quoteValue.map { (close * lot.quantity * $0).rounded(scale: 8, .plain) } }
            return HeldLot(symbol: symbol, quantity: lot.quantity, cost: lot.cost, close: close, value: value)
        }
    }

    func jsonReport(_ report: TaxReport, totals: TaxTotals, reconciliation: TaxReconciliation, held: [HeldLot], currency: String, holding: HoldingPeriod) -> JSONValue {
        // Times and amounts by `ReportText`: the same text as `iso8601` and `plainText`, without a Calendar per row.
        func money(_ value: Decimal?) -> JSONValue { value.map { .string(ReportText.plain($0)) } ?? .null }
        let rows: [JSONValue] = report.rows.map { row in
            .object([("time", .string(row.fill.time.iso8601)), ("pair", .string(row.fill.symbol)), ("side", .string(row.fill.side.rawValue)),
                     ("quantity", .string(ReportText.plain(row.quantity))), ("price", .string(ReportText.plain(row.fill.price))),
                     ("fee", .string(ReportText.plain(row.fee))),
                     ("fee_asset", .string(row.fill.feeAsset)), ("trade_id", .string(row.fill.tradeID)),
                     ("lot_acquired", row.lotAcquired.map { .string($0.iso8601) } ?? .null), ("cost_basis", money(row.costBasis)),
                     ("proceeds", money(row.proceeds)), ("realized_pnl", money(row.realized)), ("holding_days", row.holdingDays.map { .integer($0) } ?? .null),
                     ("term", row.longTerm.map { .string($0 ? "LONG" : "SHORT") } ?? .null),
                     ("valuation", row.fill.valuation.isEmpty ? .null : .string(row.fill.valuation))])
        }
        return .object([
            ("year", .integer(Int64(year))), ("method", .string(method.rawValue)), ("currency", .string(currency)), ("holding_rule", .string(holding.description)),
            ("fills", .integer(Int64(report.fillCount))), ("lots_sold", .integer(Int64(totals.matchedCount))),
            ("proceeds", money(totals.proceeds)), ("cost_basis", money(totals.costBasis)), ("realized_pnl", money(report.totalRealized)),
            ("short_term_pnl", money(totals.shortTerm)), ("long_term_pnl", money(totals.longTerm)),
            ("unmatched", .object(report.unmatched.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value.plainText)) })),
            ("unvalued", .object(report.unvalued.sorted { $0.key < $1.key }.map { ($0.key, .integer(Int64($0.value))) })),
            ("reconciliation", .object(reconciliation.lines.map { ($0.key, money($0.amount)) })),
            ("held_at_year_end", .array(held.map { lot in
                .object([("symbol", .string(lot.symbol)), ("quantity", .string(lot.quantity.plainText)), ("cost", money(lot.cost)),
                         ("close", money(lot.close)), ("value", money(lot.value)), ("unrealized", money(lot.unrealized))])
            })),
            ("rows", .array(rows)),
        ])
    }
}

/// The totals of a year's tax table: over the sales matched to a purchase,
/// so proceeds − cost basis = P&L; a sale without a recorded purchase is
/// apart, with its proceeds alone.
struct TaxTotals {
    var matchedCount = 0
    var unmatched: [TaxRow] = []
    var proceeds: Decimal
    var costBasis: Decimal
    var shortTerm: Decimal
    var longTerm: Decimal

    /// One pass over the rows, each sum in row order (`DecimalSum`), no copy of the rows.
    init(_ report: TaxReport) {
        var proceeds = DecimalSum(), costBasis = DecimalSum(), shortTerm = DecimalSum(), longTerm = DecimalSum()
        for row in report.rows where row.fill.side == .sell {
            if row.lotAcquired == nil { unmatched.append(row) }
            // A row without a valuation is in neither total, so the totals still subtract.
            guard row.lotAcquired != nil, let realized = row.realized else { continue }
            matchedCount += 1
            if let value = row.proceeds { proceeds.add(value) }
            if let value = row.costBasis { costBasis.add(value) }
            if row.longTerm == false { shortTerm.add(realized) }
            if row.longTerm == true { longTerm.add(realized) }
        }
        self.proceeds = proceeds.total
        self.costBasis = costBasis.total
        self.shortTerm = shortTerm.total
        self.longTerm = longTerm.total
    }
}

/// A symbol's lots still held at a year's end, marked at its last close.
struct HeldLot {
    var symbol: String
    var quantity: Decimal
    var cost: Decimal?
    var close: Decimal?
    var value: Decimal?
    var unrealized: Decimal? { value.flatMap { value in cost.map { value - $0 } } }

    var text: String {
        "\(quantity.plainText) at cost \(cost.map(ReportFormat.money) ?? "n/a"), worth \(value.map(ReportFormat.money) ?? "n/a (no stored close)")"
            + " at the last close \(close?.plainText ?? "n/a"): unrealised \(unrealized.map(ReportFormat.money) ?? "n/a")"
    }
}

extension TaxExport: ExpressibleByArgument {}
