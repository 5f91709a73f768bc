import Foundation

/// A small JSON tree for Binance-shaped responses and requests, written in
/// the order built (Binance clients do not care, but humans reading a
/// capture do).
public indirect enum JSONValue: Sendable, Equatable, Decodable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case integer(Int64)
    /// A non-integer JSON number (Binance sends decimals as strings; this is rare).
    case number(Double)
    case bool(Bool)
    case null

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        if let container = try? decoder.container(keyedBy: Key.self) {
            self = .object(try container.allKeys.sorted { $0.stringValue < $1.stringValue }.map { ($0.stringValue, try container.decode(JSONValue.self, forKey: $0)) })
        } else if var container = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !container.isAtEnd { items.append(try container.decode(JSONValue.self)) }
            self = .array(items)
        } else {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Int64.self) { self = .integer(value) }
            else if let value = try? container.decode(Double.self) { self = .number(value) }
            else { self = .string(try container.decode(String.self)) }
        }
    }

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.text == b.text }

    /// A decimal in Binance's fixed eight-place style (`"0.10000000"`).
    public static func fixed(_ value: Decimal, places: Int = 8) -> JSONValue {
        let rounded = value.rounded(scale: places, .plain)
        var text = rounded.plainText
        if places > 0 {
            if !text.contains(".") { text += "." }
            let decimals = text.count - text.distance(from: text.startIndex, to: text.firstIndex(of: ".")!) - 1
            text += String(repeating: "0", count: max(0, places - decimals))
        }
        return .string(text)
    }

    public var text: String {
        var output = ""
        write(to: &output)
        return output
    }

    public func write(to output: inout String) {
        switch self {
        case let .object(members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                JSONValue.string(member.0).write(to: &output)
                output += ":"
                member.1.write(to: &output)
            }
            output += "}"
        case let .array(items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                item.write(to: &output)
            }
            output += "]"
        case let .string(value):
            var builder = JSONLineBuilder()
            builder.field("x", value)
            let bytes = builder.bytes
            output += String(decoding: bytes[5...], as: UTF8.self)
        case let .integer(value): output += String(value)
        case let .number(value): output += value.isFinite ? "\(value)" : "null"
        case let .bool(value): output += value ? "true" : "false"
        case .null: output += "null"
        }
    }

    /// Parses JSON text (responses from the exchange).
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    public subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    public var string: String? { if case let .string(value) = self { value } else { nil } }
    public var integer: Int64? {
        switch self {
        case let .integer(value): value
        case let .string(value): Int64(value)
        default: nil
        }
    }
    public var decimal: Decimal? { string.flatMap { Decimal.parse($0) } }
    public var bool: Bool? { if case let .bool(value) = self { value } else { nil } }
    public var array: [JSONValue]? { if case let .array(value) = self { value } else { nil } }
}
