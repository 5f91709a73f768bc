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
    /// The order list (OCO) it is a leg of; -1 for none, as Binance numbers it.
    public var orderListId: Int64 = -1
    /// False while a stop or take-profit order waits for its stop price
    /// (Binance's `isWorking`): it is not on the book and cannot trade yet.
    public var isWorking = true
    /// When the order started working (placed on the book, or triggered);
    /// -1 before, as Binance reports a waiting stop.
    public var workingTime: Int64 = -1

    public var isOpen: Bool { status == "NEW" || status == "PARTIALLY_FILLED" }
    public var remaining: Decimal { origQty - executedQty }

    /// The types that wait for a stop price before they work.
    public static let conditionalTypes: Set = ["STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"]
    public var isConditional: Bool { Self.conditionalTypes.contains(type) }
    /// A stop loss triggers when the price moves against the order's side
    /// (down for a sell); a take profit when it moves in its favour.
    var isStopLoss: Bool { type.hasPrefix("STOP_LOSS") }
    /// STOP_LOSS and TAKE_PROFIT become MARKET orders when triggered; the
    /// other types trade at their limit price.
    var hasLimitPrice: Bool { type != "MARKET" && type != "STOP_LOSS" && type != "TAKE_PROFIT" }

    /// What the order holds locked while it is open: a sell its base, a buy
    /// price × quantity of the quote (a stop-market buy, which has no price,
    /// at its stop price).
    func reservation(_ rules: SymbolRules) -> (asset: String, amount: Decimal) {
        switch side {
        case .sell: (rules.baseAsset, remaining)
        case .buy: (rules.quoteAsset, remaining * (hasLimitPrice ? price : stopPrice))
        }
    }
}

/// An order list inside gen-sim: an OCO's two legs, in Binance's terms.
public struct SimOrderList: Sendable, Equatable {
    public struct Leg: Sendable, Equatable {
        public var orderId: Int64
        public var clientOrderId: String
    }

    public var orderListId: Int64
    public var listClientOrderId: String
    public var symbol: String
    /// The stop leg first, as Binance lists an OCO's orders.
    public var legs: [Leg]
    /// `EXEC_STARTED` while it works, `ALL_DONE` once a leg executed or it was canceled.
    public var listStatusType = "EXEC_STARTED"
    /// `EXECUTING`, then `ALL_DONE`.
    public var listOrderStatus = "EXECUTING"
    public var transactionTime: Int64
    /// The legs share one lock (the quantity is sold, or bought, only once):
    /// the larger of the two legs' own reservations, of this asset.
    public var lockedAsset: String
    public var locked: Decimal

    public var isExecuting: Bool { listOrderStatus == "EXECUTING" }
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
    public var orderLists: [Int64: SimOrderList] = [:]
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
