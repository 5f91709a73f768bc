import ArgumentParser
import Foundation
import Logging
import GenesisDomain
import GenesisStore
import GenesisCommandLine

struct DisciplineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discipline",
        abstract: "What discipline did: a backtest session beside the same signals run unguarded, the effect of each rule, and the timeline.",
        discussion: """
            The unguarded side replays every signal of the session through the paper venue on the same stored \
            candles (the finest interval of each symbol, over the session's replayed period) at the strategy's own \
            size: a fixed risk.positionFraction of its own balance, one position per symbol, the signal's stop and \
            target (else the default stop), the same fees and slippage, and no tier, tilt, loss limit or halt. \
            Three tables: the two side by side (trades, P&L, return, worst marked-to-market drawdown, longest losing \
            streak); per rule, the signals it refused with what they made unguarded and the entries it shrank with \
            the P&L difference; the timeline of tier changes, lockouts, halts, deleveraging and emergency closes. \
            The configuration is the one the session last ran with (kept in the store), else --config. Nothing in \
            the output depends on the clock: a second run prints the same. Formulas: docs/METRICS.md.

            Examples:
              gen-report discipline --session backtest-2020
              gen-report discipline --session backtest-2020 --json | jq '.rules[] | select(.refused > 0)'
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "One JSON object instead of tables.") var json = false
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func run() throws {
        let logger = global.logger("gen-report")
        let store = try global.openStore("gen-report discipline", create: false)
        let report = try DisciplineReport(store: store, session: session, config: try Self.config(store: store, session: session, global: global, logger: logger))
        print(json ? report.json() : report.text, terminator: "")
    }

    /// The configuration the session ran with, else the file's (a session
    /// from before snapshots were kept).
    static func config(store: Store, session: String, global: GlobalOptions, logger: Logger) throws -> GenesisConfig {
        if let kept = try store.sessionConfig(session: session) { return kept }
        logger.notice("no configuration is kept for session '\(session)'; the unguarded replay uses \(global.config ?? "the configuration file or the defaults")")
        return try global.loadConfigWithoutStore()
    }
}
