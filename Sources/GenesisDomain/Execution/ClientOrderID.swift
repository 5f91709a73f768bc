import Crypto
import Foundation

/// Deterministic client order ids (DESIGN §5): the same intent and slice always
/// give the same id, so a retry or a restart can only find the order it
/// already sent, never create a second one.
public enum ClientOrderID {
    /// `gen-` + 32 hex digits of SHA-256 over session, origin and slice: 36
    /// characters, inside Binance's `^[a-zA-Z0-9-_]{1,36}$`.
    public static func derive(session: String, origin: String, slice: Int = 1) -> String {
        let digest = SHA256.hash(data: Data("\(session)\u{1F}\(origin)\u{1F}\(slice)".utf8))
        return "gen-" + digest.prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    public static func isValid(_ id: String) -> Bool {
        (1...36).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            byte.isDigit || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}
