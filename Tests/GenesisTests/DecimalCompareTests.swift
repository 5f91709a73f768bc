import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore

/// The reports' exact comparisons (`Decimal.compareExactly`, `fastSignum`
/// and the sign tests, issue 18) answer as Foundation's `<`, `==` and `>`
/// do: on the store's kinds of values, on negatives, zeros written several
/// ways, many decimals, huge values, wide mantissas and exponents too far
/// apart (which fall back to Foundation).
@Suite struct DecimalCompareTests {
    static func foundationOrder(_ a: Decimal, _ b: Decimal) -> ComparisonResult {
        a < b ? .orderedAscending : a == b ? .orderedSame : .orderedDescending
    }

    static func check(_ a: Decimal, _ b: Decimal, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Decimal.compareExactly(a, b) == foundationOrder(a, b), "\(a) vs \(b)", sourceLocation: sourceLocation)
        #expect(a.isExactlyLess(than: b) == (a < b), "\(a) < \(b)", sourceLocation: sourceLocation)
        #expect(a.isEqualExactly(to: b) == (a == b), "\(a) == \(b)", sourceLocation: sourceLocation)
    }

    static func checkSign(_ a: Decimal, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.isAboveZero == (a > 0), "\(a) > 0", sourceLocation: sourceLocation)
        #expect(a.isBelowZero == (a < 0), "\(a) < 0", sourceLocation: sourceLocation)
        #expect(a.isZeroExactly == (a == 0), "\(a) == 0", sourceLocation: sourceLocation)
    }

    @Test func randomValuesCompareAsFoundationCompares() {
        var numbers = DecimalPartsTests.Numbers(state: 18)
        var values: [Decimal] = []
        for _ in 0..<3000 { values.append(numbers.decimal()) }
        for index in values.indices {
            let a = values[index], b = values[(index * 7 + 3) % values.count]
            Self.check(a, b)
            Self.check(a, a)
            Self.checkSign(a)
        }
    }

    @Test func equalValuesWrittenDifferentlyAreEqual() throws {
        let pairs: [(String, String)] = [("100", "100.000"), ("0.010", "0.01"), ("-5", "-5.0"), ("0", "0.000"), ("1", "1.000000000000000000")]
        for (left, right) in pairs {
            let a = try #require(Decimal.parse(left)), b = try #require(Decimal.parse(right))
            #expect(Decimal.compareExactly(a, b) == .orderedSame)
            Self.check(a, b)
            Self.check(b, a)
        }
        // Foundation's own results: a product and a sum that come back in another representation.
        Self.check(Decimal(string: "2.50")! * 4, 10)
        Self.check(Decimal(string: "0.1")! + Decimal(string: "0.2")!, Decimal(string: "0.30")!)
    }

    @Test func edgesCompareAsFoundationCompares() throws {
        let texts = ["0", "-0", "0.00000001", "-0.00000001", "1", "-1", "99.5", "101", "-0.007", "0.008",
                     "18446744073709551615", "-18446744073709551615", "18446744073709551616", "123456789012345678901234567890",
                     "-123456789012345678901234567890", "0.000000000000000000000000000001", "12345678901234567.89", "1.8446744073709551615"]
        var values = try texts.map { try #require(Decimal.parse($0), "\($0)") }
        // Exponents far apart (Foundation's path), and the largest and smallest Decimals.
        values += [Decimal(sign: .plus, exponent: 40, significand: 3), Decimal(sign: .minus, exponent: -60, significand: 7),
                   Decimal(sign: .plus, exponent: 20, significand: 1), Decimal(sign: .plus, exponent: -20, significand: 1),
                   Decimal.greatestFiniteMagnitude, Decimal.leastNormalMagnitude, -Decimal.greatestFiniteMagnitude]
        for a in values {
            Self.checkSign(a)
            for b in values { Self.check(a, b) }
        }
    }

    @Test func notANumberFallsBackToFoundation() {
        #expect(Decimal.nan.fastSignum == nil)
        Self.check(Decimal.nan, 1)
        Self.check(1, Decimal.nan)
        Self.checkSign(Decimal.nan)
    }

    @Test func theFastPathIsTakenForTheStoresValues() throws {
        // Not only right but fast: the store's amounts are read from their parts, not handed to Foundation.
        let amount = try #require(Decimal.parse("-0.00512345"))
        #expect(amount.fastSignum == -1)
        #expect(try #require(Decimal.parse("101.5")).fastSignum == 1)
        #expect(Decimal(0).fastSignum == 0)
        // A mantissa wider than 64 bits is Foundation's to compare.
        #expect(try #require(Decimal.parse("123456789012345678901234567890")).fastSignum == nil)
    }

    @Test func theTextInternerGivesBackTheSameText() {
        var interner = TextInterner()
        var texts: [String] = []
        // More distinct values than it keeps: those past its size are still read right.
        for index in 0..<40 {
            let text = index % 3 == 0 ? "momentum_breakout" : "strategy-\(index)"
            let bytes = Array(text.utf8)
            texts.append(bytes.withUnsafeBufferPointer { interner.string($0) })
            #expect(texts.last == text)
        }
        #expect(Array("".utf8).withUnsafeBufferPointer { interner.string($0) } == "")
    }
}
