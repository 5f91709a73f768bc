import Crypto
import Foundation
import GenesisDomain

/// Signs Binance requests (DESIGN §5, after Binance's API documentation): HMAC-SHA256 as lowercase hex, or
/// Ed25519 as base64. The payload is exactly the bytes sent — the query
/// string followed by the body, no separator — so nothing is re-serialised.
///
/// Keys are held as raw bytes (the crypto key types are not `Sendable`) and
/// turned into keys at the moment of signing.
public enum RequestSigner: Sendable {
    /// The API secret's bytes.
    case hmac(secret: Data)
    /// The Ed25519 private key's 32-byte seed.
    case ed25519(seed: Data)

    public func signature(for payload: String) throws -> String {
        switch self {
        case let .hmac(secret):
            let code = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: secret))
            return code.map { String(format: "%02x", $0) }.joined()
        case let .ed25519(seed):
            return try Curve25519.Signing.PrivateKey(rawRepresentation: seed).signature(for: Data(payload.utf8)).base64EncodedString()
        }
    }

    /// Ed25519 signatures contain `+ / =` and must be percent-encoded in a
    /// query string; hex needs nothing.
    public func queryValue(for payload: String) throws -> String {
        QueryString.encode(try signature(for: payload))
    }

    public var kind: String {
        switch self {
        case .hmac: "HMAC-SHA256"
        case .ed25519: "Ed25519"
        }
    }
}

/// `application/x-www-form-urlencoded` as Binance signs it: RFC 3986
/// unreserved characters stay, everything else (non-ASCII included) is
/// percent-encoded as UTF-8.
public enum QueryString {
    static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    public static func encode(_ value: String) -> String {
        var output = ""
        for byte in value.utf8 {
            if unreserved.contains(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }

    /// `k=v&k=v` in the given order, values encoded.
    public static func build(_ parameters: [(String, String)]) -> String {
        parameters.map { "\($0.0)=\(encode($0.1))" }.joined(separator: "&")
    }

    /// The WebSocket API's payload: parameters sorted by name, values NOT encoded.
    public static func webSocketPayload(_ parameters: [(String, String)]) -> String {
        parameters.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Splits `a=1&b=%20x` into decoded pairs (for the simulator's side).
    public static func parse(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(String(pieces[0]))
            let value = pieces.count > 1 ? decode(String(pieces[1])) : ""
            return (key, value)
        }
    }

    static func decode(_ text: String) -> String {
        (text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding) ?? text
    }
}
