import Foundation
import GenesisBinance
import GenesisDomain
import GenesisStore

/// One `executionReport` from the user-data stream (DESIGN §5, after Binance's API documentation): an
/// order's new state and, for a trade, the trade. Field letters as Binance
/// sends them.
public struct ExecutionReport: Sendable, Equatable {
    public var symbol: String
    /// The order's own client id. A cancel report carries the cancel
    /// request's id in `c` and the order's in `C`; this is always the order's.
    public var clientOrderID: String
    /// `x`: NEW, TRADE, CANCELED, EXPIRED, REJECTED, …
    public var executionType: String
    /// `X`: NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, …
    public var orderStatus: String
    /// `z`: quantity executed so far.
    public var cumulativeQuantity: Decimal
    /// `t`, `l`, `L`, `n`, `N`: the trade, when `executionType` is TRADE.
    public var tradeID: Int64
    public var lastQuantity: Decimal
    public var lastPrice: Decimal
    public var commission: Decimal
    public var commissionAsset: String?
    /// `T`: when it happened on the exchange.
    public var transactTime: Int64

    public init?(event: JSONValue) {
        guard event["e"]?.string == "executionReport", let symbol = event["s"]?.string, let own = event["c"]?.string,
              let executionType = event["x"]?.string, let status = event["X"]?.string else { return nil }
        self.symbol = symbol
        let original = event["C"]?.string ?? ""
        clientOrderID = executionType == "CANCELED" && !original.isEmpty ? original : own
        self.executionType = executionType
        orderStatus = status
        cumulativeQuantity = event["z"]?.decimal ?? 0
        tradeID = event["t"]?.integer ?? -1
        lastQuantity = event["l"]?.decimal ?? 0
        lastPrice = event["L"]?.decimal ?? 0
        commission = event["n"]?.decimal ?? 0
        commissionAsset = event["N"]?.string
        transactTime = event["T"]?.integer ?? 0
    }

    public var isTrade: Bool { executionType == "TRADE" && tradeID >= 0 }

    /// The order has finished: nothing more will happen to it.
    public var isFinal: Bool { OrderStatus(rawValue: orderStatus)?.isFinal ?? false }
}
