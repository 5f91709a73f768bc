import Foundation

/// SNIPER spread capture (DESIGN §7) over one symbol's `book` lines.
///
/// SNIPER trades MARKET orders only, and a taker cannot earn the spread: it
/// pays it. What a taker can do is step in when the spread is wide for a
/// reason that is likely to pass. The rule:
///
/// - **wide**: the spread in bps of the mid is at least `minimumSpreadBps`
///   and at least `spreadMultiple` × its average over the previous
///   `lookback` books (the current one excluded);
/// - **calm**: the population standard deviation of the mid's last
///   `lookback` changes (in bps) is at most `maximumMidVolatilityBps`: the
///   mid has not been moving, so the wide spread is liquidity stepping back
///   rather than the price running away;
/// - **two-sided**: both touch quantities are given and the thinner side holds
///   at least `minimumSideShare` of their sum (a one-sided book is a price
///   about to move, not a spread about to close).
///
/// BUY at the ask on the book where all three become true (not again until
/// they have cleared), stop = ask × (1 − stopFraction), target = ask +
/// targetSpreadFraction × spread (exact decimals, rounded to 8 places): the
/// bet is that liquidity returns on the bid side at or above the price paid.
/// It is a bet on the spread closing upwards, not a risk-free capture; its
/// worth is for a backtest to show. Constant work per book.
public struct SpreadCapture: Sendable {
    public static let name = "spread_capture"

    public struct Trigger: Sendable, Equatable {
        public var spreadBps: Double
        public var averageSpreadBps: Double
        public var midVolatilityBps: Double
        public var bidShare: Double
    }

    public let settings: GenesisConfig.SpreadCapture
    let minimumSpread: Double
    let multiple: Double
    let maximumVolatility: Double
    let minimumShare: Double
    private var spreads: RollingWindow
    private var midChanges: RollingMoments
    private var lastMid: Double?
    private var wasActive = false

    public init(settings: GenesisConfig.SpreadCapture) {
        self.settings = settings
        minimumSpread = settings.minimumSpreadBps.value.approximateDouble
        multiple = settings.spreadMultiple.value.approximateDouble
        maximumVolatility = settings.maximumMidVolatilityBps.value.approximateDouble
        minimumShare = settings.minimumSideShare.value.approximateDouble
        spreads = RollingWindow(capacity: max(settings.lookback, 1))
        midChanges = RollingMoments(capacity: max(settings.lookback, 1))
    }

    /// Feeds one book of the symbol; returns a trigger when an entry starts on it.
    public mutating func update(_ quote: BookQuote) -> Trigger? {
        let mid = quote.mid.approximateDouble
        let spread = quote.spreadBps
        let average = spreads.mean
        let volatility = midChanges.populationVariance.squareRoot()
        let warm = spreads.isFull && midChanges.isFull
        defer {
            spreads.append(spread)
            if let lastMid, lastMid > 0 { midChanges.append((mid / lastMid - 1) * 10_000) }
            lastMid = mid
        }
        var share = 0.0
        if let bid = quote.bidQuantity, let ask = quote.askQuantity, bid + ask > 0 {
            share = (bid / (bid + ask)).approximateDouble
        }
        let twoSided = min(share, 1 - share) >= minimumShare && quote.bidQuantity != nil && quote.askQuantity != nil
        let active = warm && spread >= minimumSpread && spread >= multiple * average && volatility <= maximumVolatility && twoSided
        defer { wasActive = active }
        guard active, !wasActive else { return nil }
        return Trigger(spreadBps: spread, averageSpreadBps: average, midVolatilityBps: volatility, bidShare: share)
    }

    public func signal(for trigger: Trigger, quote: BookQuote) -> Signal {
        let id = "\(Self.name):\(quote.symbol):\(quote.ts.milliseconds):BUY"
        let f = { (value: Double) in String(format: "%.2f", value) }
        let stop = (quote.ask * (1 - settings.stopFraction.value)).rounded(scale: 8, .plain)
        let target = (quote.ask + quote.spread * settings.targetSpreadFraction.value).rounded(scale: 8, .plain)
        let reason = "spread \(f(trigger.spreadBps)) bps (bid \(quote.bid.plainText), ask \(quote.ask.plainText)) is \(f(trigger.spreadBps / max(trigger.averageSpreadBps, .leastNonzeroMagnitude)))x "
            + "its average \(f(trigger.averageSpreadBps)) bps; mid volatility \(f(trigger.midVolatilityBps)) bps; bid share \(f(trigger.bidShare * 100))%"
        return Signal(id: id, ts: quote.ts, strategy: Self.name, symbol: quote.symbol, side: .buy, price: quote.ask,
                      stop: stop > 0 ? stop : nil, target: target > quote.ask ? target : nil, reason: reason)
    }
}
