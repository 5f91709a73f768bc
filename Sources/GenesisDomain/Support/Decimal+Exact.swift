import Foundation

/// Exact decimal helpers. Money, prices and quantities are `Decimal` end to end;
/// these helpers parse and print them without ever passing through `Double`.
extension Decimal {
    /// The most significant digits a `Decimal` holds exactly.
    public static let maximumDigits = 38

    /// Parses plain decimal text (`-123.4500`, `0.001`, `42`): no exponent, no
    /// spaces, at most 38 significant digits. Anything else returns nil, so a
    /// huge or malformed number is rejected instead of silently rounded.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Decimal? {
        var index = 0
        let count = bytes.count
        guard count > 0 else { return nil }
        var negative = false
        if bytes[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var significant = 0
        var fractionDigits = 0
        var seenPoint = false
        var overflow = false
        var sawDigitBeforePoint = false
        var sawDigitAfterPoint = false
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
            } else if byte >= 48 && byte <= 57 {
                if seenPoint { fractionDigits += 1; sawDigitAfterPoint = true } else { sawDigitBeforePoint = true }
                digits += 1
                if significant > 0 || byte != 48 { significant += 1 }
                if significant > maximumDigits { return nil }
                if !overflow {
                    let (times10, o1) = mantissa.multipliedReportingOverflow(by: 10)
                    let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - 48))
                    if o1 || o2 { overflow = true } else { mantissa = sum }
                }
            } else {
                return nil
            }
            index += 1
        }
        guard sawDigitBeforePoint, !seenPoint || sawDigitAfterPoint else { return nil }
        // Decimal's exponent stops at -128: smaller values would silently become 0.
        guard fractionDigits <= 127 else { return nil }
        if overflow {
            // Rare: more than 19 digits. Foundation's parser is exact up to 38.
            let text = String(decoding: bytes, as: UTF8.self)
            return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        }
        return Decimal(sign: negative && mantissa != 0 ? .minus : .plus, exponent: -fractionDigits, significand: Decimal(mantissa))
    }

    /// Parses plain decimal text from a Swift string (see `parse(_:)`).
    public static func parse(_ text: some StringProtocol) -> Decimal? {
        var copy = String(text)
        return copy.withUTF8 { parse($0) }
    }

    /// Rounds to `scale` decimal places with the given rule.
    public func rounded(scale: Int, _ mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, scale, mode)
        return result
    }

    /// Rounds to a multiple of `step` (an exchange tick or lot step). `.down`
    /// and `.up` are toward zero and away from it for positive values, which
    /// is what "round in the safe direction" needs.
    public func rounded(toStep step: Decimal, _ mode: NSDecimalNumber.RoundingMode) -> Decimal {
        guard step > 0 else { return self }
        let units = (self / step).rounded(scale: 0, mode)
        return units * step
    }

    /// Canonical text: no exponent, no trailing zeros (`"25"`, `"0.001"`).
    public var plainText: String {
        var text = "\(self)"
        if text.contains("."), !text.contains("e"), !text.contains("E") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A lossy view for statistics and charts only; never for money.
    public var approximateDouble: Double { NSDecimalNumber(decimal: self).doubleValue }

    /// Exact conversion of a statistic back into the decimal world (rounded
    /// to `scale` places, half up).
    public init(approximating value: Double, scale: Int = 8) {
        self = (Decimal(string: String(format: "%.\(scale)f", value), locale: Locale(identifier: "en_US_POSIX")) ?? 0)
    }
}

/// Text of a plain decimal with trailing fraction zeros dropped (`8523.61000000`
/// → `8523.61`). Works on bytes so importers can normalise without parsing.
public func trimDecimalZeros(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    guard let point = bytes.firstIndex(of: UInt8(ascii: ".")) else { return bytes }
    var end = bytes.count
    while end > point + 1, bytes[end - 1] == UInt8(ascii: "0") { end -= 1 }
    if end == point + 1 { end = point }
    return UnsafeBufferPointer(rebasing: bytes[0..<end])
}
