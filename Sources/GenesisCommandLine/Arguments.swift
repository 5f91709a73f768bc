import ArgumentParser
import Foundation
import GenesisDomain

/// `--session`, the same on every command. The trader's own account is
/// `default`; any other name is a backtest or paper portfolio of its own.
public struct SessionOptions: ParsableArguments {
    @Option(name: .customLong("session"), help: ArgumentHelp("Session: the trader's own account is `default`; any other name is a backtest or paper portfolio (gen-risk and gen-exec must use the same).", valueName: "name"))
    public var name: String = Account.defaultSession

    public init() {}
}

// Values checked when the command line is parsed, so a command never holds
// an interval, venue or symbol it cannot use.

extension Interval: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public static var allValueStrings: [String] { known.map(\.0) }
}

extension Venue: ExpressibleByArgument {}

extension Symbol: ExpressibleByArgument {
    public init?(argument: String) {
        guard let symbol = try? Symbol(argument) else { return nil }
        self = symbol
    }
}
