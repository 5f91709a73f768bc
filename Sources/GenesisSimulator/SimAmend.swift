import Foundation
import GenesisBinance
import GenesisDomain

/// Changing a resting order, as Binance offers it (BINANCE.md; Binance's
/// "Order Amend Keep Priority" FAQ and `order/cancelReplace`): lowering the
/// quantity in place keeps the order's id and its place in the queue; any
/// other change is a cancel and a new order, which goes to the back.
extension SimExchange {
    /// `PUT /api/v3/order/amend/keepPriority`: `newQty` must be above zero
    /// and below the order's quantity. The order keeps its `orderId`; its
    /// client id becomes `newClientOrderId` (a generated one when none is
    /// sent, as Binance does). The funds no longer needed are released, and
    /// an `executionReport` with execution type REPLACED tells the stream.
    public func amendKeepPriority(key: String, _ p: [String: String]) throws(BinanceError) -> JSONValue {
        let order = try findOrder(key: key, p)
        guard order.isOpen, !order.isConditional, order.type == "LIMIT" || order.type == "LIMIT_MAKER" else { throw .unknownOrder() }
        guard let text = p["newQty"], let newQuantity = Decimal.parse(text), newQuantity > 0 else { throw .mandatory("newQty") }
        guard newQuantity < order.origQty else {
            throw BinanceError(status: 400, code: -2038, message: "Order amend (quantity increase) is not supported.")
        }
        let rules = try market(order.symbol).rules
        if let lot = rules.lotSize, lot.step > 0, newQuantity.rounded(toStep: lot.step, .down) != newQuantity { throw BinanceError(status: 400, code: -1013, message: "Filter failure: LOT_SIZE") }
        var account = account(key)
        let before = account
        var amended = order
        let released = order.remaining - max(newQuantity - order.executedQty, 0)
        amended.origQty = newQuantity
        amended.updateTime = now()
        if amended.executedQty >= newQuantity { amended.status = "FILLED" }
        let held = order.reservation(rules)
        let amount = order.side == .sell ? released : released * order.price
        account.adjust(held.asset, free: amount, locked: -amount)
        amended.clientOrderId = p["newClientOrderId"] ?? "sim-amend-\(order.orderId)-\(amended.updateTime)"
        guard ClientOrderID.isValid(amended.clientOrderId) else {
            throw BinanceError(status: 400, code: -1100, message: "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.")
        }
        account.orders[order.orderId] = amended
        accounts[key] = account
        report(amended, key: key, execution: "REPLACED")
        position(order.symbol, key: key, before: before, after: account)
        guard case var .object(members) = orderJSON(amended, includeTimes: false) else { return .null }
        members.insert(("origClientOrderId", .string(order.clientOrderId)), at: 3)
        if let index = members.firstIndex(where: { $0.0 == "origQty" }) { members[index] = ("qty", .fixed(newQuantity)) }
        return .object([("transactTime", .integer(amended.updateTime)), ("executionId", .integer(amended.updateTime)), ("amendedOrder", .object(members))])
    }

    /// `POST /api/v3/order/cancelReplace` (`cancelReplaceMode` STOP_ON_FAILURE
    /// only): the order named by `cancelOrderId` or `cancelOrigClientOrderId`
    /// is canceled and, when that worked, the new order is placed with
    /// `POST /api/v3/order`'s parameters. A cancel that fails is -2022 and
    /// nothing changes; a new order refused after the cancel is -2021 (409),
    /// the old order being gone, as Binance answers.
    public func cancelReplace(key: String, _ p: [String: String]) throws(BinanceError) -> JSONValue {
        guard let mode = p["cancelReplaceMode"] else { throw .mandatory("cancelReplaceMode") }
        guard mode == "STOP_ON_FAILURE" else {
            throw BinanceError(status: 400, code: -1100, message: "Illegal characters found in parameter 'cancelReplaceMode'; gen-sim supports STOP_ON_FAILURE.")
        }
        var cancel: [String: String] = ["symbol": p["symbol"] ?? ""]
        if let id = p["cancelOrderId"] { cancel["orderId"] = id }
        if let id = p["cancelOrigClientOrderId"] { cancel["origClientOrderId"] = id }
        if let id = p["cancelNewClientOrderId"] { cancel["newClientOrderId"] = id }
        let canceled: JSONValue
        do { canceled = try cancelOrder(key: key, cancel) } catch {
            throw BinanceError(status: 400, code: -2022, message: "Order cancel-replace failed.")
        }
        var place = p
        for name in ["cancelReplaceMode", "cancelOrderId", "cancelOrigClientOrderId", "cancelNewClientOrderId"] { place[name] = nil }
        let placed: JSONValue
        do { placed = try placeOrder(key: key, place) } catch {
            throw BinanceError(status: 409, code: -2021, message: "Order cancel-replace partially failed.")
        }
        return .object([("cancelResult", .string("SUCCESS")), ("newOrderResult", .string("SUCCESS")),
                        ("cancelResponse", canceled), ("newOrderResponse", placed)])
    }
}
