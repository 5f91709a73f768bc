import Foundation
import GenesisBinance
import GenesisDomain

/// One symbol's market inside gen-sim: a last price that moves by a seeded
/// random walk (or follows stored candles), and a synthetic book of
/// `levels` price levels either side of it, `tick` apart.
public struct SimMarket: Sendable {
    public var rules: SymbolRules
    public private(set) var last: Decimal
    /// Quantity offered at each level; deeper levels offer more.
    public var levelQuantity: Decimal
    public var levels = 10
    public var spreadTicks = 1
    private var random: SplitMix64
    /// Volatility of one step of the walk, as a fraction of price.
    public var stepVolatility: Double
    /// Prices to follow, one per step, before the walk takes over (stored
    /// candles replayed by `gen-sim --replay`).
    private var path: [Decimal] = []
    private var pathIndex = 0

    public init(rules: SymbolRules, price: Decimal, levelQuantity: Decimal, seed: UInt64, stepVolatility: Double = 0.0005) {
        self.rules = rules
        self.last = price
        self.levelQuantity = levelQuantity
        self.random = SplitMix64(seed: seed)
        self.stepVolatility = stepVolatility
    }

    var tick: Decimal { rules.priceFilter?.step ?? Decimal(string: "0.01")! }

    public var bestBid: Decimal { last - tick * Decimal(spreadTicks) }
    public var bestAsk: Decimal { last }

    /// The synthetic book: (price, quantity) best first.
    public func book(side: Side, depth: Int? = nil) -> [(price: Decimal, quantity: Decimal)] {
        let count = min(depth ?? levels, levels)
        return (0..<count).map { level in
            let offset = tick * Decimal(level)
            let price = side == .buy ? bestBid - offset : bestAsk + offset
            return (price, levelQuantity * Decimal(level + 1))
        }.filter { $0.price > 0 }
    }

    /// Moves the price one random step; returns the new last price.
    @discardableResult
    public mutating func step() -> Decimal {
        if pathIndex < path.count {
            move(to: path[pathIndex])
            pathIndex += 1
            return last
        }
        let move = Decimal(approximating: last.approximateDouble * stepVolatility * random.nextGaussian(), scale: 8)
        let next = (last + move).rounded(toStep: tick, .plain)
        if next > tick * 10 { last = next }
        return last
    }

    /// Follows `candles`: four steps each, open then the extreme nearer the
    /// open, the other extreme, then the close (the usual assumption about an
    /// OHLC bar's path), starting at the first open.
    public mutating func follow(_ candles: [KlineRow]) {
        path = candles.flatMap { row -> [Decimal] in
            guard let open = Decimal.parse(row.open), let high = Decimal.parse(row.high), let low = Decimal.parse(row.low),
                  let close = Decimal.parse(row.close) else { return [] }
            return high - open < open - low ? [open, high, low, close] : [open, low, high, close]
        }
        pathIndex = 0
        if let first = path.first { move(to: first) }
    }

    /// Steps left on the followed path.
    public var pathRemaining: Int { path.count - pathIndex }

    /// Jumps to a price (a replayed candle's close, or a test's choice).
    public mutating func move(to price: Decimal) {
        last = price.rounded(toStep: tick, .plain)
    }
}

extension SymbolRules {
    /// Binance's BTCUSDT-like rules for a simulated `XXXUSDT` symbol.
    public static func simulated(symbol: String) -> SymbolRules {
        let base = symbol.hasSuffix("USDT") ? String(symbol.dropLast(4)) : String(symbol.prefix(3))
        let quote = symbol.hasSuffix("USDT") ? "USDT" : String(symbol.dropFirst(3))
        func f(_ pairs: [(String, JSONValue)]) -> [String: JSONValue] { Dictionary(uniqueKeysWithValues: pairs) }
        let info = ExchangeInfo.SymbolInfo(
            symbol: symbol, status: "TRADING", baseAsset: base, quoteAsset: quote, baseAssetPrecision: 8, quoteAssetPrecision: 8,
            orderTypes: ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"], icebergAllowed: true, ocoAllowed: true, isSpotTradingAllowed: true,
            filters: [
                f([("filterType", .string("PRICE_FILTER")), ("minPrice", .string("0.01000000")), ("maxPrice", .string("1000000.00000000")), ("tickSize", .string("0.01000000"))]),
                f([("filterType", .string("LOT_SIZE")), ("minQty", .string("0.00001000")), ("maxQty", .string("9000.00000000")), ("stepSize", .string("0.00001000"))]),
                f([("filterType", .string("MARKET_LOT_SIZE")), ("minQty", .string("0.00000000")), ("maxQty", .string("100.00000000")), ("stepSize", .string("0.00000000"))]),
                f([("filterType", .string("NOTIONAL")), ("minNotional", .string("5.00000000")), ("applyMinToMarket", .bool(true)),
                   ("maxNotional", .string("9000000.00000000")), ("applyMaxToMarket", .bool(false)), ("avgPriceMins", .integer(5))]),
                f([("filterType", .string("PERCENT_PRICE_BY_SIDE")), ("bidMultiplierUp", .string("5")), ("bidMultiplierDown", .string("0.2")),
                   ("askMultiplierUp", .string("5")), ("askMultiplierDown", .string("0.2")), ("avgPriceMins", .integer(5))]),
                f([("filterType", .string("MAX_NUM_ORDERS")), ("maxNumOrders", .integer(200))]),
            ],
            permissions: ["SPOT"])
        return SymbolRules(info: info)
    }
}
