import Foundation

/// Why an order breaks an exchange filter; Binance answers `-1013 Filter
/// failure: NAME` for the same orders.
public struct FilterFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var filter: String
    public var detail: String
    public var description: String { "Filter failure: \(filter) (\(detail))" }
}

/// An order as the filters see it.
public struct FilterCheck: Sendable {
    public var side: Side
    public var isMarket: Bool
    public var quantity: Decimal
    /// The limit price; nil for market orders.
    public var price: Decimal?
    public var stopPrice: Decimal?
    public var icebergQuantity: Decimal?

    public init(side: Side, isMarket: Bool, quantity: Decimal, price: Decimal? = nil, stopPrice: Decimal? = nil, icebergQuantity: Decimal? = nil) {
        self.side = side
        self.isMarket = isMarket
        self.quantity = quantity
        self.price = price
        self.stopPrice = stopPrice
        self.icebergQuantity = icebergQuantity
    }
}

/// One symbol's trading rules from exchangeInfo, with Binance's filter
/// semantics (Binance's "Filters" documentation; DESIGN §3.5): a zero bound disables its rule.
/// The gateway checks orders with these before sending, and gen-sim checks
/// them again on arrival, so both sides agree on what Binance would refuse.
public struct SymbolRules: Sendable, Equatable {
    public struct Range: Sendable, Equatable {
        public var minimum: Decimal
        public var maximum: Decimal
        public var step: Decimal
    }

    public var symbol: String
    public var status: String
    public var baseAsset: String
    public var quoteAsset: String
    public var orderTypes: [String]
    /// The stop and target can go out as one OCO order list.
    public var ocoAllowed = false
    public var priceFilter: Range?
    public var lotSize: Range?
    public var marketLotSize: Range?
    public var minNotional: (minimum: Decimal, applyToMarket: Bool)?
    public var notional: (minimum: Decimal, applyMinToMarket: Bool, maximum: Decimal, applyMaxToMarket: Bool)?
    public var percentPriceBySide: (bidUp: Decimal, bidDown: Decimal, askUp: Decimal, askDown: Decimal)?
    public var maxNumOrders: Int?

    public static func == (a: SymbolRules, b: SymbolRules) -> Bool {
        a.symbol == b.symbol && a.priceFilter == b.priceFilter && a.lotSize == b.lotSize && a.marketLotSize == b.marketLotSize
            && a.minNotional?.minimum == b.minNotional?.minimum && a.notional?.minimum == b.notional?.minimum
            && a.notional?.maximum == b.notional?.maximum && a.maxNumOrders == b.maxNumOrders
    }

    public init(info: ExchangeInfo.SymbolInfo) {
        symbol = info.symbol
        status = info.status
        baseAsset = info.baseAsset
        quoteAsset = info.quoteAsset
        orderTypes = info.orderTypes
        ocoAllowed = info.ocoAllowed ?? false
        for filter in info.filters {
            func d(_ key: String) -> Decimal { filter[key]?.decimal ?? filter[key]?.integer.map { Decimal($0) } ?? 0 }
            func b(_ key: String) -> Bool { filter[key] == .bool(true) }
            switch filter["filterType"] {
            case .string("PRICE_FILTER"): priceFilter = Range(minimum: d("minPrice"), maximum: d("maxPrice"), step: d("tickSize"))
            case .string("LOT_SIZE"): lotSize = Range(minimum: d("minQty"), maximum: d("maxQty"), step: d("stepSize"))
            case .string("MARKET_LOT_SIZE"): marketLotSize = Range(minimum: d("minQty"), maximum: d("maxQty"), step: d("stepSize"))
            case .string("MIN_NOTIONAL"): minNotional = (d("minNotional"), b("applyToMarket"))
            case .string("NOTIONAL"): notional = (d("minNotional"), b("applyMinToMarket"), d("maxNotional"), b("applyMaxToMarket"))
            case .string("PERCENT_PRICE_BY_SIDE"):
                percentPriceBySide = (d("bidMultiplierUp"), d("bidMultiplierDown"), d("askMultiplierUp"), d("askMultiplierDown"))
            case .string("MAX_NUM_ORDERS"): maxNumOrders = filter["maxNumOrders"]?.integer.map { Int($0) }
            default: break
            }
        }
    }

    /// The tick, lot step and minimum notional, for the risk engine's sizing.
    public var filters: SymbolFilters {
        SymbolFilters(tickSize: priceFilter?.step ?? 0, stepSize: lotSize?.step ?? 0,
                      minNotional: max(notional?.minimum ?? 0, minNotional?.minimum ?? 0))
    }

    /// The filters of a market order: the lot step is the coarser of LOT_SIZE
    /// and MARKET_LOT_SIZE, as `roundQuantity(_:market:)` rounds.
    public var marketFilters: SymbolFilters {
        var market = filters
        if let step = marketLotSize?.step, step > market.stepSize { market.stepSize = step }
        return market
    }

    /// Rounds a quantity down to the lot step (never more than intended).
    public func roundQuantity(_ quantity: Decimal, market: Bool = false) -> Decimal {
        var step = lotSize?.step ?? 0
        if market, let marketStep = marketLotSize?.step, marketStep > 0 { step = max(step, marketStep) }
        return step > 0 ? quantity.rounded(toStep: step, .down) : quantity
    }

    /// Rounds a limit price to the tick in the trader's favour: buys down,
    /// sells up, so the limit never pays more (or takes less) than asked.
    public func roundPrice(_ price: Decimal, side: Side) -> Decimal {
        guard let tick = priceFilter?.step, tick > 0 else { return price }
        return price.rounded(toStep: tick, side == .buy ? .down : .up)
    }

    func multiple(_ value: Decimal, of step: Decimal) -> Bool {
        step == 0 || (value / step).rounded(scale: 0, .plain) * step == value
    }

    public func check(_ range: Range?, _ value: Decimal, name: String) throws(FilterFailure) {
        guard let range else { return }
        if range.minimum > 0, value < range.minimum { throw FilterFailure(filter: name, detail: "\(value.plainText) is below the minimum \(range.minimum.plainText)") }
        if range.maximum > 0, value > range.maximum { throw FilterFailure(filter: name, detail: "\(value.plainText) is above the maximum \(range.maximum.plainText)") }
        if !multiple(value, of: range.step) { throw FilterFailure(filter: name, detail: "\(value.plainText) is not a multiple of \(range.step.plainText)") }
    }

    /// Applies every filter Binance would, in Binance's terms. `reference` is
    /// the price a market order is judged at (the average or last price).
    public func validate(_ order: FilterCheck, reference: Decimal, openOrders: Int) throws(FilterFailure) {
        if let price = order.price { try check(priceFilter, price, name: "PRICE_FILTER") }
        if let stop = order.stopPrice { try check(priceFilter, stop, name: "PRICE_FILTER") }
        try check(lotSize, order.quantity, name: "LOT_SIZE")
        if let iceberg = order.icebergQuantity { try check(lotSize, iceberg, name: "LOT_SIZE") }
        if order.isMarket { try check(marketLotSize, order.quantity, name: "MARKET_LOT_SIZE") }
        let price = order.price ?? reference
        let value = price * order.quantity
        if let rule = minNotional, !order.isMarket || rule.applyToMarket, rule.minimum > 0, value < rule.minimum {
            throw FilterFailure(filter: "MIN_NOTIONAL", detail: "\(value.plainText) is below \(rule.minimum.plainText)")
        }
        if let rule = notional {
            if !order.isMarket || rule.applyMinToMarket, rule.minimum > 0, value < rule.minimum {
                throw FilterFailure(filter: "NOTIONAL", detail: "\(value.plainText) is below \(rule.minimum.plainText)")
            }
            if !order.isMarket || rule.applyMaxToMarket, rule.maximum > 0, value > rule.maximum {
                throw FilterFailure(filter: "NOTIONAL", detail: "\(value.plainText) is above \(rule.maximum.plainText)")
            }
        }
        if let rule = percentPriceBySide, let limit = order.price, reference > 0 {
            let (up, down) = order.side == .buy ? (rule.bidUp, rule.bidDown) : (rule.askUp, rule.askDown)
            if limit > reference * up || limit < reference * down {
                throw FilterFailure(filter: "PERCENT_PRICE_BY_SIDE", detail: "\(limit.plainText) is too far from \(reference.plainText)")
            }
        }
        if let maximum = maxNumOrders, !order.isMarket, openOrders >= maximum {
            throw FilterFailure(filter: "MAX_NUM_ORDERS", detail: "\(openOrders) orders are already open")
        }
    }
}
