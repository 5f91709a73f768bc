import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore

/// `--session`, the same on every command. The trader's own account is
/// `default`; any other name is a backtest or paper portfolio of its own.
public struct SessionOptions: ParsableArguments {
    @Option(name: .customLong("session"), help: ArgumentHelp("Session: the trader's own account is `default`; any other name is a backtest or paper portfolio (gen-risk and gen-exec must use the same).", valueName: "name"))
    public var name: String = Account.defaultSession

    public init() {}
}

/// The options of a command about one session's account (`gen-risk tier`,
/// `gen-risk limits`, `gen-tilt`): global options, `--at`, `--session` and
/// `--json`.
public struct AccountOptions: ParsableArguments {
    @OptionGroup public var global: GlobalOptions
    @OptionGroup public var time: TimeOptions
    @OptionGroup public var sessionOptions: SessionOptions
    @Flag(help: "JSON instead of text.") public var json = false

    public init() {}

    public var session: String { sessionOptions.name }

    /// Sets up logging for `command` and returns the configuration and the
    /// store, for a session that has an account. A command that changes the
    /// account's state refuses `--at` on the live account (DESIGN §10);
    /// `readOnly` commands may look at any time.
    public func open(_ command: String, readOnly: Bool = false) throws -> (GenesisConfig, Store) {
        let logger = global.logger(String(command.prefix { $0 != " " }))
        let store = try global.openStore(command, create: false)
        _ = try store.requireAccount(session: session)
        if !readOnly { try store.refuseTimeTravel(time.at, session: session, command: command) }
        // Through the store, so a loosening cools off here too (DESIGN §1.3).
        let config = try global.loadConfig(adoptingFor: store, session: session, logger: logger)
        return (config, store)
    }

    /// Now for this command: `--at` when given (refused by `open` on the
    /// live account unless read-only), else the live account's clock, the
    /// wall clock corrected by the exchange's time.
    public func now(_ store: Store) throws -> Timestamp {
        if let at = time.at, let time = Timestamp(parsing: at) { return time }
        return try store.liveClock().now()
    }
}

// Values checked when the command line is parsed, so a command never holds
// an interval, venue or symbol it cannot use.

extension Interval: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public static var allValueStrings: [String] { known.map(\.0) }
}

extension Venue: ExpressibleByArgument {}

extension Symbol {
    /// A symbol argument, refused with the reason when it is not one.
    public static func argument(_ text: String) throws -> Symbol {
        do { return try Symbol(text) } catch { throw ValidationError(error.reason) }
    }
}
