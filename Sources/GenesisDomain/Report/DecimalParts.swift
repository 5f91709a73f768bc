import Foundation

/// Fast exact paths for the report's `Decimal` arithmetic (issue 18).
///
/// Foundation's `Decimal` adds in a few hundred nanoseconds and divides in a
/// few microseconds (it works on heap arrays of 16-bit words), which is most
/// of a report over 100,000 trades. The store's money has a handful of
/// digits, so sums fit a 64-bit integer at a common scale and most ratios of
/// two amounts end after a few digits. These helpers take that fast path and
/// give back the very `Decimal` Foundation's own arithmetic would have given
/// (same value, same compact representation, so the same text and the same
/// `approximateDouble`), and fall back to Foundation whenever a value does
/// not fit: they change how fast a figure is computed, never the figure.
/// `DecimalPartsTests` checks every path against Foundation's.
extension Decimal {
    /// Sign, 64-bit mantissa and exponent of a finite value whose mantissa
    /// fits 64 bits; nil otherwise (NaN, a wider mantissa, or a Foundation
    /// whose `Decimal` layout is not the one checked by `rawLayoutHolds`).
    @inline(__always)
    var parts: (negative: Bool, mantissa: UInt64, exponent: Int)? {
        guard Self.rawLayoutHolds else { return nil }
        return withUnsafeBytes(of: self) { raw -> (Bool, UInt64, Int)? in
            let flags = raw[1]
            let length = flags >> 4
            if length == 0 { return (flags & 0x08) != 0 ? nil : (false, 0, 0) }
            guard length <= 4 else { return nil }
            let mantissa = raw.loadUnaligned(fromByteOffset: 4, as: UInt64.self)
            return ((flags & 0x08) != 0, UInt64(littleEndian: mantissa), Int(Int8(bitPattern: raw[0])))
        }
    }

    /// The compact `Decimal` `(negative ? -1 : 1) × mantissa × 10^exponent`,
    /// as Foundation's arithmetic stores its results (trailing zeros moved
    /// into the exponent). nil when the exponent leaves Decimal's range.
    static func compact(negative: Bool, mantissa: UInt64, exponent: Int) -> Decimal? {
        if mantissa == 0 { return 0 }
        var m = mantissa, e = exponent
        while m % 10 == 0, e < 127 { m /= 10; e += 1 }
        guard e >= -128, e <= 127 else { return nil }
        guard rawLayoutHolds else { return Decimal(sign: negative ? .minus : .plus, exponent: e, significand: Decimal(m)) }
        var result = Decimal()
        withUnsafeMutableBytes(of: &result) { raw in
            for index in raw.indices { raw[index] = 0 }
            let words = m >> 48 != 0 ? 4 : m >> 32 != 0 ? 3 : m >> 16 != 0 ? 2 : 1
            raw[0] = UInt8(bitPattern: Int8(e))
            raw[1] = UInt8(words) << 4 | (negative ? 0x08 : 0) | 0x04
            raw.storeBytes(of: m.littleEndian, toByteOffset: 4, as: UInt64.self)
        }
        return result
    }

    /// Whether this Foundation lays a `Decimal` out as the raw paths above
    /// read and write it (exponent byte, length and flags byte, two reserved
    /// bytes, eight little-endian 16-bit mantissa words; the flags byte holds
    /// the length in its top four bits, then negative, then compact), checked once
    /// against values Foundation built itself.
    static let rawLayoutHolds: Bool = {
        guard MemoryLayout<Decimal>.size == 20 else { return false }
        func bytes(_ value: Decimal) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }
        let samples: [(Decimal, [UInt8])] = [
            (Decimal(sign: .minus, exponent: -2, significand: 110), [0xFF, 0x1C, 0, 0, 11, 0]),
            (Decimal(sign: .plus, exponent: 0, significand: 100), [2, 0x14, 0, 0, 1, 0]),
            (Decimal(sign: .plus, exponent: -3, significand: 70_001), [0xFD, 0x24, 0, 0, 0x71, 0x11, 1, 0]),
        ]
        return samples.allSatisfy { value, prefix in
            let raw = bytes(value)
            return Array(raw.prefix(prefix.count)) == prefix && raw.dropFirst(prefix.count).allSatisfy { $0 == 0 }
        }
    }()

    /// `self / divisor` as Foundation's `/` gives it, computed exactly in
    /// integers when the quotient ends within 19 digits; Foundation's `/`
    /// otherwise. (A quotient that ends is exact either way, and Foundation
    /// returns it compact.)
    public func dividedExactly(by divisor: Decimal) -> Decimal {
        if let quotient = Self.terminatingQuotient(self, divisor) { return quotient }
        return self / divisor
    }

    /// `self × factor` as Foundation's `*` gives it, in integers when the
    /// product fits 64 bits (it is then exact either way).
    public func multipliedExactly(by factor: Decimal) -> Decimal {
        if let a = parts, let b = factor.parts {
            let (product, overflow) = a.mantissa.multipliedReportingOverflow(by: b.mantissa)
            if !overflow, let result = Self.compact(negative: a.negative != b.negative, mantissa: product, exponent: a.exponent + b.exponent) {
                return result
            }
        }
        return self * factor
    }

    /// `self − other` as Foundation's `-` gives it (`DecimalSum`).
    public func subtractingExactly(_ other: Decimal) -> Decimal {
        var sum = DecimalSum(self)
        sum.subtract(other)
        return sum.total
    }

    /// `self + other` as Foundation's `+` gives it (`DecimalSum`).
    public func addingExactly(_ other: Decimal) -> Decimal {
        var sum = DecimalSum(self)
        sum.add(other)
        return sum.total
    }

    static func terminatingQuotient(_ dividend: Decimal, _ divisor: Decimal) -> Decimal? {
        guard let a = dividend.parts, let b = divisor.parts, b.mantissa != 0 else { return nil }
        if a.mantissa == 0 { return 0 }
        // Foundation normalises the operands first when their exponents are 19 or more apart, which can round.
        guard a.exponent - b.exponent < 19, a.exponent - b.exponent > -19 else { return nil }
        var numerator = a.mantissa, exponent = a.exponent - b.exponent
        // Scale the dividend up by 10 until the divisor goes into it exactly (at most 19 digits).
        for _ in 0...19 {
            let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: b.mantissa)
            if remainder == 0 { return compact(negative: a.negative != b.negative, mantissa: quotient, exponent: exponent) }
            let (scaled, overflow) = numerator.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            numerator = scaled
            exponent -= 1
        }
        return nil
    }
}

/// An exact running sum of `Decimal`s: a 64-bit integer at the finest scale
/// seen while everything fits, `Decimal` addition from the first value that
/// does not fit on. Foundation's addition of values with at most 38 digits
/// is exact, so the total is the same `Decimal` as adding them one by one.
public struct DecimalSum: Sendable {
    private var units: Int64 = 0
    /// Decimal places of `units` (its exponent is `-scale`).
    private var scale = 0
    /// Set once a value did not fit: the sum goes on in `Decimal`.
    private var slow: Decimal?

    public init() {}

    public init(_ start: Decimal) { add(start) }

    /// The sum of `values`, as `reduce(0, +)` gives it.
    public static func of(_ values: some Sequence<Decimal>) -> Decimal {
        var sum = DecimalSum()
        for value in values { sum.add(value) }
        return sum.total
    }

    public mutating func add(_ value: Decimal) {
        if slow == nil, let parts = value.parts, addFast(parts) { return }
        slow = total + value
    }

    public mutating func subtract(_ value: Decimal) {
        if slow == nil, let parts = value.parts, parts.mantissa != 0, addFast((!parts.negative, parts.mantissa, parts.exponent)) { return }
        slow = total - value
    }

    private mutating func addFast(_ parts: (negative: Bool, mantissa: UInt64, exponent: Int)) -> Bool {
        guard parts.mantissa <= UInt64(Int64.max), parts.exponent >= -18, parts.exponent <= 18 else { return false }
        var value = Int64(parts.mantissa)
        // Align to the finer scale of the two (a positive exponent scales the value up).
        var valueScale = -parts.exponent
        if valueScale < 0 {
            guard let up = Self.scaled(value, by: -valueScale) else { return false }
            value = up
            valueScale = 0
        }
        var units = self.units
        if valueScale > scale {
            guard let up = Self.scaled(units, by: valueScale - scale) else { return false }
            units = up
        } else if valueScale < scale {
            guard let up = Self.scaled(value, by: scale - valueScale) else { return false }
            value = up
        }
        let (sum, overflow) = parts.negative ? units.subtractingReportingOverflow(value) : units.addingReportingOverflow(value)
        guard !overflow else { return false }
        self.units = sum
        scale = max(scale, valueScale)
        return true
    }

    private static func scaled(_ value: Int64, by places: Int) -> Int64? {
        guard places <= 18 else { return value == 0 ? 0 : nil }
        var power: Int64 = 1
        for _ in 0..<places { power *= 10 }
        let (product, overflow) = value.multipliedReportingOverflow(by: power)
        return overflow ? nil : product
    }

    /// The sum as a compact `Decimal`.
    public var total: Decimal {
        if let slow { return slow }
        return Decimal.compact(negative: units < 0, mantissa: units.magnitude, exponent: -scale)
            ?? Decimal(sign: units < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(units.magnitude))
    }
}

extension Decimal {
    /// `approximateDouble` without the `NSDecimalNumber` it allocates, for a
    /// 64-bit mantissa: the same steps as Foundation's `doubleValue` (the
    /// mantissa's 16-bit words from the top, then one division or
    /// multiplication by 10 per unit of exponent), so the same `Double`.
    public var fastApproximateDouble: Double {
        guard let parts, Self.doubleStepsHold else { return approximateDouble }
        var value = 0.0
        for word in stride(from: 3, through: 0, by: -1) { value = value * 65536 + Double((parts.mantissa >> (16 * UInt64(word))) & 0xFFFF) }
        if parts.exponent < 0 {
            for _ in parts.exponent..<0 { value /= 10 }
        } else {
            for _ in 0..<parts.exponent { value *= 10 }
        }
        return parts.negative ? -value : value
    }

    /// Whether `fastApproximateDouble` matches this Foundation's
    /// `doubleValue` on values where the order of roundings shows.
    static let doubleStepsHold: Bool = {
        let samples: [(UInt64, Int)] = [(1, -1), (3, -1), (123_456_789_012_345_678, -17), (18_446_744_073_709_551_615, -9), (7, 3),
                                        (9_007_199_254_740_993, -3), (2_718_281_828_459_045_235, -18), (1, 30)]
        return samples.allSatisfy { mantissa, exponent in
            let value = Decimal(sign: .plus, exponent: exponent, significand: Decimal(mantissa))
            guard let parts = value.parts else { return false }
            var steps = 0.0
            for word in stride(from: 3, through: 0, by: -1) { steps = steps * 65536 + Double((parts.mantissa >> (16 * UInt64(word))) & 0xFFFF) }
            if parts.exponent < 0 { for _ in parts.exponent..<0 { steps /= 10 } } else { for _ in 0..<parts.exponent { steps *= 10 } }
            return steps.bitPattern == value.approximateDouble.bitPattern
        }
    }()
}

/// A ratio `numerator / denominator` of two positive amounts kept exact, to
/// tell without dividing that another ratio is not larger (`PerformanceSummary`).
struct RatioBound {
    var numerator: Decimal
    var denominator: Decimal

    /// false when `numerator / denominator ≤ self` is certain from exact
    /// 64-bit cross products; true when it may be larger (or the amounts do
    /// not fit), so the caller divides and compares as usual.
    func mayBeExceeded(by otherNumerator: Decimal, over otherDenominator: Decimal) -> Bool {
        guard let a = otherNumerator.parts, let b = otherDenominator.parts, let c = numerator.parts, let d = denominator.parts,
              !a.negative, !b.negative, !c.negative, !d.negative else { return true }
        // a/b ≤ c/d ⇔ a·d ≤ c·b, the exponents brought to one side: a·d·10^(ea+ed) ≤ c·b·10^(ec+eb).
        let left = a.mantissa.multipliedFullWidth(by: d.mantissa), right = c.mantissa.multipliedFullWidth(by: b.mantissa)
        let shift = (a.exponent + d.exponent) - (c.exponent + b.exponent)
        guard abs(shift) <= 18 else { return true }
        func scaled(_ value: (high: UInt64, low: UInt64), _ places: Int) -> (high: UInt64, low: UInt64)? {
            var value = value
            for _ in 0..<places {
                let low = value.low.multipliedFullWidth(by: 10)
                let (high, overflow) = value.high.multipliedReportingOverflow(by: 10)
                let (sum, carry) = high.addingReportingOverflow(low.high)
                if overflow || carry { return nil }
                value = (sum, low.low)
            }
            return value
        }
        guard let l = scaled((left.high, left.low), max(shift, 0)), let r = scaled((right.high, right.low), max(-shift, 0)) else { return true }
        return (l.high, l.low) > (r.high, r.low)
    }
}

extension Decimal {
    /// -1, 0 or 1 as the value is below, at or above zero, read from its
    /// parts; nil when Foundation must answer (NaN, a mantissa wider than 64
    /// bits, or a zero written with a length or a sign, which Foundation's
    /// comparison orders by its sign bit).
    @inline(__always)
    var fastSignum: Int? {
        guard Self.rawLayoutHolds else { return nil }
        return withUnsafeBytes(of: self) { raw -> Int? in
            let flags = raw[1], length = flags >> 4
            if length == 0 { return (flags & 0x08) != 0 ? nil : 0 }
            guard length <= 4, raw.loadUnaligned(fromByteOffset: 4, as: UInt64.self) != 0 else { return nil }
            return (flags & 0x08) != 0 ? -1 : 1
        }
    }

    /// `self > 0` as Foundation's `>` says it, without its comparison (issue 18).
    @inline(__always)
    public var isAboveZero: Bool { fastSignum.map { $0 > 0 } ?? (self > 0) }

    /// `self < 0` as Foundation's `<` says it.
    @inline(__always)
    public var isBelowZero: Bool { fastSignum.map { $0 < 0 } ?? (self < 0) }

    /// `self == 0` as Foundation's `==` says it.
    @inline(__always)
    public var isZeroExactly: Bool { fastSignum.map { $0 == 0 } ?? (self == 0) }

    /// Foundation's order of `lhs` and `rhs` (`<`, `==`, `>`), from exact
    /// 128-bit integers when both mantissas fit 64 bits and the exponents are
    /// at most 18 apart: Foundation then brings both to one exponent without
    /// rounding, so its answer is the exact one. Foundation's comparison
    /// otherwise. `DecimalPartsTests` checks it against Foundation's.
    public static func compareExactly(_ lhs: Decimal, _ rhs: Decimal) -> ComparisonResult {
        if let a = lhs.fastSignum, let b = rhs.fastSignum {
            if a != b { return a < b ? .orderedAscending : .orderedDescending }
            if a == 0 { return .orderedSame }
            if let x = lhs.parts, let y = rhs.parts, abs(x.exponent - y.exponent) <= 18 {
                // Same sign, both non-zero: compare magnitudes x.m·10^(x.e−low) and y.m·10^(y.e−low).
                func scaled(_ mantissa: UInt64, _ places: Int) -> (high: UInt64, low: UInt64) {
                    var power: UInt64 = 1
                    for _ in 0..<places { power *= 10 }
                    let product = mantissa.multipliedFullWidth(by: power)
                    return (product.high, product.low)
                }
                let low = min(x.exponent, y.exponent)
                let left = scaled(x.mantissa, x.exponent - low), right = scaled(y.mantissa, y.exponent - low)
                let magnitude: ComparisonResult = left == right ? .orderedSame : (left.high, left.low) < (right.high, right.low) ? .orderedAscending : .orderedDescending
                guard a < 0 else { return magnitude }
                return magnitude == .orderedAscending ? .orderedDescending : magnitude == .orderedDescending ? .orderedAscending : .orderedSame
            }
        }
        return lhs < rhs ? .orderedAscending : lhs == rhs ? .orderedSame : .orderedDescending
    }

    /// `self < other` as Foundation's `<` says it (`compareExactly`).
    @inline(__always)
    public func isExactlyLess(than other: Decimal) -> Bool { Self.compareExactly(self, other) == .orderedAscending }

    /// `self == other` as Foundation's `==` says it (`compareExactly`).
    @inline(__always)
    public func isEqualExactly(to other: Decimal) -> Bool { Self.compareExactly(self, other) == .orderedSame }
}
