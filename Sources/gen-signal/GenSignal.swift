import ArgumentParser
import Foundation
import Shared

@main
struct GenSignal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-signal",
        abstract: "Strategies: read the event stream, forward it, and append the `signal` lines its candles trigger.",
        discussion: """
            Runs the strategies the account's tier has unlocked (SPEC §2, §7) on every symbol and interval in the stream;
            this build implements momentum breakout (SNIPER) and Bollinger/RSI mean reversion (HUNTER). Each symbol's market
            state (DEAD, NORMAL, VOLATILE, PANIC) is written as a `market_state` line whenever it changes; gen-risk records
            it, sizes by it and refuses the entries it does not allow. A strategy named with --strategies that the tier has not
            unlocked is refused (exit 6). Without an account in the database, the SNIPER set runs. Malformed lines are
            reported on stderr with their number and skipped; the exit code is 3 at the end if any were.
            Examples:
              gen-fetch replay BTCUSDT --interval 1h | gen-signal
              gen-fetch replay BTCUSDT | gen-signal --strategies momentum_breakout --strict | gen-risk
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Stop at the first malformed line (exit 3).") var strict = false
    @Option(help: "Strategies to run, comma-separated (default: every one the tier has unlocked).") var strategies: String?
    @Option(help: "Session whose account's tier decides (a backtest's --session).") var session = "default"

    static func main() { CommandMain.run(Self.self) }

    func run() throws {
        let logger = global.logger("gen-signal")
        let config = try global.loadConfig()
        let store = try? global.openStore("gen-signal", create: false)
        let tier = (try? store?.existingAccount(session: session))??.tier ?? .sniper
        let running = try StrategySelection.resolve(requested: strategies?.split(separator: ",").map(String.init), tier: tier, config: config)
        logger.debug("strategies at \(tier.rawValue): \(running.joined(separator: ", "))")
        var stage = StreamStage(strict: strict, logger: logger)
        var signals = SignalStage(config: config, strategies: running)
        defer { logger.info("candles \(signals.candlesSeen), signals \(signals.signalsEmitted)") }
        try signals.run(&stage, writer: LineWriter())
    }
}
