import Foundation

/// Builds one NDJSON line field by field, in the order written. Decimals are
/// written as strings, as the protocol requires.
public struct JSONLineBuilder {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Starts an event line with the protocol version and type.
    public init(type: EventType, ts: Timestamp) {
        self.init()
        field("v", Int64(EventType.protocolVersion))
        field("type", type.rawValue)
        field("ts", ts.milliseconds)
    }

    private mutating func key(_ name: String) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func field(_ name: String, _ value: String) {
        key(name)
        appendQuoted(value)
    }

    public mutating func field(_ name: String, _ value: Int64) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func field(_ name: String, _ value: Int) { field(name, Int64(value)) }

    public mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func field(_ name: String, _ value: Decimal) {
        field(name, value.plainText)
    }

    public mutating func field(_ name: String, _ value: Decimal?) {
        if let value { field(name, value.plainText) }
    }

    public mutating func field(_ name: String, _ value: String?) {
        if let value { field(name, value) }
    }

    /// A statistic (not money), written as a JSON number with fixed places.
    public mutating func field(_ name: String, approximate value: Double, places: Int = 4) {
        key(name)
        bytes.append(contentsOf: (value.isFinite ? String(format: "%.\(places)f", value) : "null").utf8)
    }

    /// An array of strings.
    public mutating func field(_ name: String, strings: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, text) in strings.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendQuoted(text)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An array of nested objects, each built field by field.
    public mutating func field(_ name: String, objects: [JSONLineBuilder]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, object) in objects.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: object.bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 10: bytes.append(contentsOf: [92, 110])
            case 13: bytes.append(contentsOf: [92, 114])
            case 9: bytes.append(contentsOf: [92, 116])
            case 0..<32: bytes.append(contentsOf: Array(String(format: "\\u%04x", byte).utf8))
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Closes the object and returns the line with its `\n`.
    public mutating func finishBytes() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(10)
        return bytes
    }

    public mutating func finish() -> String { String(decoding: finishBytes(), as: UTF8.self) }
}
