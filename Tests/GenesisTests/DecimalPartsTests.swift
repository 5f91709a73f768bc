import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore

/// The report's fast exact `Decimal` paths (issue 18) give the very
/// `Decimal` (same bytes: value and representation) and the very `Double`
/// Foundation's own arithmetic gives, on the store's kinds of values and on
/// the edges: negatives, zero, many decimals, huge values, wide mantissas.
@Suite struct DecimalPartsTests {
    /// A fixed pseudo-random sequence (SplitMix64), so every run checks the same values.
    struct Numbers {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// Plain decimal text of the kinds the store holds, and some that are not.
        mutating func text() -> String {
            let digits = [1, 2, 3, 4, 6, 8, 12, 17, 19, 22, 30][Int(next() % 11)]
            var text = String(next() % 2 == 0 ? "" : "-")
            for index in 0..<digits { text += String(index == 0 ? 1 + next() % 9 : next() % 10) }
            let places = Int(next() % UInt64(min(digits, 18) + 1))
            if places > 0 { text.insert(".", at: text.index(text.endIndex, offsetBy: -places)) }
            return text
        }
        mutating func decimal() -> Decimal { Decimal.parse(text()) ?? 0 }
    }

    static func bytes(_ value: Decimal) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }

    @Test func theRawLayoutIsTheOneThisFoundationUses() {
        #expect(Decimal.rawLayoutHolds)
        #expect(Decimal.doubleStepsHold)
    }

    @Test func partsReadAndCompactWritesWhatFoundationBuilds() throws {
        var numbers = Numbers(state: 1)
        for text in ["0", "-0", "1", "-1", "0.001", "-123.4500", "100", "18446744073709551615", "184467440737095516.15", "-99999999999999999.99"]
            + (0..<2000).map({ _ in numbers.text() }) {
            let value = try #require(Decimal.parse(text) ?? Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
            guard let parts = value.parts else {
                // Only a mantissa wider than 64 bits has no parts.
                #expect(text.filter(\.isNumber).drop { $0 == "0" }.count >= 19, "\(text)")
                continue
            }
            let rebuilt = try #require(Decimal.compact(negative: parts.negative, mantissa: parts.mantissa, exponent: parts.exponent))
            #expect(Self.bytes(rebuilt) == Self.bytes(value), "\(text)")
            #expect(rebuilt.description == value.description)
        }
    }

    @Test func anExactQuotientIsFoundationsQuotientByteForByte() {
        var numbers = Numbers(state: 2)
        var pairs: [(Decimal, Decimal)] = [(0.008, 0.02), (1, 3), (-0.007, 0.02), (0, 5), (10, 4), (1, 8), (5, 5), (-1, -1), (2, 0.0000001),
                                           (Decimal(string: "123456789.123456789")!, 0.001), (1, Decimal(string: "0.00000000000000000001")!)]
        for _ in 0..<5000 { pairs.append((numbers.decimal(), numbers.decimal())) }
        // Divisors that make quotients end: powers of 2 and 5, and small ones.
        let divisors: [Decimal] = [2, 4, 5, 8, 16, 20, 25, 0.5, 0.02, 0.125, 3, 7]
        for _ in 0..<3000 { pairs.append((numbers.decimal(), divisors[Int(numbers.next() % 12)])) }
        var exact = 0
        for (a, b) in pairs where b != 0 {
            let expected = a / b
            if Decimal.terminatingQuotient(a, b) != nil { exact += 1 }
            let fast = a.dividedExactly(by: b)
            #expect(Self.bytes(fast) == Self.bytes(expected), "\(a) / \(b): \(fast) vs \(expected)")
            #expect(fast.fastApproximateDouble.bitPattern == expected.approximateDouble.bitPattern, "\(a) / \(b)")
        }
        #expect(exact > 1000, "the fast path was taken \(exact) times")
    }

    @Test func theFastDoubleIsFoundationsDouble() {
        var numbers = Numbers(state: 3)
        for _ in 0..<5000 {
            let value = numbers.decimal()
            #expect(value.fastApproximateDouble.bitPattern == value.approximateDouble.bitPattern, "\(value)")
        }
    }

    @Test func aSumIsTheSumOfAddingDecimalsOneByOne() {
        var numbers = Numbers(state: 4)
        for round in 0..<300 {
            var expected = Decimal(0)
            var sum = DecimalSum()
            for _ in 0..<(1 + round % 40) {
                let value = numbers.decimal()
                if numbers.next() % 4 == 0 {
                    expected -= value
                    sum.subtract(value)
                } else {
                    expected += value
                    sum.add(value)
                }
                #expect(Self.bytes(sum.total) == Self.bytes(expected), "round \(round): \(sum.total) vs \(expected)")
            }
        }
        // A sum past 64 bits goes on in Decimal, still exact.
        var big = DecimalSum(Decimal(string: "9223372036854775807")!)
        big.add(1)
        big.add(Decimal(string: "0.000000000000000001")!)
        #expect(big.total == Decimal(string: "9223372036854775808.000000000000000001")!)
        var cancelled = DecimalSum(Decimal(string: "-12.50")!)
        cancelled.add(12.5)
        #expect(Self.bytes(cancelled.total) == Self.bytes(Decimal(0)))
    }

    @Test func aRatioBoundNeverHidesALargerQuotient() {
        var numbers = Numbers(state: 5)
        for _ in 0..<5000 {
            let values = (0..<4).map { _ in abs(numbers.decimal()) + Decimal(string: "0.0001")! }
            let bound = RatioBound(numerator: values[0], denominator: values[1])
            if !bound.mayBeExceeded(by: values[2], over: values[3]) {
                #expect(values[2] / values[3] <= values[0] / values[1], "\(values)")
            }
        }
        let bound = RatioBound(numerator: 1, denominator: 10)
        #expect(!bound.mayBeExceeded(by: 1, over: 10))
        #expect(!bound.mayBeExceeded(by: 0.5, over: 10))
        #expect(bound.mayBeExceeded(by: 2, over: 10))
    }

    @Test func theReportReaderReadsWhatThePositionQueriesRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("decimal-parts-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Store(path: path)
        try store.writer.writeWithoutTransaction { db in
            // Positions alone: no orders to point at.
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            let rows: [(String, String, String?, Int64, Int64?, String?, String?)] = [
                ("BTCUSDT", "CLOSED", "98.5", 1000, 9000, "0.008", "-0.0000000001"),
                ("ETHUSDT", "CLOSED", nil, 2000, 3000, "-12345678901234567.12", "0"),
                ("SOLUSDT", "OPEN", "1", 3000, nil, nil, "0.5"),
                ("BTCUSDT", "CLOSED", "0.1", 500, 3000, "1", "2"),
            ]
            for (symbol, status, stop, opened, closed, pnl, gross) in rows {
                try db.execute(sql: """
                    INSERT INTO positions (session, symbol, side, status, quantity, entry_price, stop_price, strategy, signal_id, entry_client_order_id,
                                           opened_at, closed_at, exit_price, exit_reason, fees, realized_gross, realized_pnl)
                    VALUES ('default', ?, 'LONG', ?, '0.01', '100', ?, NULL, 's', 'e' || ?, ?, ?, '101', 'TAKE_PROFIT', '0.002', ?, ?)
                    """, arguments: [symbol, status, stop, opened, opened, closed, gross, pnl])
            }
        }
        let read = try store.reportPositions(session: Account.defaultSession)
        #expect(read.all == (try store.positions(session: Account.defaultSession)))
        #expect(read.closed == (try store.closedPositions(session: Account.defaultSession)))
        #expect(read.closed.map(\.symbol) == ["ETHUSDT", "BTCUSDT", "BTCUSDT"], "closed_at, then id; read by opened_at")
    }
}

/// `ReportText` writes what `Timestamp.iso8601`, `Decimal.plainText` and
/// `HoldingPeriod.isLongTerm` give, on edges and on a fixed sample.
@Suite struct ReportTextTests {
    @Test func timesAreWrittenAsIso8601WritesThem() {
        var numbers = DecimalPartsTests.Numbers(state: 6)
        var times: [Int64] = [0, 1, 999, 1000, 86_399_999, 86_400_000, 951_782_400_000 /* 2000-02-29 */, 4_107_542_399_999, 253_402_300_799_999,
                              -1, -86_400_001, 253_402_300_800_000, -62_135_596_800_000]
        for _ in 0..<3000 { times.append(Int64(numbers.next() % 4_200_000_000_000)) }
        for ms in times {
            let time = Timestamp(milliseconds: ms)
            #expect(time.iso8601 == time.calendarISO8601, "\(ms)")
            var bytes = Array("x".utf8)
            time.write(iso8601: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == "x" + time.calendarISO8601, "\(ms)")
            #expect(ReportText.year(time) == Int(time.utcDate.prefix(4)), "\(ms)")
        }
    }

    @Test func amountsAreWrittenAsPlainTextWritesThem() {
        var numbers = DecimalPartsTests.Numbers(state: 7)
        var values: [Decimal] = [0, 1, -1, 100, Decimal(string: "0.001")!, Decimal(string: "-0.000000000000000001")!, Decimal(string: "1e5")!,
                                 Decimal(string: "-12345678901234567890.5")!, Decimal(string: "18446744073709551615")!]
        for _ in 0..<5000 { values.append(numbers.decimal()) }
        for _ in 0..<500 { values.append(numbers.decimal().multipliedExactly(by: Decimal(sign: .plus, exponent: Int(numbers.next() % 12), significand: 1))) }
        for value in values { #expect(ReportText.plain(value) == value.plainText, "\(value)") }
    }

    @Test func theHoldingPeriodIsJudgedAsTheCalendarJudgesIt() {
        var numbers = DecimalPartsTests.Numbers(state: 8)
        let day = Timestamp.millisecondsPerDay
        var pairs: [(Int64, Int64)] = [(951_782_400_000, 951_782_400_000 + 366 * day), (951_782_400_000, 951_782_400_000 + 365 * day),
                                       (951_782_400_000, 951_782_400_000 + 367 * day), (0, 365 * day), (0, 366 * day), (-day, 400 * day)]
        for _ in 0..<3000 {
            let bought = Int64(numbers.next() % 4_000_000_000_000)
            pairs.append((bought, bought + Int64(numbers.next() % UInt64(800 * day))))
        }
        for rule in [HoldingPeriod(), HoldingPeriod(longTermDays: 365), HoldingPeriod(longTermDays: 0)] {
            for (bought, sold) in pairs {
                let a = Timestamp(milliseconds: bought), b = Timestamp(milliseconds: sold)
                #expect(rule.isLongTermFast(acquired: a, sold: b) == rule.isLongTerm(acquired: a, sold: b), "\(bought) \(sold) \(String(describing: rule.longTermDays))")
            }
        }
    }
}
