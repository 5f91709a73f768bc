import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisPipeline
import GenesisCommandLine
import GenesisExchange
import GenesisControl

/// `gen-exec api`: the control API alone, without the watcher (paper
/// trading, drills, the conformance test). Halt records what `gen-exec halt`
/// records; close-all sells the session's paper positions at the newest
/// stored prices.
struct Api: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Serve the control API (docs/openapi.yaml) without watching, until Ctrl-C or SIGTERM.",
        discussion: """
            The key comes from GENESIS_API_KEY, or from the first line of a mode-0600 key file (--api-key-file or
            GENESIS_API_KEY_FILE); every request must send it as X-API-Key. The API listens on loopback only unless
            --api-allow-remote is given. `gen-exec watch --api HOST:PORT` serves the same API beside the watcher.
            Examples:
              export GENESIS_API_KEY=$(openssl rand -hex 32)
              gen-exec api --api 127.0.0.1:8686
              curl -s -H "X-API-Key: $GENESIS_API_KEY" http://127.0.0.1:8686/v1/health
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }
    @Option(name: .customLong("api"), help: ArgumentHelp("Address to listen on: HOST:PORT (port 0 picks a free one).", valueName: "host:port"))
    var address = "127.0.0.1:8686"
    @OptionGroup var access: APIAccessOptions

    func run() throws {
        let logger = global.logger("gen-exec")
        // A bad file, address or key stops it before the database is touched.
        _ = try access.settings(address: address, config: try global.loadConfigWithoutStore())
        let store = try global.openStore("gen-exec api", create: false)
        // The configuration in force (key length, phrases): a loosening waits out the cooling-off (DESIGN §1.3).
        let config = try global.loadConfig(adoptingFor: store, session: session, logger: logger)
        let settings = try access.settings(address: address, config: config)
        let actions = PaperControlActions(store: store, config: config, session: session, actor: "gen-exec api")
        let session = session
        try runBlocking {
            try await ControlServer.run(settings: settings, store: store, config: config, session: session, actions: actions, logger: logger,
                                        handleSignals: true, onBound: settings.announce)
        }
    }
}

/// How the control API is reached: the key and whether it may leave loopback.
struct APIAccessOptions: ParsableArguments {
    @Option(help: ArgumentHelp("File holding the API key on its first line (mode 0600), when GENESIS_API_KEY is not set.", valueName: "path"))
    var apiKeyFile: String?
    @Flag(help: "Allow listening on an address other than loopback (the API can halt trading and close positions).")
    var apiAllowRemote = false

    func settings(address: String, config: GenesisConfig) throws -> ControlSettings {
        let settings = try ControlSettings(address: address, apiKey: ControlSettings.loadKey(keyFile: apiKeyFile), allowNonLoopback: apiAllowRemote,
                                           control: config.control)
        try settings.validate()
        return settings
    }
}

extension ControlSettings {
    /// Prints the bound address on stdout (port 0 picks one; scripts read it).
    @Sendable func announce(_ port: Int) {
        let host = host.contains(":") ? "[\(host)]" : host
        FileHandle.standardOutput.write(Data("control API listening on http://\(host):\(port)\n".utf8))
    }
}
