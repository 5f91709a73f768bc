import Foundation

/// The order types a trader or strategy can ask for, by the names the tier
/// table uses (DESIGN §2, §5): IOC and FOK are limit orders with that time in
/// force, LIMIT rests until filled or canceled (GTC), and LIMIT_MAKER is the
/// post-only limit the exchange refuses when it would take liquidity.
/// STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT wait untriggered until the market
/// reaches their trigger price, then work as a GTC limit at their limit
/// price: the protective orders GENESIS places after an entry fills, and
/// orders a STRATEGIST signal may ask for.
public enum OrderType: String, Sendable, Codable, CaseIterable {
    case market = "MARKET"
    case limit = "LIMIT"
    case ioc = "IOC"
    case fok = "FOK"
    case limitMaker = "LIMIT_MAKER"
    case stopLossLimit = "STOP_LOSS_LIMIT"
    case takeProfitLimit = "TAKE_PROFIT_LIMIT"

    /// The `type` parameter Binance expects.
    public var exchangeType: String {
        switch self {
        case .market: "MARKET"
        case .limit, .ioc, .fok: "LIMIT"
        case .limitMaker: "LIMIT_MAKER"
        case .stopLossLimit: "STOP_LOSS_LIMIT"
        case .takeProfitLimit: "TAKE_PROFIT_LIMIT"
        }
    }

    /// The `timeInForce` parameter Binance expects (LIMIT only).
    public var timeInForce: String? {
        switch self {
        case .limit, .stopLossLimit, .takeProfitLimit: "GTC"
        case .ioc: "IOC"
        case .fok: "FOK"
        case .market, .limitMaker: nil
        }
    }

    /// Orders that can wait on the book for a later price.
    public var rests: Bool { self == .limit || self == .limitMaker || isTriggered }

    /// Waits for the market to reach a trigger price before it works (`trigger_price`).
    public var isTriggered: Bool { self == .stopLossLimit || self == .takeProfitLimit }

    /// Needs a limit price.
    public var isLimit: Bool { self != .market }

    /// Its name in the tier table.
    public var name: OrderTypeName { OrderTypeName(rawValue: rawValue)! }

    init(field name: StaticString, of line: JSONLine) throws {
        guard let text = try line.optionalString(name) else { self = .market; return }
        guard let type = OrderType(rawValue: text) else {
            throw LineError("field '\(name)' must be one of \(OrderType.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text.prefix(20))'")
        }
        self = type
    }
}

/// Every order type a tier can unlock (DESIGN §2's table). It names the
/// exchange's stop-limit and take-profit-limit orders too, so a tier can list
/// them; an order line can ask only for the types of `OrderType`.
public enum OrderTypeName: String, Sendable, Codable, CaseIterable {
    case market = "MARKET"
    case limit = "LIMIT"
    case ioc = "IOC"
    case fok = "FOK"
    case limitMaker = "LIMIT_MAKER"
    case stopLossLimit = "STOP_LOSS_LIMIT"
    case takeProfitLimit = "TAKE_PROFIT_LIMIT"
}
