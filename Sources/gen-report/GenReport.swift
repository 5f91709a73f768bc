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
              gen-report discipline --session backtest-2020
              gen-report sweep --symbol BTCUSDT --interval 1h --from 2024-01-01 --to 2025-01-01 --train-days 90 --test-days 30 --grid strategies.momentumBreakout.lookback=20,40
            """,
        subcommands: [Summary.self, Equity.self, Breakdown.self, HTML.self, Tax.self, TiersReport.self, TiltReportCommand.self, Audit.self, Verify.self, Health.self, Backup.self, Restore.self, Sweep.self, DisciplineCommand.self],
        defaultSubcommand: Summary.self
    )

    static func main() { CommandMain.run(Self.self) }
}

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Trades, win rate, P&L, profit factor, R, SQN, both drawdowns (realised and marked to market), Sharpe, Sortino and Calmar.",
        discussion: """
            Two tables: the closed trades with the drawdown of the realised balance (after each close), then the \
            daily equity curve over the session's days on the data's clock (a backtest: its replayed period), \
            marked to market, with its drawdown and the annualised ratios. --json carries every figure of both, \
            named for what it is; a figure the data cannot give is null, with its reason under "why_null". \
            Formulas and the minimum data for each: docs/METRICS.md.

            Examples:
              gen-report summary --json
              gen-report summary --session backtest-2020
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "One JSON object instead of tables.") var json = false
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func run() throws {
        _ = global.logger("gen-report")
        let store = try global.openStore("gen-report summary", create: false)
        let report = try PerformanceReport(store: store, session: session)
        print(json ? report.json() : report.text, terminator: "")
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the audit trail and the ledger against it; exit 7 if anything was altered or removed.",
        discussion: """
            Checks, from one read snapshot (DESIGN §1.2):
              - the hash chain: every event links to the one before and matches its hash;
              - the chain's end against the head file beside the database (<db>.head):
                events cut from the end, all events deleted, a missing head file;
              - the append-only triggers on events (dropped or replaced);
              - accounts, positions, fills, lockouts, tier and tilt state and the trading
                state against the events written with them (an edited balance, position
                or fill, a deleted row, a row no event wrote).
            Each finding is one line: TAMPERED (exit 7), WARNING (events past the head,
            e.g. after a crash between a commit and the head write) or NOT CHECKABLE
            (rows written before this build recorded what is needed). What verify
            cannot detect: docs/RUNBOOK.md, "What gen-report verify can and cannot detect".

            Examples:
              gen-report verify
              gen-report verify --json --db ~/backups/genesis-20240301T120000Z.db
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "One JSON object instead of text.") var json = false

    func run() throws {
        _ = global.logger("gen-report")
        let store = try global.openStore("gen-report verify", create: false)
        let report = try store.verifyRecord()
        if json {
            print(report.json(), terminator: "")
        } else {
            for line in report.lines { print(line) }
        }
        guard report.intact else {
            throw GenesisError.stateConflict("the record of \(store.path) was altered outside GENESIS: \(report.tampered.count) finding\(report.tampered.count == 1 ? "" : "s") on stdout")
        }
    }
}

extension LotMethod: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

struct Tax: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Every fill of a year with its realised P&L by lot (FIFO by default; LIFO or HIFO), cost basis, proceeds and holding period.",
        discussion: """
            Fills are matched in the order they happened (time, then the order they were booked). Purchases before the
            year still supply lots; a sale of the year that no recorded purchase covers is listed without a cost basis,
            kept out of the totals, and reported on stderr. Each sale is short- or long-term by `tax.longTermDays` (default:
            sold after the first anniversary of the purchase date; CSV column `term`). Fees in the quote asset count in cost and proceeds; a base-asset fee reduces the
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
        let holding = HoldingPeriod(longTermDays: try global.loadConfigWithoutStore().tax.longTermDays)
        let report = TaxReport(fills: try store.taxFills(session: session), method: method, year: year, holding: holding)
        for (symbol, quantity) in report.unmatched.sorted(by: { $0.key < $1.key }) {
            logger.warning("\(symbol): \(quantity.plainText) sold without a recorded purchase; its cost basis is missing from the report")
        }
        if csv {
            print(report.csv(), terminator: "")
            return
        }
        // Totals over the sales matched to a purchase, so proceeds − cost basis = P&L;
        // a sale without a recorded purchase is shown apart, with its proceeds alone.
        let sales = report.rows.filter { $0.fill.side == .sell }
        let matched = sales.filter { $0.costBasis != nil }, unmatched = sales.filter { $0.costBasis == nil }
        func total(_ rows: [TaxRow], _ figure: (TaxRow) -> Decimal?) -> String {
            rows.compactMap(figure).reduce(Decimal(0), +).rounded(scale: 2, .plain).plainText
        }
        var rows: [(String, String)] = [
            ("fills", String(Set(report.rows.map(\.fill.tradeID)).count)),
            ("lots sold", String(matched.count)),
            ("proceeds", total(matched, \.proceeds)),
            ("cost basis", total(matched, \.costBasis)),
            ("realised P&L", report.totalRealized.rounded(scale: 2, .plain).plainText),
            ("  short-term", total(matched.filter { $0.longTerm == false }, \.realized)),
            ("  long-term", total(matched.filter { $0.longTerm == true }, \.realized) + " (\(holding.description))"),
        ]
        if !unmatched.isEmpty {
            rows.append(("sold without a purchase", "\(unmatched.count) (proceeds \(total(unmatched, \.proceeds)), no cost basis: not in the P&L)"))
        }
        print(TextTable.render(title: "Realised P&L \(year) (\(method.rawValue))", rows: rows), terminator: "")
    }
}
