import ArgumentParser
import Foundation
import Logging
import GenesisDomain
import GenesisStore
import GenesisPipeline
import GenesisCommandLine
import GenesisBinance
import GenesisExchange
import GenesisControl

@main
struct GenExec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-exec",
        abstract: "Execute `order` intents on a venue; record orders, fills, positions and balance; forward the stream.",
        discussion: """
            Examples:
              gen-fetch replay BTCUSDT | gen-signal | gen-risk | gen-exec --venue paper
              ... | gen-risk --clock wall | gen-exec --venue testnet
              gen-exec halt --reason "exchange acting up" --confirm "HALT TRADING NOW"
              gen-exec close-all --venue testnet --confirm "CLOSE ALL POSITIONS" --max-slippage 1%
            """,
        subcommands: [Run.self, Watch.self, Halt.self, Resume.self, CancelAll.self, CloseAll.self, Reconcile.self, ManualOrder.self, CancelOrder.self, AmendOrder.self, Api.self],
        defaultSubcommand: Run.self
    )

    static func main() { CommandMain.run(Self.self) }
}

/// Venue and session options shared by the subcommands.
struct ExecutionOptions: ParsableArguments {
    @Option(help: "Venue: paper, sim (gen-sim on 127.0.0.1:8765), testnet, binance, an https base URL, or http on this machine such as http://127.0.0.1:PORT. Keys: BINANCE_* go to binance only, GENESIS_TESTNET_* to testnet, GENESIS_SIM_* to everything else.") var venue: Venue = .paper
    @OptionGroup var sessionOptions: SessionOptions

    var session: String { sessionOptions.name }

    /// Opens the exchange side of a non-paper venue (`LiveAccountGate`).
    func exchange(store: Store, config: GenesisConfig, logger: Logger) throws -> (ExchangeVenue, HTTPClientHandle)? {
        try LiveAccountGate.open(venue: venue, session: session, store: store, config: config, logger: logger)
    }
}


struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Execute each `order` line (the default when no subcommand is given); forward every other line.",
        discussion: """
            Only orders gen-risk approved are executed. The paper venue fills a market order at the next price of its symbol
            (candle open or book touch) moved by the configured slippage and charges the configured fee. On an exchange the
            order is recorded before it is sent, checked against the exchange's filters, and an unknown outcome is looked up
            by its client order id; on start, orders a crash left unresolved are settled and open orders and balances are
            reconciled with the store (a mismatch halts trading, exit 7). Positions exit when a price crosses their stop or target.
            Examples:
              gen-fetch replay BTCUSDT | gen-signal | gen-risk | gen-exec --venue paper
              ... | gen-exec --venue sim --session drill-1
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ExecutionOptions
    @Flag(help: "Stop at the first malformed line (exit 3).") var strict = false
    @Flag(help: "Write the pipeline heartbeat on paper too (always written on an exchange venue).") var heartbeat = false

    func run() throws {
        let logger = global.logger("gen-exec")
        let store = try global.openStore("gen-exec")
        let config = try global.loadConfig(adoptingFor: store, session: options.session, logger: logger)
        var stage = StreamStage(strict: strict, logger: logger)
        let writer = LineWriter()
        let venue: any ExecutionVenue
        var liveClock: (any TimeSource)?
        var http: HTTPClientHandle?
        defer { http?.shutdown() }
        if let (exchange, handle) = try options.exchange(store: store, config: config, logger: logger) {
            http = handle
            _ = try reconcileOrHalt(exchange, store: store, writer: writer)
            // Worked entries a crash interrupted go on from where they stopped.
            writer.write(try exchange.resumeWork(), ts: exchange.clock.now(), venue: exchange.name)
            venue = exchange
            liveClock = exchange.clock
        } else {
            venue = try PaperVenue(ledger: store, paper: config.paper, session: options.session, config: config)
        }
        let execution = try ExecutionStage(store: store, venue: venue, session: options.session, config: config, liveClock: liveClock, logger: logger)
        defer { logger.info("fills \(execution.fills)") }
        execution.monitor = PipelineMonitor.started(store: store, session: options.session, venue: venue.name, settings: config.pipeline,
                                                    onExchange: liveClock != nil, asked: heartbeat, logger: logger)
        try execution.run(&stage, writer: writer)
        execution.monitor?.stop(now: .now())
    }
}

/// Settles what a crash left unresolved and compares the exchange with the
/// store (DESIGN §5); writes what was booked, and ends with exit 7 when
/// anything unexplained halted trading. Returns what was booked.
func reconcileOrHalt(_ exchange: ExchangeVenue, store: Store, writer: LineWriter, acknowledging reason: String? = nil) throws -> [VenueOutput] {
    let (outputs, acknowledged, halted) = try exchange.reconcileOrHalt(store: store, by: "gen-exec", at: Timestamp.now(), acknowledging: reason)
    for trade in acknowledged { print("acknowledged: \(trade.description)") }
    writer.write(outputs, ts: Timestamp.now(), venue: exchange.name)
    writer.flush()
    if let halted {
        throw GenesisError.stateConflict("reconciliation found what the store cannot explain, so trading is HALTED: \(halted). Inspect it, then `gen-exec resume`.")
    }
    return outputs
}

struct Reconcile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare the exchange's open orders and balances with the store; settle unresolved orders; re-place missing protection; halt on anything unexplained (exit 7).",
        discussion: """
            Trades of the last 24 hours that the store did not make (by hand on the exchange, or by another tool) halt
            trading until you say they were yours: --acknowledge-trades with a reason records them in the audit trail.
            Positions the store does not know are not adopted; GENESIS only manages what it opened.

            Examples:
              gen-exec reconcile --venue testnet
              gen-exec reconcile --venue binance --acknowledge-trades "sold BTC by hand in the app"
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ExecutionOptions
    @Option(name: .customLong("acknowledge-trades"), help: "Record the unexplained trades as yours (made outside GENESIS), with this reason.")
    var acknowledgeReason: String?

    func validate() throws {
        if let acknowledgeReason, acknowledgeReason.trimmingCharacters(in: .whitespaces).count < 5 {
            throw ValidationError("--acknowledge-trades needs a reason of at least 5 characters")
        }
    }

    func run() throws {
        let logger = global.logger("gen-exec")
        let store = try global.openStore("gen-exec reconcile")
        let config = try global.loadConfig(adoptingFor: store, session: options.session, logger: logger)
        guard let (exchange, http) = try options.exchange(store: store, config: config, logger: logger) else {
            print("paper: nothing to reconcile (the store is the venue)")
            return
        }
        defer { http.shutdown() }
        let writer = LineWriter()
        let outputs = try reconcileOrHalt(exchange, store: store, writer: writer, acknowledging: acknowledgeReason)
        print("reconciled: \(outputs.count) unresolved order update\(outputs.count == 1 ? "" : "s") booked; open orders and balances match the store")
    }
}

struct Halt: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Halt trading: no new position is opened until `gen-exec resume`; stops, targets and exits still go through.",
        discussion: "Example:\n  gen-exec halt --reason \"news spike\" --confirm \"HALT TRADING NOW\"")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Why, in a few words (recorded).") var reason: String
    @Option(help: "The phrase HALT TRADING NOW, typed out.") var confirm: String

    func run() throws {
        let logger = global.logger("gen-exec")
        let store = try global.openStore("gen-exec halt", create: false)
        // The phrase in force: a changed one waits out the cooling-off (DESIGN §1.3).
        let config = try global.loadConfig(adoptingFor: store, session: Account.defaultSession, logger: logger)
        guard confirm == config.execution.haltPhrase else {
            throw GenesisError.refused(rule: "confirmation", message: "type --confirm \"\(config.execution.haltPhrase)\" exactly to halt trading")
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
        print(try store.haltByTrader(reason: reason, by: "gen-exec halt", at: try store.liveClock().now()))
    }
}

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Resume trading after your own halt, or an emergency halt once its cooldown has passed (a reconciliation halt ends only with a clean `gen-exec reconcile`).",
        discussion: "Example:\n  gen-exec resume")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let logger = global.logger("gen-exec")
        let store = try global.openStore("gen-exec resume", create: false)
        let config = try global.loadConfig(adoptingFor: store, session: Account.defaultSession, logger: logger)
        print(try store.resume(by: "gen-exec resume", at: try store.liveClock().now(), cooldownEnd: TierMachine(config: config).cooldownEnd))
    }
}

struct CancelAll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel-all",
        abstract: "Cancel every open order on the venue and mark the session's unfilled orders canceled.",
        discussion: """
            The stop and target GENESIS placed on the exchange for an open position stay: a position is never left
            unprotected by a cancel (close-all takes them off together with the position).
            Examples:
              gen-exec cancel-all --venue testnet
              gen-exec cancel-all --venue paper --session drill-1
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ExecutionOptions

    func run() throws {
        let logger = global.logger("gen-exec")
        let store = try global.openStore("gen-exec cancel-all", create: false)
        _ = try store.requireAccount(session: options.session)
        let config = try global.loadConfig(adoptingFor: store, session: options.session, logger: logger)
        let now = Timestamp.now()
        if let (exchange, http) = try options.exchange(store: store, config: config, logger: logger) {
            defer { http.shutdown() }
            let canceled = try exchange.cancelAll(at: now)
            print("canceled \(canceled.count) open order\(canceled.count == 1 ? "" : "s") on \(exchange.name)")
        } else {
            let canceled = try store.cancelOpenOrders(session: options.session, reason: "cancel-all", at: now)
            print("canceled \(canceled.count) waiting paper order\(canceled.count == 1 ? "" : "s")")
        }
    }
}

struct CloseAll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close-all",
        abstract: "Sell every open position now, at most --max-slippage below the bid (paper: at the newest stored price).",
        discussion: "Example:\n  gen-exec close-all --venue testnet --confirm \"CLOSE ALL POSITIONS\" --max-slippage 1%")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ExecutionOptions
    @Option(help: "The phrase CLOSE ALL POSITIONS, typed out.") var confirm: String
    @Option(help: "Worst price accepted below the bid, like 1% or 0.01 (default from the configuration).") var maxSlippage: String?

    func validate() throws {
        if let maxSlippage, Self.fraction(maxSlippage) == nil { throw ValidationError("--max-slippage '\(maxSlippage)' must be like 1% or 0.01, between 0 and 20%") }
    }

    static func fraction(_ text: String) -> Decimal? {
        let value = text.hasSuffix("%") ? Decimal.parse(text.dropLast()).map { $0 / 100 } : Decimal.parse(text)
        guard let value, value >= 0, value <= Decimal(string: "0.2")! else { return nil }
        return value
    }

    func run() throws {
        let logger = global.logger("gen-exec")
        let store = try global.openStore("gen-exec close-all", create: false)
        _ = try store.requireAccount(session: options.session)
        let config = try global.loadConfig(adoptingFor: store, session: options.session, logger: logger)
        guard confirm == config.execution.closeAllPhrase else {
            throw GenesisError.refused(rule: "confirmation", message: "type --confirm \"\(config.execution.closeAllPhrase)\" exactly to close every position")
        }
        let writer = LineWriter()
        let outputs: [VenueOutput]
        let venueName: String
        if let (exchange, http) = try options.exchange(store: store, config: config, logger: logger) {
            defer { http.shutdown() }
            outputs = try exchange.closeAll(maxSlippage: maxSlippage.flatMap(Self.fraction) ?? config.execution.closeAllMaxSlippage.value, at: Timestamp.now())
            venueName = exchange.name
        } else {
            let paper = try PaperVenue(ledger: store, paper: config.paper, session: options.session)
            outputs = try paper.closeAll { try store.lastClose(symbol: $0) }
            venueName = paper.name
        }
        writer.write(outputs, ts: Timestamp.now(), venue: venueName)
        writer.flush()
        logger.info("close-all: \(outputs.filter { if case .filled = $0 { true } else { false } }.count) position(s) closed")
    }
}
