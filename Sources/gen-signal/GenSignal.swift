import ArgumentParser
import Foundation
import Shared

@main
struct GenSignal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-signal",
        abstract: "Strategies: read the event stream, forward it, and append the `signal` lines its candles trigger.",
        discussion: """
            Runs SNIPER momentum breakout (SPEC §7) on every symbol and interval in the stream. Malformed lines are reported
            on stderr with their number and skipped; the exit code is 3 at the end if any were.
            Examples:
              gen-fetch replay BTCUSDT --interval 1h | gen-signal
              gen-fetch replay BTCUSDT | gen-signal --strict | gen-risk
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Stop at the first malformed line (exit 3).") var strict = false

    static func main() { CommandMain.run(Self.self) }

    func run() throws {
        let logger = global.logger("gen-signal")
        let config = try global.loadConfig()
        var stage = StreamStage(strict: strict, logger: logger)
        var signals = SignalStage(config: config)
        defer { logger.info("candles \(signals.candlesSeen), signals \(signals.signalsEmitted)") }
        try signals.run(&stage, writer: LineWriter())
    }
}
