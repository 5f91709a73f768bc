import Foundation

/// The parts of `GET /api/v3/exchangeInfo` that GENESIS uses.
public struct ExchangeInfo: Decodable, Sendable, Equatable {
    public struct RateLimit: Decodable, Sendable, Equatable {
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

    public struct SymbolInfo: Decodable, Sendable, Equatable {
        public var symbol: String
        public var status: String
        public var baseAsset: String
        public var quoteAsset: String
        public var baseAssetPrecision: Int
        public var quoteAssetPrecision: Int
        public var orderTypes: [String]
        public var icebergAllowed: Bool
        /// OCO order lists allowed (absent from older answers: not allowed).
        public var ocoAllowed: Bool?
        public var isSpotTradingAllowed: Bool
        public var filters: [[String: JSONValue]]
        public var permissions: [String]

        public init(symbol: String, status: String, baseAsset: String, quoteAsset: String, baseAssetPrecision: Int, quoteAssetPrecision: Int,
                    orderTypes: [String], icebergAllowed: Bool, ocoAllowed: Bool? = nil, isSpotTradingAllowed: Bool, filters: [[String: JSONValue]], permissions: [String]) {
            self.symbol = symbol
            self.status = status
            self.baseAsset = baseAsset
            self.quoteAsset = quoteAsset
            self.baseAssetPrecision = baseAssetPrecision
            self.quoteAssetPrecision = quoteAssetPrecision
            self.orderTypes = orderTypes
            self.icebergAllowed = icebergAllowed
            self.ocoAllowed = ocoAllowed
            self.isSpotTradingAllowed = isSpotTradingAllowed
            self.filters = filters
            self.permissions = permissions
        }
    }

    public var timezone: String
    public var serverTime: Int64
    public var rateLimits: [RateLimit]
    public var exchangeFilters: [[String: JSONValue]]
    public var symbols: [SymbolInfo]

    public init(timezone: String, serverTime: Int64, rateLimits: [RateLimit], exchangeFilters: [[String: JSONValue]], symbols: [SymbolInfo]) {
        self.timezone = timezone
        self.serverTime = serverTime
        self.rateLimits = rateLimits
        self.exchangeFilters = exchangeFilters
        self.symbols = symbols
    }

    public func rules(for symbol: String) -> SymbolRules? {
        symbols.first { $0.symbol == symbol }.map(SymbolRules.init(info:))
    }
}
