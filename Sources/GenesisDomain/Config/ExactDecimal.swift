import Foundation

/// A decimal figure in the configuration file, written as `25` or `"0.05"`.
/// Kept exact so a 5% position fraction of $500 is exactly $25.
public struct ExactDecimal: Codable, Sendable, Hashable, Comparable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var value: Decimal

    public init(_ value: Decimal) { self.value = value }
    public init(integerLiteral value: Int) { self.value = Decimal(value) }
    /// Literals in code go through their text, never through binary floating point.
    public init(floatLiteral value: Double) { self.value = Decimal(string: String(value), locale: Locale(identifier: "en_US_POSIX"))! }

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
