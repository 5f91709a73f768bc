import ArgumentParser
import Foundation
import Logging
import GenesisDomain
import GenesisStore
import GenesisPipeline
import GenesisCommandLine
import GenesisExchange
import GenesisControl

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The long-running watcher: fills from the user-data stream, stop-loss/take-profit exits, emergency demotion the moment it is due.",
        discussion: """
            Holds the account's user-data stream through the exchange's WebSocket API and books every execution
            report exactly once; after any disconnect, or a stream silent past watcher.stallSeconds, it reconnects
            and fills the gap over REST. Open positions are watched on the book-ticker stream: a stop or target
            crossing sells, and the day's P&L marked to the bid runs the tier's deleveraging and emergency
            demotion at once. A heartbeat row (every watcher.heartbeatSeconds) feeds `gen-report health`.
            Only one watcher may run per database (exit 7 otherwise). SIGTERM or Ctrl-C stops it cleanly.
            Fills, exits and alerts are written to stdout as NDJSON.

            With --api HOST:PORT it also serves the control API (key from GENESIS_API_KEY or --api-key-file).

            Examples:
              gen-exec watch --venue testnet
              GENESIS_API_KEY=… gen-exec watch --venue testnet --api 127.0.0.1:8686
              gen-exec watch --venue binance --session default >> ~/.genesis/watch.ndjson
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ExecutionOptions
    @Option(name: .customLong("api"), help: ArgumentHelp("Also serve the control API (docs/openapi.yaml) on HOST:PORT, loopback only.", valueName: "host:port"))
    var apiAddress: String?
    @OptionGroup var access: APIAccessOptions

    func run() throws {
        let logger = global.logger("gen-exec watch")
        // A bad file, a bad --api or a missing key stops the watcher before it touches anything.
        let file = try global.loadConfigWithoutStore()
        _ = try apiAddress.map { try access.settings(address: $0, config: file) }
        let venue = options.venue
        guard case .exchange = venue, let url = UserDataStream.url(for: venue) else {
            throw GenesisError.configuration(key: "--venue", message: "the watcher follows an exchange's user-data stream; paper has none (use sim, testnet, binance or a URL)")
        }
        // The lock first: a second watcher must not even reconcile.
        let lock = try WatcherLock(databasePath: global.localFilePrefix)
        let store = try global.openStore("gen-exec watch")
        // And on a server shared by several machines, the server's lock too.
        let lease = try store.claimWatcher()
        defer { withExtendedLifetime(lease) {} }
        _ = try store.requireAccount(session: options.session)
        // The configuration in force: a loosening waits out the cooling-off (DESIGN §1.3).
        let config = try global.loadConfig(adoptingFor: store, session: options.session, logger: logger)
        let control = try apiAddress.map { try access.settings(address: $0, config: config) }
        guard let (exchange, http) = try options.exchange(store: store, config: config, logger: logger) else { return }
        defer { http.shutdown() }
        guard let credentials = exchange.gateway.credentials else {
            throw GenesisError.configuration(key: "credentials", message: "the watcher needs the API key (BINANCE_API_KEY with BINANCE_API_SECRET or an Ed25519 key)")
        }
        let gateway = exchange.gateway
        let stream = UserDataStream(url: url, credentials: credentials, settings: config.watcher, logger: logger,
                                    serverTime: { await gateway.serverTime })
        let watcher = Watcher(store: store, venue: exchange, gateway: gateway, userStream: stream, marketBase: venue.streamBase,
                              session: options.session, config: config, logger: logger)
        logger.info("watching \(exchange.name) for session \(options.session) (lock \(lock.path))")
        let session = options.session
        let outcome = runUntilSignalled {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await watcher.run() }
                if let control {
                    group.addTask {
                        try await ControlServer.run(settings: control, store: store, config: config, session: session, actions: WatcherControlActions(watcher: watcher, halting: PaperControlActions(store: store, config: config, session: session, actor: "gen-exec watch")),
                                                    logger: logger, onBound: control.announce)
                    }
                }
                _ = try await group.next()
                group.cancelAll()
            }
        }
        try watcher.stop()
        logger.info("watcher stopped")
        withExtendedLifetime(lock) {}
        try outcome.get()
    }
}

/// The control API's emergency actions when the watcher serves it: the halt
/// is recorded as `gen-exec halt` records it, and close-all sells on the
/// exchange through the watcher's own venue, in line with its other work.
struct WatcherControlActions: ControlActions {
    let watcher: Watcher
    let halting: PaperControlActions

    func halt(reason: String) async throws -> String { try await halting.halt(reason: reason) }

    func closeAll(maxSlippage: Decimal?) async throws -> CloseAllSummary {
        CloseAllSummary(venue: watcher.venueName, outputs: try await watcher.closeAll(maxSlippage: maxSlippage))
    }
}
