import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisCommandLine

@main
struct GenReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-report",
        abstract: "Reports over the store: performance (from the daily equity curve), breakdowns, HTML, tax lots, audit-trail verification, health, backups.",
        discussion: """
            Examples:
              gen-report summary
              gen-report summary --json
              gen-report verify
              gen-report equity --csv > equity.csv
              gen-report breakdown --by month
              gen-report html --output report.html
              gen-report tax --year 2024 --csv > taxes-2024.csv
              gen-report health --json
              gen-report backup --to ~/.genesis/backups --keep 42
            """,
        subcommands: [Summary.self, Equity.self, Breakdown.self, HTML.self, Tax.self, TiersReport.self, TiltReportCommand.self, Audit.self, Verify.self, Health.self, Backup.self],
        defaultSubcommand: Summary.self
    )

    static func main() { CommandMain.run(Self.self) }
}

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Trades, win rate, P&L in dollars and percent, profit factor and maximum drawdown.",
        discussion: "Examples:\n  gen-report summary --json\n  gen-report summary --session backtest-2020")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "One JSON object instead of a table.") var json = false
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func run() throws {
        _ = global.logger("gen-report")
        let store = try global.openStore("gen-report summary", create: false)
        let account = try store.requireAccount(session: session)
        let summary = PerformanceSummary(account: account, closed: try store.closedPositions(session: session),
                                         openPositions: try store.openPositionCount(session: session))
        if json {
            print(summary.json(), terminator: "")
        } else {
            print(TextTable.render(title: "Performance (\(account.quoteAsset))", rows: summary.rows), terminator: "")
            let metrics = try ReportData(store: store, session: session)
            print(TextTable.render(title: "From the daily equity curve (docs/METRICS.md)", rows: metrics.metricRows), terminator: "")
        }
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute the audit trail's hash chain; exit 7 if any event was altered or removed.",
        discussion: "Example:\n  gen-report verify")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.logger("gen-report")
        let store = try global.openStore("gen-report verify", create: false)
        let result = try store.verifyEvents()
        guard result.ok else {
            throw GenesisError.stateConflict("audit trail broken at event \(result.firstBadSeq!): \(result.problem!) (\(result.checked) events before it are intact)")
        }
        print("audit trail intact: \(result.checked) events, hash chain verified")
    }
}

extension LotMethod: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

struct Tax: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Every fill of a year with its realised P&L by lot (FIFO by default; LIFO or HIFO), cost basis, proceeds and holding period.",
        discussion: """
            Purchases before the year still supply lots; a sale no recorded purchase covers is listed without a cost basis
            and reported on stderr. Fees in the quote asset count in cost and proceeds; a base-asset fee reduces the
            quantity bought; fees in other assets (BNB) are listed, not valued.
            Examples:
              gen-report tax --year 2024 --csv > taxes-2024.csv
              gen-report tax --year 2024 --method hifo
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Calendar year (UTC).") var year: Int
    @Option(help: "Lot matching: fifo, lifo or hifo.") var method: LotMethod = .fifo
    @Flag(help: "CSV (one row per purchase and per lot a sale used) instead of a table.") var csv = false
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func validate() throws {
        guard (2009...2200).contains(year) else { throw ValidationError("--year \(year) is not a plausible year") }
    }

    func run() throws {
        let logger = global.logger("gen-report")
        let store = try global.openStore("gen-report tax", create: false)
        let report = TaxReport(fills: try store.taxFills(session: session), method: method, year: year)
        for (symbol, quantity) in report.unmatched.sorted(by: { $0.key < $1.key }) {
            logger.warning("\(symbol): \(quantity.plainText) sold without a recorded purchase; its cost basis is missing from the report")
        }
        if csv {
            print(report.csv(), terminator: "")
            return
        }
        let sales = report.rows.filter { $0.fill.side == .sell }
        print(TextTable.render(title: "Realised P&L \(year) (\(method.rawValue))", rows: [
            ("fills", String(Set(report.rows.map(\.fill.tradeID)).count)),
            ("lots sold", String(sales.count)),
            ("proceeds", sales.compactMap(\.proceeds).reduce(0, +).rounded(scale: 2, .plain).plainText),
            ("cost basis", sales.compactMap(\.costBasis).reduce(0, +).rounded(scale: 2, .plain).plainText),
            ("realised P&L", report.totalRealized.rounded(scale: 2, .plain).plainText),
        ]), terminator: "")
    }
}
