/// Errors a trader sees. Each case carries what is needed to say, in one line,
/// what went wrong and what to do about it, and maps to a stable exit code.
public enum GenesisError: Error, Sendable, CustomStringConvertible {
    /// A setting or flag has a value outside what is allowed.
    case configuration(key: String, message: String)
    /// The store has no trading account yet.
    case noAccount(database: String)
    /// A state that forbids the action (account exists, position missing, chain broken…).
    case stateConflict(String)
    /// An input file or value could not be understood.
    case badInput(source: String, message: String)
    /// Input lines were rejected while streaming (the count is reported at the end).
    case rejectedLines(count: Int)
    /// A rule refused the action.
    case refused(rule: String, message: String)
    /// The database could not be opened or migrated.
    case database(path: String, message: String)
    /// The database server could not be reached (down, refused, timed out).
    case databaseUnreachable(path: String, message: String)
    /// The exchange could not be used (unreachable, rate-limited, banned, keys refused).
    case exchange(ExchangeError)
    /// A bug or an environment failure we cannot explain better.
    case internalError(String)

    public var exitStatus: ExitStatus {
        switch self {
        case .configuration, .noAccount: .configuration
        case .stateConflict: .stateConflict
        case .badInput, .rejectedLines: .badInput
        case .refused: .refused
        case .database, .internalError: .internalError
        case .databaseUnreachable: .unavailable
        case let .exchange(error): error.exitStatus
        }
    }

    public var description: String {
        switch self {
        case let .configuration(key, message):
            "configuration: \(key): \(message)"
        case let .noAccount(database):
            "no trading account in \(database); create one with: gen-risk account init --balance 500"
        case let .stateConflict(message):
            message
        case let .badInput(source, message):
            "\(source): \(message)"
        case let .rejectedLines(count):
            "\(count) input line\(count == 1 ? " was" : "s were") rejected (see the messages above)"
        case let .refused(rule, message):
            "refused by \(rule): \(message)"
        case let .database(path, message):
            "database \(path): \(message)"
        case let .databaseUnreachable(path, message):
            "database \(path) is unreachable: \(message)"
        case let .exchange(error):
            "exchange: \(error)"
        case let .internalError(message):
            "internal error: \(message)"
        }
    }
}
