import ArgumentParser
import Foundation
import Shared

@main
struct GenExec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-exec",
        abstract: "Execute `order` intents on a venue; record orders, fills, positions and balance; forward the stream.",
        discussion: """
            The paper venue fills a market order at the next price of its symbol (candle open or book touch) moved by the
            configured slippage, charges the configured fee, and closes positions when a later price crosses their
            stop-loss or target. Every change is one database transaction with its audit events.
            Examples:
              gen-fetch replay BTCUSDT | gen-signal | gen-risk | gen-exec --venue paper
              ... | gen-exec --venue paper --session backtest-2020 > stream.ndjson
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Venue: paper (Binance, testnet and the local simulator arrive with the exchange gateway).") var venue: String = "paper"
    @Option(help: "Session label; must match gen-risk's.") var session: String = "default"
    @Flag(help: "Stop at the first malformed line (exit 3).") var strict = false

    static func main() { CommandMain.run(Self.self) }

    func validate() throws {
        guard venue == "paper" else {
            throw ValidationError("--venue '\(venue)' is not available in this build; only 'paper' is (binance, testnet and sim come with the exchange gateway)")
        }
    }

    func run() throws {
        let logger = global.logger("gen-exec")
        let config = try global.loadConfig()
        let store = try global.openStore("gen-exec")
        var stage = StreamStage(strict: strict, logger: logger)
        let execution = try PaperExecutionStage(store: store, config: config, session: session, logger: logger)
        defer { logger.info("fills \(execution.fills)") }
        try execution.run(&stage, writer: LineWriter())
    }
}
