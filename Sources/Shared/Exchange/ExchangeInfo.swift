import Foundation

/// A JSON scalar as Binance writes filter fields (strings for decimals,
/// numbers for counts, booleans for flags).
public enum JSONScalar: Codable, Sendable, Equatable {
    case string(String)
    case number(Double)
    case integer(Int64)
    case bool(Bool)
    case null

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else { self = .string(try container.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .string(value): try container.encode(value)
        case let .number(value): try container.encode(value)
        case let .integer(value): try container.encode(value)
        case let .bool(value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    var decimal: Decimal? {
        switch self {
        case let .string(text): Decimal.parse(text)
        case let .integer(value): Decimal(value)
        default: nil
        }
    }

    var integer: Int? {
        switch self {
        case let .integer(value): Int(value)
        case let .string(text): Int(text)
        default: nil
        }
    }

    var bool: Bool? { if case let .bool(value) = self { value } else { nil } }
}

/// The parts of `GET /api/v3/exchangeInfo` that GENESIS uses.
public struct ExchangeInfo: Codable, Sendable, Equatable {
    public struct RateLimit: Codable, Sendable, Equatable {
        public var rateLimitType: String
        public var interval: String
        public var intervalNum: Int
        public var limit: Int

        public init(rateLimitType: String, interval: String, intervalNum: Int, limit: Int) {
            self.rateLimitType = rateLimitType
            self.interval = interval
            self.intervalNum = intervalNum
            self.limit = limit
        }

        /// The window length in seconds (`1 MINUTE` → 60).
        public var seconds: Int {
            let unit = switch interval {
            case "SECOND": 1
            case "MINUTE": 60
            case "HOUR": 3600
            default: 86_400
            }
            return unit * intervalNum
        }
    }

    public struct SymbolInfo: Codable, Sendable, Equatable {
        public var symbol: String
        public var status: String
        public var baseAsset: String
        public var quoteAsset: String
        public var baseAssetPrecision: Int
        public var quoteAssetPrecision: Int
        public var orderTypes: [String]
        public var icebergAllowed: Bool
        public var isSpotTradingAllowed: Bool
        public var filters: [[String: JSONScalar]]
        public var permissions: [String]
    }

    public var timezone: String
    public var serverTime: Int64
    public var rateLimits: [RateLimit]
    public var exchangeFilters: [[String: JSONScalar]]
    public var symbols: [SymbolInfo]

    public func rules(for symbol: String) -> SymbolRules? {
        symbols.first { $0.symbol == symbol }.map(SymbolRules.init(info:))
    }
}
