import Foundation

/// An error as Binance reports it: an HTTP status and `{"code":…,"msg":…}`.
/// The gateway maps these to what a trader needs to know; gen-sim answers
/// with them.
public struct BinanceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var code: Int
    public var message: String
    /// Seconds to wait, from `Retry-After` on 429 and 418.
    public var retryAfter: Int?

    public init(status: Int, code: Int, message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { "Binance \(code): \(message) (HTTP \(status))" }

    /// A 5xx, -1006 or -1007: the request may or may not have been executed.
    public var outcomeUnknown: Bool { status >= 500 || code == -1006 || code == -1007 }

    // The errors gen-sim produces, worded as Binance words them.
    public static func badSymbol() -> BinanceError { BinanceError(status: 400, code: -1121, message: "Invalid symbol.") }
    public static func mandatory(_ name: String) -> BinanceError {
        BinanceError(status: 400, code: -1102, message: "Mandatory parameter '\(name)' was not sent, was empty/null, or malformed.")
    }
    public static func badSignature() -> BinanceError { BinanceError(status: 400, code: -1022, message: "Signature for this request is not valid.") }
    public static func badKey() -> BinanceError { BinanceError(status: 401, code: -2015, message: "Invalid API-key, IP, or permissions for action.") }
    public static func outsideWindow() -> BinanceError { BinanceError(status: 400, code: -1021, message: "Timestamp for this request is outside of the recvWindow.") }
    public static func ahead() -> BinanceError { BinanceError(status: 400, code: -1021, message: "Timestamp for this request was 1000ms ahead of the server's time.") }
    public static func filter(_ failure: FilterFailure) -> BinanceError { BinanceError(status: 400, code: -1013, message: "Filter failure: \(failure.filter)") }
    public static func rejected(_ message: String) -> BinanceError { BinanceError(status: 400, code: -2010, message: message) }
    public static func noSuchOrder() -> BinanceError { BinanceError(status: 400, code: -2013, message: "Order does not exist.") }
    public static func unknownOrder() -> BinanceError { BinanceError(status: 400, code: -2011, message: "Unknown order sent.") }
    public static func badPrecision(_ name: String) -> BinanceError { BinanceError(status: 400, code: -1111, message: "Parameter '\(name)' has too much precision.") }
    public static func tooMuchWeight(limit: Int, retryAfter: Int) -> BinanceError {
        BinanceError(status: 429, code: -1003, message: "Too much request weight used; current limit is \(limit) request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.", retryAfter: retryAfter)
    }
    public static func banned(until: Int64, retryAfter: Int) -> BinanceError {
        BinanceError(status: 418, code: -1003, message: "Way too much request weight used; IP banned until \(until). Please use WebSocket Streams for live updates to avoid bans.", retryAfter: retryAfter)
    }
    public static func internalFailure() -> BinanceError {
        BinanceError(status: 503, code: -1007, message: "Timeout waiting for response from backend server. Send status unknown; execution status unknown.")
    }
}
