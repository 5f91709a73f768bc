import ArgumentParser
import Foundation
import Shared

@main
struct GenReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-report",
        abstract: "Reports over the store: performance summary and audit-trail verification.",
        discussion: """
            Examples:
              gen-report summary
              gen-report summary --json
              gen-report verify
            """,
        subcommands: [Summary.self, Verify.self],
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
    @Option(help: "Session to report (a backtest's --session); the trader's own account is `default`.") var session = "default"

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
