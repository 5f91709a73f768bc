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
    @Option(help: "Venue: paper, sim (gen-sim on 127.0.0.1:8765), testnet, binance, or an http(s) base URL such as http://127.0.0.1:PORT.") var venue: String = "paper"
    @Option(help: "Session label; must match gen-risk's.") var session: String = "default"
    @Flag(help: "Stop at the first malformed line (exit 3).") var strict = false

    static func main() { CommandMain.run(Self.self) }

    func validate() throws {
        guard Venue(argument: venue) != nil else {
            throw ValidationError("--venue '\(venue)' is not paper, sim, testnet, binance or an http(s) URL")
        }
    }

    func run() throws {
        let logger = global.logger("gen-exec")
        let config = try global.loadConfig()
        let store = try global.openStore("gen-exec")
        var stage = StreamStage(strict: strict, logger: logger)
        let writer = LineWriter()
        switch Venue(argument: venue)! {
        case .paper:
            let paper = try PaperVenue(ledger: store, paper: config.paper, session: session)
            let execution = try ExecutionStage(store: store, venue: paper, session: session, logger: logger)
            defer { logger.info("fills \(execution.fills)") }
            try execution.run(&stage, writer: writer)
        case let .exchange(name, restBase):
            let credentials: Credentials
            do { credentials = try Credentials.load() } catch { throw GenesisError.configuration(key: "credentials", message: error.description) }
            let http = BinanceGateway.makeHTTPClient(config.execution)
            defer { try? runBlocking { try await http.shutdown() } }
            let gateway = BinanceGateway(venue: name, restBase: restBase, credentials: credentials, http: http, state: store, settings: config.execution)
            let exchange = try ExchangeVenue(name: name, gateway: gateway, ledger: store, session: session, logger: logger)
            let execution = try ExecutionStage(store: store, venue: exchange, session: session, logger: logger)
            // Orders a crash left unresolved are settled before anything new is sent.
            for output in try exchange.resolvePending() {
                for bytes in output.encoded(ts: Timestamp.now(), venue: name) { writer.write(bytes) }
            }
            defer { logger.info("fills \(execution.fills)") }
            try execution.run(&stage, writer: writer)
        }
    }
}
