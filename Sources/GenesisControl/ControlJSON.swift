import Foundation
import GenesisBinance
import GenesisDomain
import GenesisStore

/// The control API's JSON conventions, those of the NDJSON protocol:
/// money and quantities as strings holding exact decimals; every time twice,
/// as `name` (ISO-8601 UTC with milliseconds) and `name_ms` (epoch ms);
/// absent values as `null`, never left out.
enum ControlJSON {
    typealias Members = [(String, JSONValue)]

    static func decimal(_ value: Decimal?) -> JSONValue { value.map { .string($0.plainText) } ?? .null }
    static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
    static func integer(_ value: Int?) -> JSONValue { value.map { .integer(Int64($0)) } ?? .null }
    static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

    /// A statistic (not money), as a JSON number rounded to `places`.
    static func number(_ value: Double?, places: Int = 6) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        let scale = pow(10, Double(places))
        return .number((value * scale).rounded() / scale)
    }

    static func time(_ name: String, _ value: Timestamp?) -> Members {
        [(name, value.map { .string($0.iso8601) } ?? .null), (name + "_ms", value.map { .integer($0.milliseconds) } ?? .null)]
    }
}
