import Foundation
import GenesisBinance
import GenesisDomain
import GenesisStore

/// An error answer of the control API: always the JSON
/// `{"error": {"code": "...", "message": "..."}}` with its HTTP status.
/// Messages say what to do; they never carry internals (paths, SQL, the key).
public struct ControlError: Error, Sendable, Equatable {
    public var status: Int
    public var code: String
    public var message: String
    public var headers: [String: String]

    public init(status: Int, code: String, message: String, headers: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    static func badRequest(_ message: String) -> ControlError { ControlError(status: 400, code: "bad_request", message: message) }
    static let unauthorized = ControlError(status: 401, code: "unauthorized", message: "send the control API key in the X-API-Key header")
    static func notFound(_ path: String) -> ControlError {
        ControlError(status: 404, code: "not_found", message: "no endpoint at this path; see docs/openapi.yaml for the routes under /v1")
    }
    static func methodNotAllowed(_ allowed: [String]) -> ControlError {
        ControlError(status: 405, code: "method_not_allowed", message: "this endpoint answers \(allowed.joined(separator: ", ")) only",
                     headers: ["Allow": allowed.joined(separator: ", ")])
    }
    static let payloadTooLarge = ControlError(status: 413, code: "payload_too_large", message: "the request body is too large")
    static func wrongPhrase(_ phrase: String, action: String) -> ControlError {
        ControlError(status: 422, code: "confirmation_mismatch", message: "type \"confirm\": \"\(phrase)\" exactly to \(action)")
    }
    static func rateLimited(_ seconds: Int) -> ControlError {
        ControlError(status: 429, code: "rate_limited", message: "too many requests to this endpoint; retry after \(seconds) s",
                     headers: ["Retry-After": String(seconds)])
    }
    static func conflict(_ code: String, _ message: String) -> ControlError { ControlError(status: 409, code: code, message: message) }
    static let internalError = ControlError(status: 500, code: "internal_error", message: "the request failed inside GENESIS; the watcher's log has the details")

    /// The HTTP answer for an error thrown by the domain: known conflicts
    /// become 409 with their sentence; anything else is a 500 without detail.
    static func from(_ error: Error) -> ControlError {
        switch error {
        case let error as ControlError: error
        case let GenesisError.stateConflict(message): conflict("state_conflict", message)
        case GenesisError.noAccount: conflict("no_account", "no trading account in this database; create one with: gen-risk account init --balance 500")
        case let GenesisError.refused(rule, message): conflict("refused", "refused by \(rule): \(message)")
        case let GenesisError.exchange(problem): ControlError(status: 503, code: "exchange_unavailable", message: "the exchange could not be reached or refused the request (\(problem.exitStatus.summary)); the log has the details")
        default: internalError
        }
    }

    var body: String {
        JSONValue.object([("error", .object([("code", .string(code)), ("message", .string(message))]))]).text
    }
}
