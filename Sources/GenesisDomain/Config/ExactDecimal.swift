import Foundation

/// A decimal figure in the configuration file, written as `25` or `"0.05"`.
/// Kept exact so a 5% position fraction of $500 is exactly $25.
public struct ExactDecimal: Codable, Sendable, Hashable, Comparable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var value: Decimal

    public init(_ value: Decimal) { self.value = value }
    public init(integerLiteral value: Int) { self.value = Decimal(value) }
    /// Literals in code go through their text, never through binary floating
    /// point. Read by the exact parser: every `GenesisConfig()` builds dozens
    /// of these, and Foundation's locale-aware parser loaded ICU's locale data
    /// for each at every command's start (issue 18). The result is compacted, as
    /// Foundation's parser leaves it (`10.0` is 1 × 10¹); text the plain parser refuses (an
    /// exponent, `1e-05`) still goes through Foundation.
    public init(floatLiteral value: Double) {
        var text = String(value)
        if text.hasSuffix(".0") { text.removeLast(2) }
        guard var parsed = Decimal.parse(text) else {
            self.value = Decimal(string: String(value), locale: Locale(identifier: "en_US_POSIX"))!
            return
        }
        NSDecimalCompact(&parsed) // as Foundation's parser leaves it
        self.value = parsed
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Decimal.parse(text.trimmingCharacters(in: .whitespaces)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a plain decimal number")
        }
        self.value = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value.plainText)
    }

    public static func < (a: ExactDecimal, b: ExactDecimal) -> Bool { a.value < b.value }
    public var description: String { value.plainText }
}
