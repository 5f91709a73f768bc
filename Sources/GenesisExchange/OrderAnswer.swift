import Foundation
import GenesisDomain

/// What the exchange says about one order (`POST` or `GET /api/v3/order`,
/// or an execution report), read once into types so that booking never
/// looks a field up by its string key.
struct OrderAnswer: Sendable {
    /// nil for a status this build does not know: booked as nothing, looked up again.
    var status: OrderStatus?
    var orderID: Int64
    var executedQuantity: Decimal
    /// When it happened on the exchange (`transactTime`, else `updateTime`).
    var time: Int64?
    /// The trades a `FULL` answer carries (`fills`), when it carries them.
    var fills: [AccountTrade]?

    init(status: String, orderID: Int64 = 0, executedQuantity: Decimal, time: Int64?, fills: [AccountTrade]? = nil) {
        self.status = OrderStatus(rawValue: status)
        self.orderID = orderID
        self.executedQuantity = executedQuantity
        self.time = time
        self.fills = fills
    }

    init(_ json: JSONValue) {
        self.init(status: json["status"]?.string ?? "UNKNOWN", orderID: json["orderId"]?.integer ?? 0,
                  executedQuantity: json["executedQty"]?.decimal ?? 0, time: json["transactTime"]?.integer ?? json["updateTime"]?.integer,
                  fills: json["fills"]?.array.map { $0.map(AccountTrade.init) })
    }

    /// The answer an execution report amounts to, with the trades the stream delivered.
    init(_ report: ExecutionReport, trades: [ExecutionReport]) {
        self.init(status: report.orderStatus, executedQuantity: report.cumulativeQuantity, time: report.transactTime,
                  fills: trades.map { AccountTrade(id: $0.tradeID, price: $0.lastPrice, quantity: $0.lastQuantity, commission: $0.commission,
                                                   commissionAsset: $0.commissionAsset ?? "") })
    }

    /// A GTC or post-only order the exchange holds open: not an unknown
    /// outcome, just one that has not finished.
    func isResting(_ order: OrderIntent) -> Bool { order.type.rests && (status == .new || status == .partiallyFilled) }
}

/// One trade of an order (`/api/v3/myTrades`, or an answer's `fills`).
/// A row missing a field is kept with nils, so a partial list is noticed
/// rather than booked short.
struct AccountTrade: Sendable {
    var id: Int64?
    var price: Decimal?
    var quantity: Decimal?
    var commission: Decimal?
    var commissionAsset: String?

    init(id: Int64?, price: Decimal?, quantity: Decimal?, commission: Decimal?, commissionAsset: String?) {
        self.id = id
        self.price = price
        self.quantity = quantity
        self.commission = commission
        self.commissionAsset = commissionAsset
    }

    init(_ json: JSONValue) {
        self.init(id: (json["tradeId"] ?? json["id"])?.integer, price: json["price"]?.decimal, quantity: json["qty"]?.decimal,
                  commission: json["commission"]?.decimal, commissionAsset: json["commissionAsset"]?.string)
    }

    /// The trade as GENESIS books it, keyed `SYMBOL-id`; nil when a field is missing.
    func fill(symbol: String) -> TradeFill? {
        guard let id, let price, let quantity, let commission, let commissionAsset else { return nil }
        return TradeFill(id: "\(symbol)-\(id)", price: price, quantity: quantity, fee: commission, feeAsset: commissionAsset)
    }
}
