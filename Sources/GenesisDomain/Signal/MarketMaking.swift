import Foundation

/// STRATEGIST market making (DESIGN §7) on one symbol's `book` lines: layered
/// post-only (LIMIT_MAKER) quotes on both sides of the mid.
///
/// - Volatility: population standard deviation σ of the mid's last
///   `volatilityLookback` changes, in bps. Nothing is quoted until that many
///   changes are in.
/// - Spread: `baseSpreadBps` + `volatilityMultiple` × σ (σ rounded to 2
///   decimals), kept within [`minimumSpreadBps`, `maximumSpreadBps`]; half of
///   it on each side of the centre.
/// - Inventory: the share s of the symbol's value in base asset. gen-signal's
///   input normally carries no fills (they come after gen-exec), so quoting
///   starts at the target (s = `inventoryTarget`: no skew, both sides); a
///   `position` line of the symbol, when one comes by, sets s = quantity ×
///   mid / (balance − quantity × entry price + quantity × mid), and a CLOSED
///   one sets s = 0.
/// - Skew: the centre is the mid moved by −skew bps, skew = half-spread ×
///   (s − target) / (maximum − target) above the target and × (s − target) /
///   (target − minimum) below it, within ± the half-spread (2 decimals): too
///   much base lowers both quotes, sells sooner and buys less eagerly.
/// - Limits: at s < `inventoryMinimum` no asks are quoted (too little base to
///   sell), at s > `inventoryMaximum` no bids.
/// - Layers i = 1…`layers`: offset = half-spread + (i − 1) × `layerStepBps`;
///   bid = centre × (1 − offset/10⁴), ask = centre × (1 + offset/10⁴),
///   exact decimals rounded to 8 places (gen-risk rounds limits to the
///   tick). A bid is a BUY with limit_price = bid, stop `stopFraction` below
///   it and target the same layer's ask; an ask is a SELL (closing held base).
///   `price` is the mid. Ids: strategy, symbol, ts, side, layer.
/// - Requoting: on the first book after warm-up, then only when the mid has
///   moved more than `requoteFraction` from the mid last quoted, or when the
///   inventory changed.
///
/// Protocol v1 has no cancel line: a requote does not withdraw the earlier
/// quotes; gen-risk's one-position-per-symbol and pending-entry rules stop
/// them from piling up. Constant work per book (the layers are a constant).
public struct MarketMaking: Sendable {
    public static let name = "market_making"

    public struct Quote: Sendable, Equatable {
        public var layer: Int
        public var side: Side
        public var price: Decimal
        /// For a bid: the same layer's ask (its target), quoted or not.
        public var target: Decimal?
    }

    /// One requote: the quotes and the figures they came from.
    public struct Requote: Sendable, Equatable {
        public var mid: Decimal
        public var spreadBps: Decimal
        public var skewBps: Decimal
        public var volatilityBps: Double
        public var inventoryShare: Double
        public var quotes: [Quote]
    }

    public let settings: GenesisConfig.MarketMaking
    private var midChanges: RollingMoments
    private var lastMid: Double?
    private var quotedMid: Decimal?
    private var position: (quantity: Decimal, entry: Decimal, balance: Decimal)?

    public init(settings: GenesisConfig.MarketMaking) {
        self.settings = settings
        midChanges = RollingMoments(capacity: max(settings.volatilityLookback, 1))
    }

    /// Notes a `position` line of the symbol (inventory); the next book requotes.
    public mutating func note(status: String, quantity: Decimal, entryPrice: Decimal, balance: Decimal) {
        position = status == "OPEN" ? (quantity, entryPrice, balance) : (0, 0, balance)
        quotedMid = nil
    }

    func inventoryShare(mid: Decimal) -> Double {
        guard let position else { return settings.inventoryTarget.value.approximateDouble }
        let base = position.quantity * mid
        let equity = position.balance - position.quantity * position.entry + base
        return equity > 0 ? (base / equity).approximateDouble : 0
    }

    /// Feeds one book; returns the quotes to place when it requotes.
    public mutating func update(_ book: BookQuote) -> Requote? {
        let mid = book.mid
        let midValue = mid.approximateDouble
        if let lastMid, lastMid > 0 { midChanges.append((midValue / lastMid - 1) * 10_000) }
        lastMid = midValue
        guard midChanges.isFull else { return nil }
        if let quotedMid, quotedMid > 0, abs((mid - quotedMid) / quotedMid) <= settings.requoteFraction.value { return nil }
        quotedMid = mid

        let sigma = midChanges.populationVariance.squareRoot()
        let sigmaBps = Decimal(approximating: sigma, scale: 2)
        let spread = min(max(settings.baseSpreadBps.value + settings.volatilityMultiple.value * sigmaBps, settings.minimumSpreadBps.value), settings.maximumSpreadBps.value)
        let half = spread / 2
        let share = inventoryShare(mid: mid)
        let target = settings.inventoryTarget.value.approximateDouble
        let upper = settings.inventoryMaximum.value.approximateDouble, lower = settings.inventoryMinimum.value.approximateDouble
        let tilt = share >= target ? (upper > target ? (share - target) / (upper - target) : 0) : (target > lower ? (share - target) / (target - lower) : 0)
        let skew = min(max(Decimal(approximating: tilt, scale: 4) * half, -half), half).rounded(scale: 2, .plain)
        let centre = mid * (1 - skew / 10_000)
        var quotes: [Quote] = []
        for layer in 1...max(settings.layers, 1) {
            let offset = half + Decimal(layer - 1) * settings.layerStepBps.value
            let bid = (centre * (1 - offset / 10_000)).rounded(scale: 8, .plain)
            let ask = (centre * (1 + offset / 10_000)).rounded(scale: 8, .plain)
            if share <= upper { quotes.append(Quote(layer: layer, side: .buy, price: bid, target: ask)) }
            if share >= lower { quotes.append(Quote(layer: layer, side: .sell, price: ask, target: nil)) }
        }
        return Requote(mid: mid, spreadBps: spread, skewBps: skew, volatilityBps: sigma, inventoryShare: share, quotes: quotes)
    }

    public func signals(for requote: Requote, book: BookQuote) -> [Signal] {
        let f = { (value: Double) in String(format: "%.2f", value) }
        return requote.quotes.map { quote in
            let id = "\(Self.name):\(book.symbol):\(book.ts.milliseconds):\(quote.side.rawValue):\(quote.layer)"
            let reason = "layer \(quote.layer) \(quote.side == .buy ? "bid" : "ask") \(quote.price.plainText) around mid \(requote.mid.plainText): "
                + "spread \(requote.spreadBps.plainText) bps (mid volatility \(f(requote.volatilityBps)) bps), inventory \(f(requote.inventoryShare * 100))%, skew \(requote.skewBps.plainText) bps"
            var stop: Decimal?
            var target: Decimal?
            if quote.side == .buy {
                stop = (quote.price * (1 - settings.stopFraction.value)).rounded(scale: 8, .plain)
                target = quote.target
                if let value = stop, value <= 0 { stop = nil }
            }
            var signal = Signal(id: id, ts: book.ts, strategy: Self.name, symbol: book.symbol, side: quote.side, price: requote.mid, stop: stop, target: target, reason: reason)
            signal.orderType = .limitMaker
            signal.limitPrice = quote.price
            return signal
        }
    }
}
