import Foundation
import GenesisBinance
import GenesisDomain

/// The matching engine and account book of gen-sim. It takes requests in
/// Binance's parameter names and answers in Binance's JSON shapes and error
/// codes, so a client cannot tell it from the real exchange's REST API.
///
/// Fees are charged in the quote asset on both sides (as an account paying
/// fees in the quote currency would); the rate is the same for maker and taker.
public actor SimExchange {
    public struct Settings: Sendable {
        public var funding: Decimal = 10_000
        public var quoteAsset = "USDT"
        public var feeRate: Decimal = Decimal(string: "0.001")!
        public init() {}
    }

    public let settings: Settings
    public private(set) var markets: [String: SimMarket]
    var accounts: [String: SimAccount] = [:]
    var nextOrderId: Int64 = 1
    /// The next order list's id (Binance numbers lists apart from orders).
    var nextOrderListId: Int64 = 1
    /// The next trade's id: one sequence for the market's own trades and the accounts' fills (`recordTrade`).
    var nextTradeId: Int64 = 1
    private let clock: any TimeSource
    /// Each simulated exchange numbers its accounts apart from every other
    /// (the uid of `GET /api/v3/account`), as two real accounts would be:
    /// GENESIS binds a database to the account it trades.
    private let uidBase = Int64.random(in: 1...9_000_000) * 100
    private var uids: [String: Int64] = [:]
    /// Stored candles served by `/api/v3/klines` (none: the sim's own candles).
    let history: CandleHistory?
    /// Where market events go (kline, bookTicker, trade, depth streams).
    public nonisolated let streams = SimStreams()
    /// Where account events go (the WebSocket API's user-data stream).
    public nonisolated let userStreams = SimUserStreams()
    /// Account events waiting to be published, in order.
    var userEvents: [(key: String, event: JSONValue)] = []
    /// Market events (trade, aggTrade, kline) waiting to be published, in order.
    var marketEvents: [(stream: String, make: @Sendable () -> JSONValue)] = []
    /// The candles of the sim's own market, summed from its trades.
    var candles = SimCandleMaker()
    /// The latest trades per symbol, oldest first (`SimExchange.tapeLength`).
    var tape: [String: [SimMarketTrade]] = [:]
    /// `GET /sapi/v1/system/status`'s `status`: 0 normal, 1 system maintenance (drill `POST /sim/v1/status`, SimStatus.swift).
    var systemStatus = 0

    public init(markets: [SimMarket], settings: Settings = Settings(), history: CandleHistory? = nil,
                clock: any TimeSource = WallClock()) {
        self.markets = Dictionary(uniqueKeysWithValues: markets.map { ($0.rules.symbol, $0) })
        self.settings = settings
        self.history = history
        self.clock = clock
    }

    /// Stored decimal text in Binance's eight-place style.
    static func fixed(_ text: String?) -> JSONValue { .fixed(Decimal.parse(text ?? "0") ?? 0) }

    /// `GET /api/v3/klines`, in Binance's array-of-arrays shape.
    public func klines(_ p: [String: String]) throws -> JSONValue {
        let symbol = try market(p["symbol"]).rules.symbol
        guard let name = p["interval"], let interval = Interval(name) else { throw BinanceError(status: 400, code: -1120, message: "Invalid interval.") }
        let limit = max(1, min(Int(p["limit"] ?? "500") ?? 500, 1000))
        let start = p["startTime"].flatMap { Int64($0) }, end = p["endTime"].flatMap { Int64($0) }
        let rows: [KlineRow]
        if let history, try history.lastOpenTime(symbol: symbol, interval: interval) != nil {
            // Binance: with neither start nor end, the most recent rows (the store reads "only an end" that way).
            rows = try history.klines(symbol: symbol, interval: interval, start: start, end: start == nil && end == nil ? .max : end, limit: limit)
        } else {
            // A store without this symbol's candles (or no store): the sim's own market, as its streams show it.
            rows = ownKlines(symbol: symbol, interval: interval, start: start, end: end, limit: limit)
        }
        return .array(rows.map { row in
            return .array([.integer(row.openTime), Self.fixed(row.open), Self.fixed(row.high), Self.fixed(row.low), Self.fixed(row.close), Self.fixed(row.volume),
                           .integer(row.openTime + interval.milliseconds - 1), Self.fixed(row.quoteVolume), .integer(row.trades ?? 0),
                           Self.fixed(row.takerBuyBase), Self.fixed(row.takerBuyQuote), .string("0")])
        })
    }

    public func now() -> Int64 { clock.milliseconds }

    func market(_ symbol: String?) throws(BinanceError) -> SimMarket {
        guard let symbol else { throw .mandatory("symbol") }
        guard let market = markets[symbol] else { throw .badSymbol() }
        return market
    }

    /// The account of an API key, funded on first use.
    func account(_ key: String) -> SimAccount {
        accounts[key] ?? SimAccount(quote: settings.quoteAsset, funding: settings.funding)
    }

    // MARK: Market data

    public func exchangeInfo() -> JSONValue {
        .object([
            ("timezone", .string("UTC")),
            ("serverTime", .integer(now())),
            // Binance's defaults; the API answers with the limits it was started with (`SimLimits.advertisedJSON`).
            ("rateLimits", SimLimits().advertisedJSON),
            ("exchangeFilters", .array([])),
            ("symbols", .array(markets.keys.sorted().map { SimExchange.describe(markets[$0]!.rules) })),
        ])
    }

    static func describe(_ rules: SymbolRules) -> JSONValue {
        var filters: [JSONValue] = []
        if let price = rules.priceFilter {
            filters.append(.object([("filterType", .string("PRICE_FILTER")), ("minPrice", .fixed(price.minimum)), ("maxPrice", .fixed(price.maximum)), ("tickSize", .fixed(price.step))]))
        }
        if let lot = rules.lotSize {
            filters.append(.object([("filterType", .string("LOT_SIZE")), ("minQty", .fixed(lot.minimum)), ("maxQty", .fixed(lot.maximum)), ("stepSize", .fixed(lot.step))]))
        }
        if let lot = rules.marketLotSize {
            filters.append(.object([("filterType", .string("MARKET_LOT_SIZE")), ("minQty", .fixed(lot.minimum)), ("maxQty", .fixed(lot.maximum)), ("stepSize", .fixed(lot.step))]))
        }
        if let notional = rules.notional {
            filters.append(.object([("filterType", .string("NOTIONAL")), ("minNotional", .fixed(notional.minimum)), ("applyMinToMarket", .bool(notional.applyMinToMarket)),
                                    ("maxNotional", .fixed(notional.maximum)), ("applyMaxToMarket", .bool(notional.applyMaxToMarket)), ("avgPriceMins", .integer(5))]))
        }
        if let percent = rules.percentPriceBySide {
            filters.append(.object([("filterType", .string("PERCENT_PRICE_BY_SIDE")), ("bidMultiplierUp", .fixed(percent.bidUp, places: 1)), ("bidMultiplierDown", .fixed(percent.bidDown, places: 1)),
                                    ("askMultiplierUp", .fixed(percent.askUp, places: 1)), ("askMultiplierDown", .fixed(percent.askDown, places: 1)), ("avgPriceMins", .integer(5))]))
        }
        if let maximum = rules.maxNumOrders {
            filters.append(.object([("filterType", .string("MAX_NUM_ORDERS")), ("maxNumOrders", .integer(Int64(maximum)))]))
        }
        return .object([
            ("symbol", .string(rules.symbol)), ("status", .string(rules.status)), ("baseAsset", .string(rules.baseAsset)),
            ("baseAssetPrecision", .integer(8)), ("quoteAsset", .string(rules.quoteAsset)), ("quotePrecision", .integer(8)),
            ("quoteAssetPrecision", .integer(8)), ("baseCommissionPrecision", .integer(8)), ("quoteCommissionPrecision", .integer(8)),
            ("orderTypes", .array(rules.orderTypes.map { .string($0) })), ("icebergAllowed", .bool(true)),
            // What the sim does not do is said so, as Binance says it per symbol (OCO it does: `POST /api/v3/orderList/oco`).
            ("ocoAllowed", .bool(rules.ocoAllowed)), ("otoAllowed", .bool(false)), ("opoAllowed", .bool(false)), ("quoteOrderQtyMarketAllowed", .bool(false)),
            ("allowTrailingStop", .bool(false)), ("cancelReplaceAllowed", .bool(false)), ("amendAllowed", .bool(false)), ("pegInstructionsAllowed", .bool(false)),
            ("isSpotTradingAllowed", .bool(true)), ("isMarginTradingAllowed", .bool(false)), ("filters", .array(filters)),
            ("permissions", .array([.string("SPOT")])), ("permissionSets", .array([.array([.string("SPOT")])])),
            // An account's orders meet only the sim's own book, never each other, so every mode behaves alike.
            ("defaultSelfTradePreventionMode", .string("EXPIRE_MAKER")),
            ("allowedSelfTradePreventionModes", .array(["NONE", "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH", "DECREMENT"].map { .string($0) })),
        ])
    }

    public func depth(symbol: String?, limit: Int) throws(BinanceError) -> JSONValue {
        let market = try market(symbol)
        func levels(_ side: Side) -> JSONValue {
            .array(market.book(side: side, depth: limit).map { .array([.fixed($0.price), .fixed($0.quantity)]) })
        }
        return .object([("lastUpdateId", .integer(updateID)), ("bids", levels(.buy)), ("asks", levels(.sell))])
    }

    /// Prices the market stood at over the last `avgPriceMinutes`, per symbol.
    private var priceSamples: [String: [(time: Int64, price: Decimal)]] = [:]
    static let avgPriceMinutes: Int64 = 5

    private func sample(_ symbol: String, at time: Int64) {
        var samples = priceSamples[symbol, default: []]
        samples.append((time, markets[symbol]!.last))
        samples.removeAll { time - $0.time > Self.avgPriceMinutes * 60_000 }
        priceSamples[symbol] = samples
    }

    /// Binance's "current average price": what PERCENT_PRICE_BY_SIDE measures
    /// limit prices against (here the mean of the last five minutes' prices).
    func averagePrice(_ symbol: String) -> Decimal {
        let now = now()
        let recent = priceSamples[symbol, default: []].filter { now - $0.time <= Self.avgPriceMinutes * 60_000 }
        guard !recent.isEmpty else { return markets[symbol]!.last }
        let mean = recent.reduce(Decimal(0)) { $0 + $1.price } / Decimal(recent.count)
        return mean.rounded(scale: 8, .plain)
    }

    /// `GET /api/v3/avgPrice`.
    public func avgPrice(symbol: String?) throws(BinanceError) -> JSONValue {
        let symbol = try market(symbol).rules.symbol
        return .object([("mins", .integer(Self.avgPriceMinutes)), ("price", .fixed(averagePrice(symbol))), ("closeTime", .integer(now()))])
    }

    public func bookTicker(symbol: String?) throws(BinanceError) -> JSONValue {
        let market = try market(symbol)
        return .object([("symbol", .string(market.rules.symbol)), ("bidPrice", .fixed(market.bestBid)), ("bidQty", .fixed(market.levelQuantity)),
                        ("askPrice", .fixed(market.bestAsk)), ("askQty", .fixed(market.levelQuantity))])
    }

    /// Moves every market one step, fills resting orders the move crosses,
    /// and publishes the step on the streams.
    public func step() async {
        let time = now()
        for symbol in markets.keys.sorted() {
            let before = markets[symbol]!
            markets[symbol]!.step()
            sample(symbol, at: time)
            await publish(symbol: symbol, before: before, time: time)
        }
        matchResting()
        triggerStops()
        await flushUserEvents()
    }

    /// Publishes the events the last changes produced: the market's (trades,
    /// klines), then the accounts'.
    public func flushUserEvents() async {
        await flushMarketEvents()
        let events = userEvents
        userEvents.removeAll()
        for (key, event) in events { await userStreams.publish(apiKey: key, event: event) }
    }

    /// An executionReport for `order` (after a trade when `trade` is given), as
    /// Binance sends it; the balances follow once, from `position`.
    /// For a cancel, `c` carries the cancel request's own client id and `C`
    /// the original order's, as Binance does. `w` is false, and `W` absent,
    /// while a stop waits for its price (the order is not on the book).
    func report(_ order: SimOrder, key: String, execution: String, trade: SimTrade? = nil, cancelID: String? = nil) {
        let time = now()
        userEvents.append((key, .object([
            ("e", .string("executionReport")), ("E", .integer(time)), ("s", .string(order.symbol)), ("c", .string(cancelID ?? order.clientOrderId)),
            ("S", .string(order.side.rawValue)), ("o", .string(order.type)), ("f", .string(order.timeInForce ?? "GTC")), ("q", .fixed(order.origQty)),
            ("p", .fixed(order.price)), ("P", .fixed(order.stopPrice)), ("F", .fixed(order.icebergQty)), ("g", .integer(order.orderListId)), ("C", .string(cancelID == nil ? "" : order.clientOrderId)),
            ("x", .string(execution)), ("X", .string(order.status)), ("r", .string("NONE")), ("i", .integer(order.orderId)),
            ("l", .fixed(trade?.qty ?? 0)), ("z", .fixed(order.executedQty)), ("L", .fixed(trade?.price ?? 0)), ("n", .fixed(trade?.commission ?? 0)),
            ("N", trade.map { .string($0.commissionAsset) } ?? .null), ("T", .integer(trade?.time ?? time)), ("t", .integer(trade?.id ?? -1)),
            ("I", .integer(time)), ("w", .bool(order.isOpen && order.isWorking)), ("m", .bool(trade?.isMaker ?? false)), ("M", .bool(false)), ("O", .integer(order.time)),
            ("Z", .fixed(order.cumulativeQuote)), ("Y", .fixed((trade?.price ?? 0) * (trade?.qty ?? 0))), ("Q", .fixed(0)),
        ] + (order.isWorking ? [("W", .integer(order.workingTime))] : []) + [
            ("V", .string("EXPIRE_MAKER")),
        ])))
    }

    /// The account's balances of `symbol`'s assets after an order changed them
    /// (Binance's outboundAccountPosition): sent once per change, after the
    /// execution reports that explain it, and not at all when nothing moved.
    func position(_ symbol: String, key: String, before: SimAccount, after account: SimAccount) {
        guard let rules = markets[symbol]?.rules else { return }
        let assets = [rules.baseAsset, rules.quoteAsset]
        let moved = assets.contains { asset in
            before.balances[asset]?.free != account.balances[asset]?.free || before.balances[asset]?.locked != account.balances[asset]?.locked
        }
        guard moved else { return }
        let time = now()
        userEvents.append((key, .object([
            ("e", .string("outboundAccountPosition")), ("E", .integer(time)), ("u", .integer(time)),
            ("B", .array(assets.map { asset in
                .object([("a", .string(asset)), ("f", .fixed(account.balances[asset]?.free ?? 0)), ("l", .fixed(account.balances[asset]?.locked ?? 0))])
            })),
        ])))
    }

    private var updateID: Int64 = 1_000

    /// One step's events: a trade at the new price, the klines it touches,
    /// the new best bid/ask, and the depth levels that changed.
    private func publish(symbol: String, before: SimMarket, time: Int64) async {
        let market = markets[symbol]!
        let lower = symbol.lowercased()
        // The step is a trade at the new price: a fall was sold into the bids (the buyer was the maker).
        recordTrade(symbol: symbol, price: market.last, quantity: market.levelQuantity, buyerIsMaker: market.last < before.last, time: time)
        await flushMarketEvents()
        let first = updateID + 1
        updateID += 2
        await streams.publish(stream: "\(lower)@bookTicker", payload: .object([
            ("u", .integer(updateID)), ("s", .string(symbol)), ("b", .fixed(market.bestBid)), ("B", .fixed(market.levelQuantity)),
            ("a", .fixed(market.bestAsk)), ("A", .fixed(market.levelQuantity)),
        ]))
        // Depth diff: old levels that vanished go to 0, the new book's levels are set.
        func changes(_ side: Side) -> JSONValue {
            let now = market.book(side: side)
            let prices = Set(now.map(\.price))
            let gone = before.book(side: side).filter { !prices.contains($0.price) }.map { JSONValue.array([.fixed($0.price), .fixed(0)]) }
            return .array(gone + now.map { .array([.fixed($0.price), .fixed($0.quantity)]) })
        }
        let depth = JSONValue.object([("e", .string("depthUpdate")), ("E", .integer(time)), ("s", .string(symbol)), ("U", .integer(first)),
                                      ("u", .integer(updateID)), ("b", changes(.buy)), ("a", changes(.sell))])
        await streams.publish(stream: "\(lower)@depth", payload: depth)
        await streams.publish(stream: "\(lower)@depth@100ms", payload: depth)
    }

    /// Sets a symbol's price (drills and tests), fills what it crosses, and
    /// publishes the move on the streams as a market step would, so a
    /// watcher sees the price that filled its orders.
    public func move(symbol: String, to price: Decimal) async throws(BinanceError) {
        let before = try market(symbol)
        let time = now()
        markets[symbol]!.move(to: price)
        sample(symbol, at: time)
        await publish(symbol: symbol, before: before, time: time)
        matchResting()
        triggerStops()
        await flushUserEvents()
    }

    /// Sets a symbol's exchangeInfo `status` (drill `POST /sim/v1/status`,
    /// SimStatus.swift); here because `markets` is only written in this file.
    func setSymbolStatus(_ symbol: String, to status: String) throws(BinanceError) {
        _ = try market(symbol)
        markets[symbol]!.rules.status = status
    }

    // MARK: Orders

    /// Binance's default ICEBERG_PARTS filter.
    static let icebergParts: Decimal = 10

    /// `POST /api/v3/order` (and `/order/test` with `test`).
    public func placeOrder(key: String, _ p: [String: String], test: Bool = false) throws(BinanceError) -> JSONValue {
        let market = try market(p["symbol"])
        let rules = market.rules
        guard let sideText = p["side"], let side = Side(rawValue: sideText) else { throw .mandatory("side") }
        guard let type = p["type"] else { throw .mandatory("type") }
        guard rules.orderTypes.contains(type) else { throw BinanceError(status: 400, code: -1116, message: "Invalid orderType.") }
        guard let quantityText = p["quantity"], let quantity = Decimal.parse(quantityText), quantity > 0 else { throw .mandatory("quantity") }
        let respType = try Self.responseType(p, default: type == "MARKET" || type == "LIMIT" ? "FULL" : "ACK")
        if SimOrder.conditionalTypes.contains(type) {
            return try placeConditional(key: key, p, market: market, side: side, type: type, quantity: quantity, respType: respType, test: test)
        }
        if p["stopPrice"] != nil { throw .notRequired("stopPrice") }
        let isMarket = type == "MARKET"
        var price: Decimal = 0
        var timeInForce: String?
        if !isMarket {
            guard let priceText = p["price"], let parsed = Decimal.parse(priceText), parsed > 0 else { throw .mandatory("price") }
            price = parsed
            if type == "LIMIT" {
                guard let tif = p["timeInForce"], ["GTC", "IOC", "FOK"].contains(tif) else { throw .mandatory("timeInForce") }
                timeInForce = tif
            }
        }
        // Iceberg: only an order that can rest shows part of itself (Binance:
        // a GTC LIMIT or a LIMIT_MAKER), the part obeys LOT_SIZE, and the
        // parts are at most ICEBERG_PARTS (10).
        var iceberg: Decimal = 0
        if let text = p["icebergQty"] {
            guard let parsed = Decimal.parse(text), parsed > 0 else { throw .mandatory("icebergQty") }
            guard type == "LIMIT_MAKER" || (type == "LIMIT" && timeInForce == "GTC") else {
                throw BinanceError(status: 400, code: -1106, message: "Parameter 'icebergQty' sent when not required.")
            }
            guard parsed < quantity else { throw BinanceError(status: 400, code: -1013, message: "Filter failure: ICEBERG_PARTS") }
            let parts = (quantity / parsed).rounded(toStep: 1, .up)
            guard parts <= Self.icebergParts else { throw BinanceError(status: 400, code: -1013, message: "Filter failure: ICEBERG_PARTS") }
            iceberg = parsed
        }
        var account = account(key)
        do {
            try rules.validate(FilterCheck(side: side, isMarket: isMarket, quantity: quantity, price: isMarket ? nil : price,
                                           icebergQuantity: iceberg > 0 ? iceberg : nil),
                               reference: averagePrice(rules.symbol), openOrders: account.openOrders(symbol: rules.symbol).count)
        } catch {
            throw .filter(error)
        }
        let clientOrderId = p["newClientOrderId"] ?? "sim-\(nextOrderId)"
        guard ClientOrderID.isValid(clientOrderId) else {
            throw BinanceError(status: 400, code: -1100, message: "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.")
        }
        if account.openOrders(symbol: rules.symbol).contains(where: { $0.clientOrderId == clientOrderId }) {
            throw .rejected("Duplicate order sent.")
        }
        if test { return .object([]) }

        let time = now()
        var order = SimOrder(symbol: rules.symbol, orderId: nextOrderId, clientOrderId: clientOrderId, side: side, type: type, timeInForce: timeInForce,
                             price: price, stopPrice: 0, origQty: quantity, status: "NEW", time: time, updateTime: time)
        order.icebergQty = iceberg
        // What the taker part would fill at, before touching anything.
        let takerFills = takerMatch(market: market, side: side, quantity: quantity, limit: isMarket ? nil : price)
        let takerQuantity = takerFills.reduce(Decimal(0)) { $0 + $1.quantity }
        if type == "LIMIT_MAKER", takerQuantity > 0 { throw .rejected("Order would immediately match and take.") }
        order.workingTime = time
        if timeInForce == "FOK", takerQuantity < quantity {
            order.status = "EXPIRED"
            return record(order, in: &account, key: key, fills: [], respType: respType)
        }
        // Funds: buys need quote for the taker part and the resting part; sells need the base.
        let fee = settings.feeRate
        let takerCost = takerFills.reduce(Decimal(0)) { $0 + $1.price * $1.quantity }
        let resting = (isMarket || timeInForce == "IOC") ? 0 : quantity - takerQuantity
        switch side {
        case .buy:
            let needed = (takerCost + resting * price) * (1 + fee)
            guard account.free(rules.quoteAsset) >= needed else { throw .rejected("Account has insufficient balance for requested action.") }
        case .sell:
            guard account.free(rules.baseAsset) >= quantity else { throw .rejected("Account has insufficient balance for requested action.") }
            guard account.free(rules.quoteAsset) + takerCost >= takerCost * fee else { throw .rejected("Account has insufficient balance for requested action.") }
        }
        var trades: [SimTrade] = []
        for fill in takerFills {
            trades.append(execute(&order, in: &account, price: fill.price, quantity: fill.quantity, maker: false, rules: rules, time: time))
        }
        if order.remaining > 0 {
            if isMarket || timeInForce == "IOC" {
                order.status = order.executedQty > 0 ? "EXPIRED" : "EXPIRED"
            } else {
                // The rest rests on the book with its funds locked.
                switch side {
                case .buy: account.adjust(rules.quoteAsset, free: -order.remaining * price, locked: order.remaining * price)
                case .sell: account.adjust(rules.baseAsset, free: -order.remaining, locked: order.remaining)
                }
                order.status = order.executedQty > 0 ? "PARTIALLY_FILLED" : "NEW"
            }
        }
        return record(order, in: &account, key: key, fills: trades, respType: respType)
    }

    func record(_ order: SimOrder, in account: inout SimAccount, key: String, fills: [SimTrade], respType: String = "FULL") -> JSONValue {
        account.orders[order.orderId] = order
        var progress = order
        progress.executedQty = 0
        progress.cumulativeQuote = 0
        progress.status = "NEW"
        report(progress, key: key, execution: "NEW")
        for trade in fills {
            progress.executedQty += trade.qty
            progress.cumulativeQuote += trade.quoteQty
            progress.status = progress.executedQty == order.origQty ? "FILLED" : "PARTIALLY_FILLED"
            report(progress, key: key, execution: "TRADE", trade: trade)
        }
        if order.status == "EXPIRED" { report(order, key: key, execution: "EXPIRED") }
        position(order.symbol, key: key, before: self.account(key), after: account)
        account.updateTime = order.updateTime
        accounts[key] = account
        nextOrderId += 1
        return orderResponse(order, fills: fills, respType: respType)
    }

    /// `newOrderRespType`: ACK, RESULT or FULL; Binance's default is FULL
    /// for MARKET and LIMIT orders and ACK for every other type.
    static func responseType(_ p: [String: String], name: String = "newOrderRespType", default value: String) throws(BinanceError) -> String {
        let type = p[name] ?? value
        guard ["ACK", "RESULT", "FULL"].contains(type) else {
            throw BinanceError(status: 400, code: -1100, message: "Illegal characters found in parameter '\(name)'; legal range is 'ACK, RESULT, FULL'.")
        }
        return type
    }

    /// An order's answer as placed, in the chosen shape: ACK (ids and time),
    /// RESULT (the order, with `stopPrice` for the stop types) or FULL (and
    /// its fills). An order list's report has its fills before
    /// `selfTradePreventionMode`, as Binance writes it; a single order's last.
    func orderResponse(_ order: SimOrder, fills: [SimTrade], respType: String, inList: Bool = false) -> JSONValue {
        if respType == "ACK" {
            return .object([("symbol", .string(order.symbol)), ("orderId", .integer(order.orderId)), ("orderListId", .integer(order.orderListId)),
                            ("clientOrderId", .string(order.clientOrderId)), ("transactTime", .integer(order.updateTime))])
        }
        guard case var .object(members) = orderJSON(order, includeTimes: false) else { return .null }
        members.insert(("transactTime", .integer(order.updateTime)), at: 4)
        if respType == "FULL" {
            let list = JSONValue.array(fills.map { trade in
                .object([("price", .fixed(trade.price)), ("qty", .fixed(trade.qty)), ("commission", .fixed(trade.commission)),
                         ("commissionAsset", .string(trade.commissionAsset)), ("tradeId", .integer(trade.id))])
            })
            members.insert(("fills", list), at: inList ? members.count - 1 : members.count)
        }
        return .object(members)
    }

    /// Levels the order would take, best first, up to its limit.
    func takerMatch(market: SimMarket, side: Side, quantity: Decimal, limit: Decimal?) -> [(price: Decimal, quantity: Decimal)] {
        var remaining = quantity
        var fills: [(Decimal, Decimal)] = []
        for level in market.book(side: side == .buy ? .sell : .buy) where remaining > 0 {
            if let limit, side == .buy ? level.price > limit : level.price < limit { break }
            let take = min(remaining, level.quantity)
            fills.append((level.price, take))
            remaining -= take
        }
        return fills
    }

    /// One trade: moves funds, charges the fee, updates the order.
    func execute(_ order: inout SimOrder, in account: inout SimAccount, price: Decimal, quantity: Decimal, maker: Bool, rules: SymbolRules, time: Int64) -> SimTrade {
        let quote = price * quantity
        let commission = (quote * settings.feeRate).rounded(scale: 8, .up)
        switch order.side {
        case .buy:
            if maker {
                // The price was locked when the order rested (as Binance locks price × quantity); the fee comes from free funds.
                account.adjust(rules.quoteAsset, free: -commission, locked: -quote)
            } else {
                account.adjust(rules.quoteAsset, free: -quote - commission)
            }
            account.adjust(rules.baseAsset, free: quantity)
        case .sell:
            if maker { account.adjust(rules.baseAsset, locked: -quantity) } else { account.adjust(rules.baseAsset, free: -quantity) }
            account.adjust(rules.quoteAsset, free: quote - commission)
        }
        order.executedQty += quantity
        order.cumulativeQuote += quote
        order.updateTime = time
        order.status = order.remaining == 0 ? "FILLED" : "PARTIALLY_FILLED"
        // The other side is the sim's own book: the buyer was the maker when this order rested and bought, or took and sold.
        let id = recordTrade(symbol: order.symbol, price: price, quantity: quantity, buyerIsMaker: maker == (order.side == .buy), time: time)
        let trade = SimTrade(symbol: order.symbol, id: id, orderId: order.orderId, price: price, qty: quantity, commission: commission,
                             commissionAsset: rules.quoteAsset, time: time, isBuyer: order.side == .buy, isMaker: maker)
        account.trades.append(trade)
        return trade
    }

    /// Fills working limit orders that the current price has crossed, as
    /// maker (a stop still waiting for its price is not on the book). A leg of
    /// an executing OCO that trades cancels the other leg.
    private func matchResting() {
        let time = now()
        for key in accounts.keys.sorted() {
            var account = accounts[key]!
            for open in account.openOrders(symbol: nil) {
                // Read again: an OCO leg that traded earlier in this pass has canceled its sibling.
                guard let order = account.orders[open.orderId], order.isOpen, order.isWorking, let market = markets[order.symbol] else { continue }
                let crossed = order.side == .buy ? market.bestAsk <= order.price : market.bestBid >= order.price
                guard crossed else { continue }
                var updated = order
                let before = account
                let trade = execute(&updated, in: &account, price: order.price, quantity: order.remaining, maker: true, rules: market.rules, time: time)
                account.orders[order.orderId] = updated
                report(updated, key: key, execution: "TRADE", trade: trade)
                if let list = finishList(of: order, in: &account, key: key, time: time) { listStatus(list, key: key) }
                position(order.symbol, key: key, before: before, after: account)
            }
            accounts[key] = account
        }
    }

    func orderJSON(_ order: SimOrder, includeTimes: Bool = true) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("symbol", .string(order.symbol)), ("orderId", .integer(order.orderId)), ("orderListId", .integer(order.orderListId)),
            ("clientOrderId", .string(order.clientOrderId)), ("price", .fixed(order.price)), ("origQty", .fixed(order.origQty)),
            ("executedQty", .fixed(order.executedQty)), ("origQuoteOrderQty", .fixed(0)), ("cummulativeQuoteQty", .fixed(order.cumulativeQuote)),
            ("status", .string(order.status)), ("timeInForce", .string(order.timeInForce ?? "GTC")), ("type", .string(order.type)),
            ("side", .string(order.side.rawValue)),
        ]
        if includeTimes {
            members += [("stopPrice", .fixed(order.stopPrice)), ("icebergQty", .fixed(order.icebergQty)), ("time", .integer(order.time)),
                        ("updateTime", .integer(order.updateTime)), ("isWorking", .bool(order.isWorking)), ("workingTime", .integer(order.workingTime))]
        } else {
            // `stopPrice` is one of Binance's conditional fields: only the stop types carry it here.
            if order.isConditional { members.append(("stopPrice", .fixed(order.stopPrice))) }
            members.append(("workingTime", .integer(order.workingTime)))
        }
        members.append(("selfTradePreventionMode", .string("EXPIRE_MAKER")))
        return .object(members)
    }

    func findOrder(key: String, _ p: [String: String]) throws(BinanceError) -> SimOrder {
        let rules = try market(p["symbol"]).rules
        guard p["orderId"] != nil || p["origClientOrderId"] != nil else { throw .mandatory("orderId") }
        guard let order = account(key).order(symbol: rules.symbol, orderId: p["orderId"].flatMap { Int64($0) }, clientOrderId: p["origClientOrderId"]) else {
            throw .noSuchOrder()
        }
        return order
    }

    /// `GET /api/v3/order`.
    public func queryOrder(key: String, _ p: [String: String]) throws(BinanceError) -> JSONValue {
        orderJSON(try findOrder(key: key, p))
    }

    /// `DELETE /api/v3/order`. A leg of an executing order list takes the
    /// whole list with it (Binance: "Canceling an individual order from an
    /// order list will cancel the entire order list"); the answer is still
    /// this order's.
    public func cancelOrder(key: String, _ p: [String: String]) throws(BinanceError) -> JSONValue {
        let order: SimOrder
        do { order = try findOrder(key: key, p) } catch { throw .unknownOrder() }
        guard order.isOpen else { throw .unknownOrder() }
        let cancelID = p["newClientOrderId"] ?? "sim-cancel-\(order.orderId)"
        var account = account(key)
        let before = account
        let canceled: SimOrder
        if let list = account.orderLists[order.orderListId], list.isExecuting {
            let legs = cancelList(list, in: &account, key: key, cancelID: cancelID)
            canceled = legs.first { $0.orderId == order.orderId } ?? order
        } else {
            canceled = cancel(order, in: &account, key: key, cancelID: cancelID)
        }
        accounts[key] = account
        position(order.symbol, key: key, before: before, after: account)
        return cancelJSON(canceled, cancelID: cancelID)
    }

    /// Cancels `order` inside `account` and reports it. It releases its own
    /// reservation unless told otherwise: an OCO leg's funds are the list's,
    /// released once for both legs. With a `cancelID` (the cancel request's
    /// own client id) the report carries it as `c` and the order's as `C`.
    @discardableResult
    func cancel(_ order: SimOrder, in account: inout SimAccount, key: String, cancelID: String?, release: Decimal? = nil) -> SimOrder {
        var canceled = order
        canceled.status = "CANCELED"
        canceled.updateTime = now()
        let held = order.reservation(markets[order.symbol]!.rules)
        let amount = release ?? held.amount
        account.adjust(held.asset, free: amount, locked: -amount)
        account.orders[order.orderId] = canceled
        report(canceled, key: key, execution: "CANCELED", cancelID: cancelID)
        return canceled
    }

    /// A cancel's answer: the order as canceled, `clientOrderId` being the
    /// cancel's own id beside the order's `origClientOrderId`.
    func cancelJSON(_ canceled: SimOrder, cancelID: String) -> JSONValue {
        guard case var .object(members) = orderJSON(canceled, includeTimes: false) else { return .null }
        if let index = members.firstIndex(where: { $0.0 == "clientOrderId" }) { members[index].1 = .string(cancelID) }
        members.insert(("origClientOrderId", .string(canceled.clientOrderId)), at: 1)
        members.insert(("transactTime", .integer(canceled.updateTime)), at: 5)
        return .object(members)
    }

    /// `GET /api/v3/openOrders`.
    public func openOrders(key: String, symbol: String?) throws(BinanceError) -> JSONValue {
        if let symbol { _ = try market(symbol) }
        return .array(account(key).openOrders(symbol: symbol).map { orderJSON($0) })
    }

    /// `DELETE /api/v3/openOrders`: the orders on their own first, each
    /// answered as a cancel, then each executing order list, answered as a
    /// list cancel (Binance's shape), each followed by its balances.
    public func cancelOpenOrders(key: String, symbol: String?) throws(BinanceError) -> JSONValue {
        let symbol = try market(symbol).rules.symbol
        var account = account(key)
        var answers: [JSONValue] = []
        for order in account.openOrders(symbol: symbol) where account.orderLists[order.orderListId]?.isExecuting != true {
            let before = account
            let cancelID = "sim-cancel-\(order.orderId)"
            answers.append(cancelJSON(cancel(order, in: &account, key: key, cancelID: cancelID), cancelID: cancelID))
            position(symbol, key: key, before: before, after: account)
        }
        for list in account.orderLists.values.filter({ $0.symbol == symbol && $0.isExecuting }).sorted(by: { $0.orderListId < $1.orderListId }) {
            let before = account
            answers.append(cancelListAnswer(list, in: &account, key: key, cancelID: "sim-cancel-list-\(list.orderListId)"))
            position(symbol, key: key, before: before, after: account)
        }
        accounts[key] = account
        return .array(answers)
    }

    /// `GET /api/v3/allOrders`.
    public func allOrders(key: String, _ p: [String: String]) throws(BinanceError) -> JSONValue {
        let symbol = try market(p["symbol"]).rules.symbol
        let from = p["orderId"].flatMap { Int64($0) } ?? 0
        let limit = min(Int(p["limit"] ?? "") ?? 500, 1000)
        let orders = account(key).orders.values.filter { $0.symbol == symbol && $0.orderId >= from }.sorted { $0.orderId < $1.orderId }
        return .array(orders.prefix(limit).map { orderJSON($0) })
    }

    /// `GET /api/v3/myTrades`.
    public func myTrades(key: String, _ p: [String: String], visibleBefore: Int64 = .max) throws(BinanceError) -> JSONValue {
        let symbol = try market(p["symbol"]).rules.symbol
        let orderId = p["orderId"].flatMap { Int64($0) }
        let fromId = p["fromId"].flatMap { Int64($0) } ?? 0
        let start = p["startTime"].flatMap { Int64($0) } ?? 0
        let end = p["endTime"].flatMap { Int64($0) } ?? .max
        if end < start || (p["startTime"] != nil && p["endTime"] != nil && end - start > Timestamp.millisecondsPerDay) {
            throw BinanceError(status: 400, code: -1127, message: "More than 24 hours between startTime and endTime.")
        }
        let limit = min(Int(p["limit"] ?? "") ?? 500, 1000)
        let trades = account(key).trades.filter {
            $0.symbol == symbol && (orderId == nil || $0.orderId == orderId) && $0.id >= fromId && (start...end).contains($0.time) && $0.time <= visibleBefore
        }
        return .array(trades.prefix(limit).map { trade in
            .object([("symbol", .string(trade.symbol)), ("id", .integer(trade.id)), ("orderId", .integer(trade.orderId)),
                     ("orderListId", .integer(account(key).orders[trade.orderId]?.orderListId ?? -1)),
                     ("price", .fixed(trade.price)), ("qty", .fixed(trade.qty)), ("quoteQty", .fixed(trade.quoteQty)), ("commission", .fixed(trade.commission)),
                     ("commissionAsset", .string(trade.commissionAsset)), ("time", .integer(trade.time)), ("isBuyer", .bool(trade.isBuyer)),
                     ("isMaker", .bool(trade.isMaker)), ("isBestMatch", .bool(true))])
        })
    }

    private func uid(_ key: String) -> Int64 {
        if let uid = uids[key] { return uid }
        let uid = uidBase + Int64(uids.count + 1)
        uids[key] = uid
        return uid
    }

    /// The commission rates of every account: one fee rate, maker and taker
    /// alike, no buyer or seller surcharge (`commissionRates`, `/account/commission`).
    private var commissionRates: JSONValue {
        .object([("maker", .fixed(settings.feeRate)), ("taker", .fixed(settings.feeRate)), ("buyer", .fixed(0)), ("seller", .fixed(0))])
    }

    /// `GET /api/v3/account` (`omitZeroBalances=true` leaves out empty assets).
    public func accountInformation(key: String, omitZeroBalances: Bool = false) -> JSONValue {
        let account = account(key)
        accounts[key] = account
        // The integer commissions are in basis points (0.001 is 10), as Binance gives them.
        let basisPoints = Int64(truncating: (settings.feeRate * 10_000).rounded(scale: 0, .plain) as NSNumber)
        let assets = account.balances.keys.sorted().filter { !omitZeroBalances || account.balances[$0]!.free + account.balances[$0]!.locked != 0 }
        return .object([
            ("makerCommission", .integer(basisPoints)), ("takerCommission", .integer(basisPoints)), ("buyerCommission", .integer(0)), ("sellerCommission", .integer(0)),
            ("commissionRates", commissionRates),
            ("canTrade", .bool(true)), ("canWithdraw", .bool(false)), ("canDeposit", .bool(false)), ("brokered", .bool(false)),
            ("requireSelfTradePrevention", .bool(false)), ("preventSor", .bool(false)), ("updateTime", .integer(account.updateTime)),
            ("accountType", .string("SPOT")),
            ("balances", .array(assets.map { asset in
                .object([("asset", .string(asset)), ("free", .fixed(account.balances[asset]!.free)), ("locked", .fixed(account.balances[asset]!.locked))])
            })),
            ("permissions", .array([.string("SPOT")])), ("uid", .integer(uid(key))),
        ])
    }

    /// `GET /api/v3/account/commission`: the symbol's rates for the account
    /// (no special, tax or BNB-discount rates in the sim).
    public func accountCommission(key: String, symbol: String?) throws(BinanceError) -> JSONValue {
        let symbol = try market(symbol).rules.symbol
        let zero = JSONValue.object([("maker", .fixed(0)), ("taker", .fixed(0)), ("buyer", .fixed(0)), ("seller", .fixed(0))])
        return .object([
            ("symbol", .string(symbol)), ("standardCommission", commissionRates), ("specialCommission", zero), ("taxCommission", zero),
            ("discount", .object([("enabledForAccount", .bool(false)), ("enabledForSymbol", .bool(false)), ("discountAsset", .string("BNB")),
                                  ("discount", .fixed(0))])),
        ])
    }
}
