import Foundation
import GenesisBinance
import GenesisDomain

/// The names one order's fields go by in a request: a plain order's
/// (`price`, `stopPrice`, …) or an OCO leg's (`abovePrice`, `belowStopPrice`, …),
/// so both are read, checked and refused with the same rules and the same
/// parameter names in the error, as Binance names them.
struct SimOrderFields: Sendable {
    var price: String
    var stopPrice: String
    var timeInForce: String
    var clientOrderId: String
    var icebergQty: String
    /// An OCO leg's (some refusals differ: -1160 for an iceberg without GTC).
    var isLeg = false

    static let order = SimOrderFields(price: "price", stopPrice: "stopPrice", timeInForce: "timeInForce", clientOrderId: "newClientOrderId",
                                      icebergQty: "icebergQty")

    /// `above` or `below`.
    static func leg(_ prefix: String) -> SimOrderFields {
        SimOrderFields(price: "\(prefix)Price", stopPrice: "\(prefix)StopPrice", timeInForce: "\(prefix)TimeInForce",
                       clientOrderId: "\(prefix)ClientOrderId", icebergQty: "\(prefix)IcebergQty", isLeg: true)
    }
}

extension BinanceError {
    /// -1106, as Binance answers a parameter the order's type does not take.
    static func notRequired(_ name: String) -> BinanceError {
        BinanceError(status: 400, code: -1106, message: "Parameter '\(name)' sent when not required.")
    }
}

/// Stop-loss and take-profit orders (STOP_LOSS, STOP_LOSS_LIMIT,
/// TAKE_PROFIT, TAKE_PROFIT_LIMIT), as Binance runs them: they wait off the
/// book (NEW, `isWorking` false, their funds locked as a resting order's)
/// until the market's last price reaches their stop price, then work as a
/// LIMIT order at their price (the _LIMIT types) or a MARKET order, taking
/// what the book offers and resting with the rest (a limit) or expiring
/// with it (a market order).
extension SimExchange {
    /// A sell stop loss (and a buy take profit) triggers when the price falls
    /// to its stop; a buy stop loss (and a sell take profit) when it rises to it.
    static func isTriggered(_ order: SimOrder, last: Decimal) -> Bool {
        order.isStopLoss == (order.side == .sell) ? last <= order.stopPrice : last >= order.stopPrice
    }

    /// Reads and checks one order that rests before it trades (a stop type, or
    /// an OCO's LIMIT_MAKER leg) as Binance does before it reaches the book:
    /// its mandatory fields, parameters its type does not take, the filters
    /// (PRICE_FILTER on the stop price too) and, with `againstMarket`, a stop
    /// price that would trigger at once or a maker price that would take.
    /// Returns the order, NEW, without its ids.
    func restingOrder(_ p: [String: String], fields: SimOrderFields, type: String, side: Side, quantity: Decimal, market: SimMarket,
                      openOrders: Int, time: Int64, againstMarket: Bool = true) throws(BinanceError) -> SimOrder {
        let rules = market.rules
        let conditional = SimOrder.conditionalTypes.contains(type)
        var stopPrice: Decimal = 0
        if conditional {
            guard let text = p[fields.stopPrice], let parsed = Decimal.parse(text), parsed > 0 else { throw .mandatory(fields.stopPrice) }
            stopPrice = parsed
        } else if p[fields.stopPrice] != nil {
            throw .notRequired(fields.stopPrice)
        }
        let limited = type != "STOP_LOSS" && type != "TAKE_PROFIT"
        var price: Decimal = 0
        var timeInForce: String?
        if limited {
            guard let text = p[fields.price], let parsed = Decimal.parse(text), parsed > 0 else { throw .mandatory(fields.price) }
            price = parsed
            if type != "LIMIT_MAKER" {
                guard let tif = p[fields.timeInForce], ["GTC", "IOC", "FOK"].contains(tif) else { throw .mandatory(fields.timeInForce) }
                timeInForce = tif
            }
        } else if p[fields.price] != nil {
            throw .notRequired(fields.price)
        }
        // An iceberg needs a price and GTC (Binance: -1160 for an OCO leg, -1106 for an order).
        var iceberg: Decimal = 0
        if let text = p[fields.icebergQty] {
            guard let parsed = Decimal.parse(text), parsed > 0 else { throw .mandatory(fields.icebergQty) }
            guard limited else { throw .notRequired(fields.icebergQty) }
            if let timeInForce, timeInForce != "GTC" {
                guard fields.isLeg else { throw .notRequired(fields.icebergQty) }
                throw BinanceError(status: 400, code: -1160, message: "Parameter '\(fields.icebergQty)' is not supported if '\(fields.timeInForce)' is not GTC.")
            }
            guard parsed < quantity, (quantity / parsed).rounded(toStep: 1, .up) <= Self.icebergParts else {
                throw BinanceError(status: 400, code: -1013, message: "Filter failure: ICEBERG_PARTS")
            }
            iceberg = parsed
        }
        do {
            try rules.validate(FilterCheck(side: side, isMarket: false, quantity: quantity, price: limited ? price : nil,
                                           stopPrice: conditional ? stopPrice : nil, icebergQuantity: iceberg > 0 ? iceberg : nil),
                               reference: averagePrice(rules.symbol), openOrders: openOrders)
        } catch {
            throw .filter(error)
        }
        var order = SimOrder(symbol: rules.symbol, orderId: 0, clientOrderId: "", side: side, type: type, timeInForce: timeInForce,
                             price: price, stopPrice: stopPrice, origQty: quantity, status: "NEW", time: time, updateTime: time)
        order.icebergQty = iceberg
        if conditional {
            order.isWorking = false
        } else {
            order.workingTime = time
        }
        if againstMarket {
            if conditional, Self.isTriggered(order, last: market.last) { throw .rejected("Order would trigger immediately.") }
            if !conditional, !takerMatch(market: market, side: side, quantity: quantity, limit: price).isEmpty {
                throw .rejected("Order would immediately match and take.")
            }
        }
        return order
    }

    /// A client order id from `name` (or `fallback`): Binance's pattern, and
    /// unique among the account's open orders on the symbol.
    func clientOrderID(_ p: [String: String], name: String, fallback: String, open: [SimOrder]) throws(BinanceError) -> String {
        let id = p[name] ?? fallback
        guard ClientOrderID.isValid(id) else {
            throw BinanceError(status: 400, code: -1100, message: "Illegal characters found in parameter '\(name)'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.")
        }
        if open.contains(where: { $0.clientOrderId == id }) { throw .rejected("Duplicate order sent.") }
        return id
    }

    /// Locks `amount` of `asset` for resting orders of `side`, refusing them
    /// when the account lacks it (a buy also keeps its fee free, as
    /// `placeOrder` asks of a resting limit buy).
    func lock(_ asset: String, _ amount: Decimal, side: Side, in account: inout SimAccount) throws(BinanceError) {
        let needed = side == .buy ? amount * (1 + settings.feeRate) : amount
        guard account.free(asset) >= needed else { throw .rejected("Account has insufficient balance for requested action.") }
        account.adjust(asset, free: -amount, locked: amount)
    }

    /// `POST /api/v3/order` for the stop types: checked, locked and left
    /// waiting for its stop price.
    func placeConditional(key: String, _ p: [String: String], market: SimMarket, side: Side, type: String, quantity: Decimal,
                          respType: String, test: Bool) throws(BinanceError) -> JSONValue {
        let rules = market.rules
        var account = account(key)
        let open = account.openOrders(symbol: rules.symbol)
        var order = try restingOrder(p, fields: .order, type: type, side: side, quantity: quantity, market: market, openOrders: open.count, time: now())
        order.orderId = nextOrderId
        order.clientOrderId = try clientOrderID(p, name: "newClientOrderId", fallback: "sim-\(nextOrderId)", open: open)
        if test { return .object([]) }
        let held = order.reservation(rules)
        try lock(held.asset, held.amount, side: side, in: &account)
        return record(order, in: &account, key: key, fills: [], respType: respType)
    }

    /// Starts every waiting stop the market's last price has reached (after a
    /// market step or a drill's move). A leg of an executing OCO cancels its
    /// sibling first; the list's listStatus follows the leg's reports, and
    /// the balances come once per order, last.
    func triggerStops() {
        let time = now()
        for key in accounts.keys.sorted() {
            var account = accounts[key]!
            for open in account.openOrders(symbol: nil) where !open.isWorking {
                guard let order = account.orders[open.orderId], order.isOpen, !order.isWorking, let market = markets[order.symbol],
                      Self.isTriggered(order, last: market.last) else { continue }
                let before = account
                let list = finishList(of: order, in: &account, key: key, time: time)
                activate(order, in: &account, market: market, key: key, time: time)
                if let list { listStatus(list, key: key) }
                position(order.symbol, key: key, before: before, after: account)
            }
            accounts[key] = account
        }
    }

    /// A triggered order goes to work. Binance reports the trigger as a
    /// second NEW, now working (`w` true, `W` the trigger's time); then the
    /// order trades as a taker as far as its limit allows (a stop-market
    /// order: as far as the book goes). What a limit leaves rests on the book,
    /// locked again; what a market order (or IOC, or an unfillable FOK)
    /// leaves expires. A buy the account can no longer pay for expires.
    func activate(_ waiting: SimOrder, in account: inout SimAccount, market: SimMarket, key: String, time: Int64) {
        let rules = market.rules
        var order = waiting
        order.isWorking = true
        order.workingTime = time
        order.updateTime = time
        report(order, key: key, execution: "NEW")
        // Its funds were locked while it waited: free them for the trades, and lock again what rests.
        let held = order.reservation(rules)
        account.adjust(held.asset, free: held.amount, locked: -held.amount)
        func expire() {
            order.status = "EXPIRED"
            account.orders[order.orderId] = order
            report(order, key: key, execution: "EXPIRED")
        }
        let limit: Decimal? = order.hasLimitPrice ? order.price : nil
        let fills = takerMatch(market: market, side: order.side, quantity: order.remaining, limit: limit)
        let taken = fills.reduce(Decimal(0)) { $0 + $1.quantity }
        let rests = limit != nil && order.timeInForce != "IOC"
        if order.timeInForce == "FOK", taken < order.remaining { return expire() }
        if order.side == .buy {
            let cost = fills.reduce(Decimal(0)) { $0 + $1.price * $1.quantity } + (rests ? (order.remaining - taken) * order.price : 0)
            if account.free(rules.quoteAsset) < cost * (1 + settings.feeRate) { return expire() }
        }
        for fill in fills {
            let trade = execute(&order, in: &account, price: fill.price, quantity: fill.quantity, maker: false, rules: rules, time: time)
            report(order, key: key, execution: "TRADE", trade: trade)
        }
        guard order.remaining > 0 else {
            account.orders[order.orderId] = order
            return
        }
        guard rests else { return expire() }
        let rest = order.reservation(rules)
        account.adjust(rest.asset, free: -rest.amount, locked: rest.amount)
        account.orders[order.orderId] = order
    }
}
