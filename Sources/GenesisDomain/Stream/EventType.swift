import Foundation

/// The `type` of an event-stream line (DESIGN §1.1, docs/PROTOCOL.md).
public enum EventType: String, Sendable, CaseIterable {
    case candle, book, trade
    case marketState = "market_state"
    case signal, order, rejection, execution, position, alert
    /// A symbol's trading status on the exchange (`gen-fetch stream`; MAINTENANCE, ExchangeStatus.swift).
    case exchangeStatus = "exchange_status"

    /// The `v` field written on every line; readers accept lines without it
    /// or with this version.
    public static let protocolVersion = 1

    /// Recognises the type of a scanned line without allocating. Returns nil
    /// for a type this version does not know (such lines are forwarded).
    public static func of(_ line: JSONLine) throws -> EventType? {
        guard let field = line.field("type") else { throw LineError("missing field 'type'") }
        guard field.kind == .string else { throw LineError("field 'type' must be a string") }
        if let version = line.field("v") {
            guard version.kind == .number, let number = JSONLine.parseInt(line.raw(version)) else {
                throw LineError("field 'v' must be an integer protocol version")
            }
            guard number <= Int64(protocolVersion), number >= 1 else {
                throw LineError("protocol version \(number) is not supported (this build speaks v\(protocolVersion))")
            }
        }
        if field.escaped { return EventType(rawValue: try line.string("type")) }
        let raw = line.raw(field)
        for type in allCases {
            let name = type.rawValue.utf8
            if name.count == raw.count, name.elementsEqual(raw) { return type }
        }
        return nil
    }
}
