import ArgumentParser
import Foundation
import Logging
import GenesisDomain
import GenesisStore
import GenesisPipeline

/// Options every command takes.
/// `--at`: judge as of another time than now (a backtest's day, a drill, a test).
public struct TimeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Judge as of this time instead of now: YYYY-MM-DD, ISO-8601 or epoch ms.", valueName: "time"))
    public var at: String?

    public init() {}

    public func validate() throws {
        if let at, Timestamp(parsing: at) == nil { throw ValidationError("--at '\(at)' is not a date (YYYY-MM-DD), ISO-8601 time or epoch ms") }
    }

    public var now: Timestamp { at.flatMap(Timestamp.init(parsing:)) ?? Timestamp.now() }
}

public struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite database file (default: $GENESIS_DB, then ~/.genesis/genesis.db).", valueName: "path"))
    public var db: String?

    @Option(name: .long, help: ArgumentHelp("Configuration file (default: $GENESIS_CONFIG, then ~/.genesis/genesis.yaml, else built-in defaults).", valueName: "path"))
    public var config: String?

    @Option(name: .long, help: "Diagnostics format on stderr: human or json.")
    public var logFormat: LogFormat = .human

    @Option(name: .long, help: "Least severe diagnostics shown: trace, debug, info, notice, warning, error, critical.")
    public var logLevel: Logger.Level = .info

    public init() {}

    /// Sets up logging for this process and returns its logger.
    public func logger(_ label: String) -> Logger {
        Log.bootstrap(label: label, format: logFormat, level: logLevel)
        return Logger(label: label)
    }

    public var databasePath: String { DatabaseLocation.resolve(flag: db) }

    /// The prefix of the files kept beside the store on this machine
    /// (locks, keys, work folders): the database file itself, or a folder
    /// of `~/.genesis/postgres` for a server (`DatabaseLocation.localFilePrefix`).
    public var localFilePrefix: String { DatabaseLocation.localFilePrefix(databasePath) }

    /// Opens the store; `create: false` for commands that only read it.
    public func openStore(_ command: String, create: Bool = true) throws -> Store {
        try Store(path: databasePath, origin: ["command": command, "pid": String(getpid())], create: create)
    }

    /// The configuration in force for `session` (DESIGN §1.3): the file,
    /// validated, then adopted by the store, so a loosened protective key
    /// keeps its stricter value until the cooling-off has passed. The one
    /// way a command that opens a store reads the configuration (gen-risk,
    /// gen-exec with its watcher and control API, gen-tilt). The cooling-off
    /// is measured on the live account's clock (the machine's, corrected by
    /// the exchange's offset), never on `--at` or a data time, whatever the
    /// session: a date written into a signal cannot make a loosening come
    /// sooner. What changed, waits or now applies goes to `logger`.
    public func loadConfig(adoptingFor store: Store, session: String, logger: Logger) throws -> GenesisConfig {
        let requested = try ConfigLoader.load(flag: config)
        // Unchanged since the last command and nothing cooling off: in force
        // as it is, read without writing (the usual start).
        if let unchanged = try store.unchangedConfiguration(requested, session: session) { return unchanged }
        let adoption = try store.adoptConfiguration(requested, session: session, at: try store.liveClock().now())
        for change in adoption.changes { logger.notice("configuration changed: \(change)") }
        for key in adoption.adopted { logger.notice("\(key): the loosening has cooled off and applies now") }
        for pending in adoption.pending {
            logger.notice("\(pending.key) stays \(pending.old) until \(pending.effectiveAt.iso8601) (loosening to \(pending.new) cools off first)")
        }
        return adoption.config
    }

    /// The file as written, validated but not adopted: only for commands
    /// that open no store and decide nothing protective (gen-fetch,
    /// gen-signal, gen-sim) and for gen-report's own settings.
    public func loadConfigWithoutStore() throws -> GenesisConfig { try ConfigLoader.load(flag: config) }

    @available(*, unavailable, message: "a command with a store reads the configuration through loadConfig(adoptingFor:session:logger:) so loosenings cool off; one without uses loadConfigWithoutStore()")
    public func loadConfig() throws -> GenesisConfig { fatalError() }
}

extension LogFormat: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
extension ClockMode: ExpressibleByArgument {}

/// Runs a command tree with GENESIS's exit codes (DESIGN §1.0) instead of
/// ArgumentParser's: usage errors exit 2, domain errors their own code, and
/// every failure is one line on stderr naming what was wrong.
public enum CommandMain {
    public static func run<Command: ParsableCommand>(_ type: Command.Type) -> Never {
        do {
            var command = try type.parseAsRoot()
            try command.run()
            exit(ExitStatus.ok.rawValue)
        } catch {
            fail(type, error)
        }
    }

    /// Reports `error` the GENESIS way and exits with its code.
    static func fail<Command: ParsableCommand>(_ type: Command.Type, _ error: Error) -> Never {
        let name = type.configuration.commandName ?? "genesis"
        switch error {
        case let error as GenesisError:
            if Log.isBootstrapped {
                Logger(label: name).error("\(error)")
            } else {
                FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            }
            exit(error.exitStatus.rawValue)
        case let error as ExitCode:
            exit(error.rawValue)
        default:
            let code = type.exitCode(for: error)
            let message = type.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                exit(ExitStatus.ok.rawValue)
            }
            if code == .validationFailure {
                let brief = oneLine(type.message(for: error))
                FileHandle.standardError.write(Data("\(name): \(brief) (see '\(name) --help')\n".utf8))
                exit(ExitStatus.usage.rawValue)
            }
            FileHandle.standardError.write(Data("\(name): internal error: \(message.isEmpty ? "\(error)" : message)\n".utf8))
            exit(ExitStatus.internalError.rawValue)
        }
    }
}

extension CommandMain {
    /// ArgumentParser's message on one line: a list of allowed values
    /// (`  - 1m` lines) becomes `1m, 5m, …`.
    static func oneLine(_ message: String) -> String {
        var text = ""
        for line in message.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
            if line.hasPrefix("- ") {
                text += (text.hasSuffix(":") ? " " : ", ") + line.dropFirst(2)
            } else {
                text += (text.isEmpty ? "" : "; ") + line
            }
        }
        return text
    }

    /// The same, for commands that run async (servers, network clients).
    public static func runAsync<Command: AsyncParsableCommand>(_ type: Command.Type) async -> Never {
        do {
            var command = try type.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(ExitStatus.ok.rawValue)
        } catch {
            fail(type, error)
        }
    }
}
