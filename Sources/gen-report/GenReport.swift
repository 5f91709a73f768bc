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
              gen-report daily --day yesterday
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
        subcommands: [Summary.self, Daily.self, Equity.self, Breakdown.self, HTML.self, Tax.self, TiersReport.self, TiltReportCommand.self, Audit.self, Verify.self, Health.self, Backup.self, Restore.self, Migrate.self, Sweep.self, DisciplineCommand.self],
        defaultSubcommand: Summary.self
    )

    static func main() { CommandMain.run(Self.self) }
}

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Trades, win rate, P&L, profit factor, R, SQN, both drawdowns (realised and marked to market), Sharpe, Sortino and Calmar; or one row per day, week or month.",
        discussion: """
            Two tables: the closed trades with the drawdown of the realised balance (after each close), then the \
            daily equity curve over the session's days on the data's clock (a backtest: its replayed period), \
            marked to market, with its drawdown and the annualised ratios. --json carries every figure of both, \
            named for what it is; a figure the data cannot give is null, with its reason under "why_null". \
            --csv: the same figures as one header line and one row (columns in alphabetical order, no why_null). \
            Formulas and the minimum data for each: docs/METRICS.md.

            --by day|week|month: one row per UTC period (weeks are ISO weeks, 2024-W09): trades, wins, win rate, \
            net P&L, profit factor, expectancy, the period's return on the equity curve (from the previous \
            period's close to its last close) and its marked-to-market max drawdown within the period. A trade \
            counts in the period of the curve day its close is counted on. --json: one JSON array of objects; \
            --csv: the same columns. docs/METRICS.md, "Per-period summaries".

            Examples:
              gen-report summary --json
              gen-report summary --session backtest-2020
              gen-report summary --by month
              gen-report summary --by week --csv > weeks.csv
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "One JSON object instead of tables (with --by: one JSON array, an object per period).") var json = false
    @Flag(help: "CSV: a header line and one row (with --by: a row per period).") var csv = false
    @Option(help: "One row per period: day, week or month (UTC).") var by: SummaryPeriod?
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func validate() throws { try requireOneFormat(json: json, csv: csv) }

    func run() throws {
        _ = global.logger("gen-report")
        let store = try global.openStore("gen-report summary", create: false)
        if let by {
            let data = try ReportData(store: store, session: session)
            let periods = PeriodSummary.periods(by: by, curve: data.curve, trades: data.trades)
            if json || csv {
                let table = PeriodSummary.table(periods)
                print(json ? table.json() : table.csv(), terminator: "")
            } else {
                print(PeriodSummary.text(periods, by: by), terminator: "")
            }
            return
        }
        let report = try PerformanceReport(store: store, session: session)
        if csv {
            // The JSON's own members, so the two can never name or write a figure differently; columns alphabetical.
            let row = report.members.filter { $0.0 != "why_null" }.sorted { $0.0 < $1.0 }
            print(ReportTable(columns: row.map(\.0), rows: [row]).csv(), terminator: "")
            return
        }
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

