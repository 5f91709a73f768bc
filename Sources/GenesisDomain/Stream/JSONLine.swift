import Foundation

/// Why one input line could not be used. Reported with its line number; the
/// line is skipped and the command carries on (unless `--strict`).
public struct LineError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// One top-level member of a JSON object, as byte offsets into its line.
public struct JSONField: Sendable {
    public enum Kind: Sendable { case string, number, bool, null, object, array }
    public var keyStart: Int
    public var keyEnd: Int
    /// For strings, the bytes between the quotes (still escaped if `escaped`).
    public var valueStart: Int
    public var valueEnd: Int
    public var kind: Kind
    public var escaped: Bool

    var kindName: String {
        switch kind {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .object: "an object"
        case .array: "an array"
        }
    }
}

/// A validated JSON object line with its top-level members located but not
/// decoded. Stages look up only the fields they need, so forwarding a line
/// costs one validating pass and no allocation beyond the reused field table.
public struct JSONLine {
    public let bytes: UnsafeBufferPointer<UInt8>
    public let fields: [JSONField]

    /// The field named `name`, if present.
    @inline(__always)
    public func field(_ name: StaticString) -> JSONField? {
        let length = name.utf8CodeUnitCount
        let key = name.utf8Start
        for field in fields where field.keyEnd - field.keyStart == length {
            if memcmp(bytes.baseAddress! + field.keyStart, key, length) == 0 { return field }
        }
        return nil
    }

    func require(_ name: StaticString) throws -> JSONField { try Self.require(field(name), name) }

    /// The raw bytes of a field's value (inside the quotes for strings).
    public func raw(_ field: JSONField) -> UnsafeBufferPointer<UInt8> { Self.raw(field, in: bytes) }

    public func string(_ name: StaticString) throws -> String { try Self.string(field(name), name, in: bytes) }

    public func optionalString(_ name: StaticString) throws -> String? {
        guard let field = field(name), field.kind != .null else { return nil }
        return try string(name)
    }

    /// A decimal carried, as the protocol requires, in a JSON string.
    public func decimal(_ name: StaticString) throws -> Decimal { try Self.decimal(field(name), name, in: bytes) }

    public func optionalDecimal(_ name: StaticString) throws -> Decimal? {
        guard let field = field(name), field.kind != .null else { return nil }
        return try decimal(name)
    }

    /// A decimal string read as a `Double`, for indicators only. Exact for the
    /// prices and volumes Binance publishes (at most 15 significant digits).
    public func approximate(_ name: StaticString) throws -> Double { try Self.approximate(field(name), name, in: bytes) }

    /// A statistic written as a JSON number (a score, a percentile, ρ): an
    /// approximate value, never money, so a Double is the right type.
    public func statistic(_ name: StaticString) throws -> Double {
        let field = try require(name)
        guard field.kind == .number, let value = JSONLine.fastDouble(raw(field)) ?? Double(String(decoding: raw(field), as: UTF8.self)) else {
            throw LineError("field '\(name)' must be a number")
        }
        return value
    }

    public func int64(_ name: StaticString) throws -> Int64 { try Self.int64(field(name), name, in: bytes) }

    public func timestamp(_ name: StaticString = "ts") throws -> Timestamp { try Self.timestamp(field(name), name, in: bytes) }

    public func bool(_ name: StaticString) throws -> Bool {
        let field = try require(name)
        guard field.kind == .bool else { throw LineError("field '\(name)' must be true or false") }
        return bytes[field.valueStart] == UInt8(ascii: "t")
    }

    // The readings themselves, given a field already located (by name in a
    // scanned line, or by position in a `CandleLine`): one rule and one
    // message per kind of value, whichever way the line was read.

    static func require(_ field: JSONField?, _ name: StaticString) throws -> JSONField {
        guard let field else { throw LineError("missing field '\(name)'") }
        return field
    }

    @inline(__always)
    static func raw(_ field: JSONField, in bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[field.valueStart..<field.valueEnd])
    }

    /// The field, present and a string.
    static func stringField(_ located: JSONField?, _ name: StaticString) throws -> JSONField {
        let field = try require(located, name)
        guard field.kind == .string else { throw LineError("field '\(name)' must be a string, got \(field.kindName)") }
        return field
    }

    static func string(_ located: JSONField?, _ name: StaticString, in bytes: UnsafeBufferPointer<UInt8>) throws -> String {
        let field = try stringField(located, name)
        return field.escaped ? try unescape(raw(field, in: bytes)) : String(decoding: raw(field, in: bytes), as: UTF8.self)
    }

    static func decimal(_ located: JSONField?, _ name: StaticString, in bytes: UnsafeBufferPointer<UInt8>) throws -> Decimal {
        let field = try require(located, name)
        guard field.kind == .string else {
            throw LineError("field '\(name)' must be a decimal in a string (like \"1.5\"), got \(field.kindName)")
        }
        guard !field.escaped, let value = Decimal.parse(raw(field, in: bytes)) else {
            throw LineError("field '\(name)' is not a plain decimal of at most \(Decimal.maximumDigits) digits: \"\(String(decoding: raw(field, in: bytes).prefix(60), as: UTF8.self))\"")
        }
        return value
    }

    static func approximate(_ located: JSONField?, _ name: StaticString, in bytes: UnsafeBufferPointer<UInt8>) throws -> Double {
        let field = try require(located, name)
        guard field.kind == .string, !field.escaped, let value = fastDouble(raw(field, in: bytes)) else {
            throw LineError("field '\(name)' must be a plain decimal of at most \(Decimal.maximumDigits) digits in a string (like \"1.5\"), with no exponent")
        }
        return value
    }

    static func int64(_ located: JSONField?, _ name: StaticString, in bytes: UnsafeBufferPointer<UInt8>) throws -> Int64 {
        let field = try require(located, name)
        guard field.kind == .number, let value = parseInt(raw(field, in: bytes)) else {
            throw LineError("field '\(name)' must be an integer")
        }
        return value
    }

    static func timestamp(_ located: JSONField?, _ name: StaticString, in bytes: UnsafeBufferPointer<UInt8>) throws -> Timestamp {
        let value = try int64(located, name, in: bytes)
        // 1970…2200 in epoch milliseconds: anything else is a unit mistake.
        guard value >= 0, value < 7_258_118_400_000 else {
            throw LineError("field '\(name)' must be epoch milliseconds between 1970 and 2200, got \(value)")
        }
        return Timestamp(milliseconds: value)
    }

    static func parseInt(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var value: Int64 = 0
        var negative = false
        var index = 0
        if bytes.first == UInt8(ascii: "-") { negative = true; index = 1 }
        guard index < bytes.count else { return nil }
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 48, byte <= 57 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(byte - 48))
            if o1 || o2 { return nil }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// Plain decimal text to Double; correctly rounded when the digits fit 2^53.
    static func fastDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var mantissa: UInt64 = 0
        var scale = 0
        var seenPoint = false
        var digits = 0
        var negative = false
        var index = 0
        if bytes.first == UInt8(ascii: "-") { negative = true; index = 1 }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if byte >= 48, byte <= 57 {
                digits += 1
                // Same limit as the exact parser: a number no decimal can hold is refused.
                if digits > 18 { return Decimal.parse(bytes) == nil ? nil : Double(String(decoding: bytes, as: UTF8.self)) }
                mantissa = mantissa * 10 + UInt64(byte - 48)
                if seenPoint { scale += 1 }
            } else {
                return nil
            }
            index += 1
        }
        // The same shape the exact parser accepts: digits before and after any point.
        guard digits > scale, !seenPoint || scale > 0 else { return nil }
        if scale > 22 { return Double(String(decoding: bytes, as: UTF8.self)) }
        let value = Double(mantissa) / powersOfTen[scale]
        return negative ? -value : value
    }

    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) throws -> String {
        var scalars = String.UnicodeScalarView()
        var output = [UInt8]()
        output.reserveCapacity(bytes.count)
        var index = 0
        func flushBytes() {
            if !output.isEmpty {
                scalars.append(contentsOf: String(decoding: output, as: UTF8.self).unicodeScalars)
                output.removeAll(keepingCapacity: true)
            }
        }
        func hex4(_ at: Int) throws -> UInt32 {
            guard at + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16) else {
                throw LineError("bad \\u escape in string")
            }
            return value
        }
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else { output.append(byte); index += 1; continue }
            index += 1
            switch bytes[index] {
            case UInt8(ascii: "n"): output.append(10)
            case UInt8(ascii: "t"): output.append(9)
            case UInt8(ascii: "r"): output.append(13)
            case UInt8(ascii: "b"): output.append(8)
            case UInt8(ascii: "f"): output.append(12)
            case UInt8(ascii: "u"):
                var code = try hex4(index + 1)
                index += 4
                if (0xD800...0xDBFF).contains(code), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\"), bytes[index + 2] == UInt8(ascii: "u") {
                    let low = try hex4(index + 3)
                    if (0xDC00...0xDFFF).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                }
                flushBytes()
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default: output.append(bytes[index])
            }
            index += 1
        }
        flushBytes()
        return String(scalars)
    }
}

/// Validates a line as one JSON object and locates its top-level members in a
/// single pass. One scanner is reused for every line of a stream.
public struct JSONLineScanner {
    private var fields: [JSONField] = []
    /// Nesting deeper than this is refused rather than risking the stack.
    static let maximumDepth = 64

    public init() { fields.reserveCapacity(32) }

    public mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) throws -> JSONLine {
        fields.removeAll(keepingCapacity: true)
        var parser = Parser(bytes: bytes)
        try parser.topLevelObject(into: &fields)
        return JSONLine(bytes: bytes, fields: fields)
    }

    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var sawHighBytes = false

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        @inline(__always) mutating func skipSpace() {
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 32 || byte == 9 || byte == 13 { index += 1 } else { return }
            }
        }

        func describeHere() -> String {
            if index >= bytes.count { return "truncated JSON (the line ends before the object is closed)" }
            let byte = bytes[index]
            if byte < 32 || byte >= 127 { return "unexpected byte 0x\(String(byte, radix: 16)) at column \(index + 1)" }
            return "unexpected '\(Character(Unicode.Scalar(byte)))' at column \(index + 1)"
        }

        mutating func expect(_ byte: UInt8) throws {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { throw LineError(describeHere()) }
            index += 1
        }

        mutating func topLevelObject(into fields: inout [JSONField]) throws {
            skipSpace()
            guard index < bytes.count else { throw LineError("empty line") }
            guard bytes[index] == UInt8(ascii: "{") else {
                throw LineError("not a JSON object: \(describeHere())")
            }
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
            } else {
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw LineError(describeHere()) }
                    let (keyStart, keyEnd, keyEscaped) = try string()
                    // Fields are found by their bytes: an escaped name would hide one.
                    if keyEscaped { throw LineError("escaped characters in a field name at column \(keyStart)") }
                    try expect(UInt8(ascii: ":"))
                    skipSpace()
                    let valueStart = index
                    let (kind, escaped) = try value(depth: 1)
                    var field = JSONField(keyStart: keyStart, keyEnd: keyEnd, valueStart: valueStart, valueEnd: index, kind: kind, escaped: escaped)
                    if kind == .string { field.valueStart += 1; field.valueEnd -= 1 }
                    fields.append(field)
                    skipSpace()
                    guard index < bytes.count else { throw LineError(describeHere()) }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; break }
                    throw LineError(describeHere())
                }
            }
            skipSpace()
            guard index == bytes.count else { throw LineError("extra text after the JSON object at column \(index + 1)") }
            if sawHighBytes, String(validating: bytes, as: UTF8.self) == nil {
                throw LineError("not valid UTF-8")
            }
        }

        /// Parses a string starting at the opening quote; returns the content range.
        mutating func string() throws -> (Int, Int, Bool) {
            index += 1
            let start = index
            var escaped = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return (start, index - 1, escaped)
                }
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                    index += 1
                    guard index < bytes.count else { break }
                    switch bytes[index] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                         UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 1
                    case UInt8(ascii: "u"):
                        guard index + 4 < bytes.count else { throw LineError("truncated \\u escape at column \(index)") }
                        for offset in 1...4 where !bytes[index + offset].isHexDigit {
                            throw LineError("bad \\u escape at column \(index)")
                        }
                        index += 5
                    default:
                        throw LineError("bad escape '\\\(Character(Unicode.Scalar(bytes[index])))' at column \(index)")
                    }
                    continue
                }
                if byte < 0x20 { throw LineError("control byte 0x\(String(byte, radix: 16)) inside a string at column \(index + 1)") }
                if byte >= 0x80 { sawHighBytes = true }
                index += 1
            }
            throw LineError("truncated JSON (a string is not closed)")
        }

        mutating func value(depth: Int) throws -> (JSONField.Kind, Bool) {
            guard index < bytes.count else { throw LineError(describeHere()) }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                let (_, _, escaped) = try string()
                return (.string, escaped)
            case UInt8(ascii: "{"):
                try container(close: UInt8(ascii: "}"), keyed: true, depth: depth)
                return (.object, false)
            case UInt8(ascii: "["):
                try container(close: UInt8(ascii: "]"), keyed: false, depth: depth)
                return (.array, false)
            case UInt8(ascii: "t"): try literal("true"); return (.bool, false)
            case UInt8(ascii: "f"): try literal("false"); return (.bool, false)
            case UInt8(ascii: "n"): try literal("null"); return (.null, false)
            default:
                try number()
                return (.number, false)
            }
        }

        mutating func literal(_ word: StaticString) throws {
            let length = word.utf8CodeUnitCount
            guard index + length <= bytes.count, memcmp(bytes.baseAddress! + index, word.utf8Start, length) == 0 else {
                throw LineError(describeHere())
            }
            index += length
        }

        mutating func number() throws {
            let start = index
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, bytes[index].isDigit else { index = start; throw LineError(describeHere()) }
            if bytes[index] == UInt8(ascii: "0") { index += 1 } else { while index < bytes.count, bytes[index].isDigit { index += 1 } }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard index < bytes.count, bytes[index].isDigit else { throw LineError("malformed number at column \(start + 1)") }
                while index < bytes.count, bytes[index].isDigit { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard index < bytes.count, bytes[index].isDigit else { throw LineError("malformed number at column \(start + 1)") }
                while index < bytes.count, bytes[index].isDigit { index += 1 }
            }
        }

        mutating func container(close: UInt8, keyed: Bool, depth: Int) throws {
            guard depth < JSONLineScanner.maximumDepth else { throw LineError("nesting deeper than \(JSONLineScanner.maximumDepth) levels") }
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == close { index += 1; return }
            while true {
                skipSpace()
                if keyed {
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw LineError(describeHere()) }
                    _ = try string()
                    try expect(UInt8(ascii: ":"))
                    skipSpace()
                }
                _ = try value(depth: depth + 1)
                skipSpace()
                guard index < bytes.count else { throw LineError(describeHere()) }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == close { index += 1; return }
                throw LineError(describeHere())
            }
        }
    }
}

extension UInt8 {
    @inline(__always) var isDigit: Bool { self >= 48 && self <= 57 }
    @inline(__always) var isHexDigit: Bool { isDigit || (self >= 65 && self <= 70) || (self >= 97 && self <= 102) }
}
