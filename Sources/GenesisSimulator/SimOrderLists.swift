import Foundation
import GenesisBinance
import GenesisDomain

/// OCO order lists, after Binance's `POST /api/v3/orderList/oco` and its
/// companions: two legs of one quantity, one above the market (a LIMIT_MAKER
/// or take profit for a sell, a stop loss for a buy) and one below it. The
/// quantity is locked once for both. When one leg trades (even in part) or
/// its stop triggers, the other is canceled and the list is ALL_DONE;
/// canceling either leg cancels the list. Every change is reported as
/// Binance reports it: the legs' executionReports (`g` the list's id), then
/// a `listStatus` event, then the balances.
extension SimExchange {
    static let ocoTypes: Set = ["LIMIT_MAKER", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"]

    /// Which leg may stand where, refused with Binance's codes: a sell OCO's
    /// limit or take profit above and its stop loss below, a buy OCO's the
    /// other way round, and one leg at least a stop.
    static func checkOCOTypes(side: Side, above: String, below: String) throws(BinanceError) {
        func refuse(_ code: Int, _ message: String) -> BinanceError { BinanceError(status: 400, code: code, message: message) }
        guard ocoTypes.contains(above), ocoTypes.contains(below) else { throw refuse(-1158, "Order type not supported in OCO.") }
        if above == "LIMIT_MAKER", below == "LIMIT_MAKER" { throw refuse(-1168, "At least one OCO order must be contingent.") }
        switch side {
        case .sell:
            if below == "LIMIT_MAKER" { throw refuse(-1166, "A limit order in a sell OCO must be above.") }
            if above.hasPrefix("STOP_LOSS") { throw refuse(-1197, "A stop loss order in a sell OCO must be below.") }
            if below.hasPrefix("TAKE_PROFIT") { throw refuse(-1199, "A take profit order in a sell OCO must be above.") }
        case .buy:
            if above == "LIMIT_MAKER" { throw refuse(-1165, "A limit order in a buy OCO must be below.") }
            if below.hasPrefix("STOP_LOSS") { throw refuse(-1196, "A stop loss order in a buy OCO must be above.") }
            if above.hasPrefix("TAKE_PROFIT") { throw refuse(-1198, "A take profit order in a buy OCO must be below.") }
        }
    }

    /// Binance's price rule for an OCO: the above leg above the last traded
    /// price, the below leg under it; a LIMIT_MAKER or TAKE_PROFIT_LIMIT is
    /// judged by its price, the other types by their stop price.
    static func ocoPricesHold(above: SimOrder, below: SimOrder, last: Decimal) -> Bool {
        func level(_ order: SimOrder) -> Decimal { order.type == "LIMIT_MAKER" || order.type == "TAKE_PROFIT_LIMIT" ? order.price : order.stopPrice }
        return level(above) > last && level(below) < last
    }

    /// `POST /api/v3/orderList/oco`.
    public func placeOCO(key: String, _ p: [String: String]) throws(BinanceError) -> JSONValue {
        let market = try market(p["symbol"])
        let rules = market.rules
        guard let sideText = p["side"], let side = Side(rawValue: sideText) else { throw .mandatory("side") }
        guard let quantityText = p["quantity"], let quantity = Decimal.parse(quantityText), quantity > 0 else { throw .mandatory("quantity") }
        guard let aboveType = p["aboveType"] else { throw .mandatory("aboveType") }
        guard let belowType = p["belowType"] else { throw .mandatory("belowType") }
        try Self.checkOCOTypes(side: side, above: aboveType, below: belowType)
        let respType = try Self.responseType(p, default: "FULL")
        var account = account(key)
        let open = account.openOrders(symbol: rules.symbol)
        let time = now()
        // Each leg counts against MAX_NUM_ORDERS: an OCO adds two orders.
        var above = try restingOrder(p, fields: .leg("above"), type: aboveType, side: side, quantity: quantity, market: market,
                                     openOrders: open.count, time: time, againstMarket: false)
        var below = try restingOrder(p, fields: .leg("below"), type: belowType, side: side, quantity: quantity, market: market,
                                     openOrders: open.count + 1, time: time, againstMarket: false)
        guard Self.ocoPricesHold(above: above, below: below, last: market.last) else {
            throw .rejected("The relationship of the prices for the orders is not correct.")
        }
        // The stop leg first (Binance lists it first and gives it the lower id).
        let stopIsAbove = above.isStopLoss
        let listId = nextOrderListId
        above.orderId = nextOrderId + (stopIsAbove ? 0 : 1)
        below.orderId = nextOrderId + (stopIsAbove ? 1 : 0)
        above.clientOrderId = try clientOrderID(p, name: "aboveClientOrderId", fallback: "sim-\(above.orderId)", open: open)
        below.clientOrderId = try clientOrderID(p, name: "belowClientOrderId", fallback: "sim-\(below.orderId)", open: open + [above])
        let listClientOrderId = p["listClientOrderId"] ?? "sim-list-\(listId)"
        guard ClientOrderID.isValid(listClientOrderId) else {
            throw BinanceError(status: 400, code: -1100, message: "Illegal characters found in parameter 'listClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.")
        }
        if account.orderLists.values.contains(where: { $0.isExecuting && $0.listClientOrderId == listClientOrderId }) {
            throw .rejected("Duplicate order sent.")
        }
        // One lock for both legs: the larger of what each would hold.
        let asset = above.reservation(rules).asset
        let locked = max(above.reservation(rules).amount, below.reservation(rules).amount)
        let before = account
        try lock(asset, locked, side: side, in: &account)
        above.orderListId = listId
        below.orderListId = listId
        let legs = stopIsAbove ? [above, below] : [below, above]
        let list = SimOrderList(orderListId: listId, listClientOrderId: listClientOrderId, symbol: rules.symbol,
                                legs: legs.map { SimOrderList.Leg(orderId: $0.orderId, clientOrderId: $0.clientOrderId) },
                                transactionTime: time, lockedAsset: asset, locked: locked)
        for leg in legs {
            account.orders[leg.orderId] = leg
            report(leg, key: key, execution: "NEW")
        }
        account.orderLists[listId] = list
        account.updateTime = time
        accounts[key] = account
        nextOrderId += 2
        nextOrderListId += 1
        listStatus(list, key: key)
        position(rules.symbol, key: key, before: before, after: account)
        return listJSON(list, reports: legs.map { orderResponse($0, fills: [], respType: respType, inList: true) })
    }

    /// An order list as Binance answers it; `reports` adds `orderReports`
    /// (placing and canceling answer with them, queries do not).
    func listJSON(_ list: SimOrderList, reports: [JSONValue]? = nil) -> JSONValue {
        .object([
            ("orderListId", .integer(list.orderListId)), ("contingencyType", .string("OCO")), ("listStatusType", .string(list.listStatusType)),
            ("listOrderStatus", .string(list.listOrderStatus)), ("listClientOrderId", .string(list.listClientOrderId)),
            ("transactionTime", .integer(list.transactionTime)), ("symbol", .string(list.symbol)),
            ("orders", .array(list.legs.map { .object([("symbol", .string(list.symbol)), ("orderId", .integer($0.orderId)), ("clientOrderId", .string($0.clientOrderId))]) })),
        ] + (reports.map { [("orderReports", JSONValue.array($0))] } ?? []))
    }

    /// The user-data `listStatus` event for the list as it now stands.
    func listStatus(_ list: SimOrderList, key: String) {
        userEvents.append((key, .object([
            ("e", .string("listStatus")), ("E", .integer(now())), ("s", .string(list.symbol)), ("g", .integer(list.orderListId)),
            ("c", .string("OCO")), ("l", .string(list.listStatusType)), ("L", .string(list.listOrderStatus)), ("r", .string("NONE")),
            ("C", .string(list.listClientOrderId)), ("T", .integer(list.transactionTime)),
            ("O", .array(list.legs.map { .object([("s", .string(list.symbol)), ("i", .integer($0.orderId)), ("c", .string($0.clientOrderId))]) })),
        ])))
    }

    /// Called as `order` (a leg, as it stood before it traded or triggered)
    /// goes to work: the other legs are canceled, the list's lock shrinks to
    /// what this leg holds itself, and the list is done. Returns the list for
    /// its listStatus, or nil when the order is not a leg of an executing list.
    func finishList(of order: SimOrder, in account: inout SimAccount, key: String, time: Int64) -> SimOrderList? {
        guard var list = account.orderLists[order.orderListId], list.isExecuting, let rules = markets[list.symbol]?.rules else { return nil }
        for leg in list.legs where leg.orderId != order.orderId {
            guard let sibling = account.orders[leg.orderId], sibling.isOpen else { continue }
            cancel(sibling, in: &account, key: key, cancelID: nil, release: 0)
        }
        let excess = list.locked - order.reservation(rules).amount
        account.adjust(list.lockedAsset, free: excess, locked: -excess)
        list.listStatusType = "ALL_DONE"
        list.listOrderStatus = "ALL_DONE"
        list.transactionTime = time
        account.orderLists[list.orderListId] = list
        return list
    }

    /// Cancels an executing list's open legs, releases its lock once, and
    /// sends its listStatus; returns the canceled legs.
    func cancelList(_ list: SimOrderList, in account: inout SimAccount, key: String, cancelID: String) -> [SimOrder] {
        var done = list
        var legs: [SimOrder] = []
        for leg in list.legs {
            guard let order = account.orders[leg.orderId], order.isOpen else { continue }
            legs.append(cancel(order, in: &account, key: key, cancelID: cancelID, release: 0))
        }
        account.adjust(list.lockedAsset, free: list.locked, locked: -list.locked)
        done.listStatusType = "ALL_DONE"
        done.listOrderStatus = "ALL_DONE"
        done.transactionTime = now()
        account.orderLists[list.orderListId] = done
        listStatus(done, key: key)
        return legs
    }

    /// A list cancel's answer: the list, ALL_DONE, with each leg's cancel.
    func cancelListAnswer(_ list: SimOrderList, in account: inout SimAccount, key: String, cancelID: String) -> JSONValue {
        let legs = cancelList(list, in: &account, key: key, cancelID: cancelID)
        return listJSON(account.orderLists[list.orderListId]!, reports: legs.map { cancelJSON($0, cancelID: cancelID) })
    }

    /// The list a request names by `orderListId` or by its client id (under
    /// `clientName`: `origClientOrderId` for a query, `listClientOrderId` for
    /// a cancel); both given must agree.
    private func namedList(_ p: [String: String], clientName: String, in account: SimAccount) throws(BinanceError) -> SimOrderList? {
        if let text = p["orderListId"] {
            guard let id = Int64(text) else { throw .mandatory("orderListId") }
            let list = account.orderLists[id]
            if let client = p[clientName], list?.listClientOrderId != client { return nil }
            return list
        }
        guard let client = p[clientName] else { throw .mandatory("orderListId") }
        return account.orderLists.values.filter { $0.listClientOrderId == client }.max { $0.orderListId < $1.orderListId }
    }

    /// `GET /api/v3/orderList`.
    public func queryOrderList(key: String, _ p: [String: String]) throws(BinanceError) -> JSONValue {
        guard let list = try namedList(p, clientName: "origClientOrderId", in: account(key)) else {
            throw BinanceError(status: 400, code: -2013, message: "Order list does not exist.")
        }
        return listJSON(list)
    }

    /// `GET /api/v3/openOrderList`: the executing lists, oldest first.
    public func openOrderLists(key: String) -> JSONValue {
        .array(account(key).orderLists.values.filter(\.isExecuting).sorted { $0.orderListId < $1.orderListId }.map { listJSON($0) })
    }

    /// `GET /api/v3/allOrderList`: from `fromId` (not with a time), or in a
    /// time window of at most 24 hours, or the most recent; oldest first.
    public func allOrderLists(key: String, _ p: [String: String]) throws(BinanceError) -> JSONValue {
        let fromId = p["fromId"].flatMap { Int64($0) }
        let start = p["startTime"].flatMap { Int64($0) }, end = p["endTime"].flatMap { Int64($0) }
        if fromId != nil, start != nil || end != nil {
            throw BinanceError(status: 400, code: -1128, message: "Combination of optional parameters invalid.")
        }
        if let start, let end, end < start || end - start > Timestamp.millisecondsPerDay {
            throw BinanceError(status: 400, code: -1127, message: "More than 24 hours between startTime and endTime.")
        }
        let limit = max(1, min(Int(p["limit"] ?? "") ?? 500, 1000))
        let lists = account(key).orderLists.values.sorted { $0.orderListId < $1.orderListId }
            .filter { $0.orderListId >= (fromId ?? 0) && $0.transactionTime >= (start ?? .min) && $0.transactionTime <= (end ?? .max) }
        let chosen = fromId != nil || start != nil ? Array(lists.prefix(limit)) : Array(lists.suffix(limit))
        return .array(chosen.map { listJSON($0) })
    }

    /// `DELETE /api/v3/orderList`: cancels both legs and unlocks the list's funds.
    public func cancelOrderList(key: String, _ p: [String: String]) throws(BinanceError) -> JSONValue {
        let symbol = try market(p["symbol"]).rules.symbol
        var account = account(key)
        guard let list = try namedList(p, clientName: "listClientOrderId", in: account), list.symbol == symbol, list.isExecuting else {
            throw .unknownOrder()
        }
        let before = account
        let answer = cancelListAnswer(list, in: &account, key: key, cancelID: p["newClientOrderId"] ?? "sim-cancel-list-\(list.orderListId)")
        accounts[key] = account
        position(symbol, key: key, before: before, after: account)
        return answer
    }
}
