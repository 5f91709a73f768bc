import Foundation

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
        let move = Decimal(approximating: last.approximateDouble * stepVolatility * random.nextGaussian(), scale: 8)
        let next = (last + move).rounded(toStep: tick, .plain)
        if next > tick * 10 { last = next }
        return last
    }

    /// Jumps to a price (a replayed candle's close, or a test's choice).
    public mutating func move(to price: Decimal) {
        last = price.rounded(toStep: tick, .plain)
    }
}
