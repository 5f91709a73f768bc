import Foundation

/// What went wrong talking to an exchange, in the terms a trader acts on.
public enum ExchangeError: Error, Sendable, CustomStringConvertible {
    /// The exchange refused the request (filters, balance, parameters…).
    case rejected(BinanceError)
    /// Signature, key or permission problems: nothing will work until fixed.
    case authentication(BinanceError)
    /// Too many requests: every command waits until `until` (epoch ms).
    case rateLimited(until: Int64)
    /// The IP is banned until `until` (epoch ms).
    case banned(until: Int64)
    /// The exchange could not be reached or kept failing; the breaker may be open.
    case unavailable(String)
    /// The request may or may not have executed (5xx, timeout); query before retrying.
    case unknownOutcome(String)
    /// An order broke a filter before it was sent.
    case filter(FilterFailure)

    public var description: String {
        switch self {
        case let .rejected(error): "the exchange refused the request: \(error.message) (code \(error.code))"
        case let .authentication(error): "the exchange did not accept the API key or signature: \(error.message) (code \(error.code)); check the key, its permissions and the clock"
        case let .rateLimited(until): "rate limit reached; every command waits until \(Timestamp(milliseconds: until).iso8601)"
        case let .banned(until): "the exchange banned this IP for too many requests until \(Timestamp(milliseconds: until).iso8601); nothing is sent before then"
        case let .unavailable(reason): "the exchange is unavailable: \(reason)"
        case let .unknownOutcome(reason): "the outcome is unknown (\(reason)); the order will be looked up before anything is retried"
        case let .filter(failure): "the order breaks an exchange rule: \(failure)"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .rejected, .filter: .refused
        case .authentication: .configuration
        case .rateLimited, .banned, .unavailable, .unknownOutcome: .unavailable
        }
    }
}
