import Foundation
import GenesisBinance
import GenesisDomain

/// An order inside gen-sim, in Binance's terms.
public struct SimOrder: Sendable, Equatable {
    public var symbol: String
    public var orderId: Int64
    public var clientOrderId: String
    public var side: Side
    public var type: String
    public var timeInForce: String?
    public var price: Decimal
    public var stopPrice: Decimal
    public var origQty: Decimal
    public var executedQty: Decimal = 0
    public var cumulativeQuote: Decimal = 0
    public var status: String
    public var time: Int64
    public var updateTime: Int64
    public var icebergQty: Decimal = 0

    public var isOpen: Bool { status == "NEW" || status == "PARTIALLY_FILLED" }
    public var remaining: Decimal { origQty - executedQty }
}

/// One execution inside gen-sim (a `myTrades` row).
public struct SimTrade: Sendable, Equatable {
    public var symbol: String
    public var id: Int64
    public var orderId: Int64
    public var price: Decimal
    public var qty: Decimal
    public var commission: Decimal
    public var commissionAsset: String
    public var time: Int64
    public var isBuyer: Bool
    public var isMaker: Bool
    public var quoteQty: Decimal { price * qty }
}

/// A simulated account: balances (free and locked), orders and trades.
public struct SimAccount: Sendable {
    public var balances: [String: (free: Decimal, locked: Decimal)] = [:]
    public var orders: [Int64: SimOrder] = [:]
    public var trades: [SimTrade] = []
    public var updateTime: Int64 = 0

    public init(quote: String, funding: Decimal) {
        balances[quote] = (funding, 0)
    }

    public func free(_ asset: String) -> Decimal { balances[asset]?.free ?? 0 }

    mutating func adjust(_ asset: String, free: Decimal = 0, locked: Decimal = 0) {
        let current = balances[asset] ?? (0, 0)
        balances[asset] = (current.free + free, current.locked + locked)
    }

    public func openOrders(symbol: String?) -> [SimOrder] {
        orders.values.filter { $0.isOpen && (symbol == nil || $0.symbol == symbol) }.sorted { $0.orderId < $1.orderId }
    }

    public func order(symbol: String, orderId: Int64?, clientOrderId: String?) -> SimOrder? {
        if let orderId { return orders[orderId].flatMap { $0.symbol == symbol ? $0 : nil } }
        guard let clientOrderId else { return nil }
        return orders.values.filter { $0.symbol == symbol && $0.clientOrderId == clientOrderId }.max { $0.orderId < $1.orderId }
    }
}
