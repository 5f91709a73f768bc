import Crypto
import Foundation
import GenesisBinance
import GenesisDomain
import GenesisStore

/// Compares a presented `X-API-Key` with the configured one in constant
/// time: both are hashed to SHA-256 digests of equal length, and every byte
/// of the digests is compared, so the time taken says nothing about how
/// much of a guess was right. The key itself is kept only as its digest.
public struct APIKeyCheck: Sendable {
    private let expected: [UInt8]

    public init(key: String) { expected = Array(SHA256.hash(data: Data(key.utf8))) }

    public func matches(_ presented: String?) -> Bool {
        let digest = Array(SHA256.hash(data: Data((presented ?? "").utf8)))
        var difference: UInt8 = presented == nil ? 1 : 0
        for index in 0..<expected.count { difference |= expected[index] ^ digest[index] }
        return difference == 0
    }

    /// A short, non-secret name of a key for per-key budgets (never logged as the key).
    public static func fingerprint(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
