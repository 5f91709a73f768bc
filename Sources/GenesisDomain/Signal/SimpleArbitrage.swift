import Foundation

/// SNIPER triangular arbitrage (DESIGN §7) over `book` lines.
///
/// A triangle is three books: `bridge` X/Q (BTCUSDT), `cross` Y/X (ETHBTC)
/// and `direct` Y/Q (ETHUSDT), so the direct price is implied by the other
/// two: direct ≈ bridge × cross. On every book of one of its symbols, with
/// all three quotes fresh (none older than `lifetimeSeconds` at this book's
/// `ts`), both round trips are priced at the touch, exactly (Decimal):
///
/// - forward, Q → X → Y → Q: buy X at the bridge ask, buy Y at the cross ask,
///   sell Y at the direct bid: gross = direct.bid / (bridge.ask × cross.ask).
///   The direct pair is rich against the implied cross: **SELL direct** at its bid.
/// - reverse, Q → Y → X → Q: buy Y at the direct ask, sell Y at the cross bid,
///   sell X at the bridge bid: gross = bridge.bid × cross.bid / direct.ask.
///   The direct pair is cheap: **BUY direct** at its ask.
///
/// edge = gross × (1 − takerFee)³ − 1; a direction acts when edge > minimumEdge.
///
/// Why only the direct leg: our pipeline holds single-symbol positions in the
/// account's quote asset, so one leg is traded, not the loop. Which leg is
/// "wrong" cannot be told from one snapshot (the triangle's mismatch is the
/// same number seen from each leg), so the leg traded is the one quoted in
/// the account's asset against the cross the other two imply. A SELL closes a
/// held long (spot cannot short: without one, gen-risk refuses it), so it
/// carries no stop or target; a BUY carries stop = ask × (1 − stopFraction)
/// and target = ask × (1 + targetFraction), rounded to 8 places.
///
/// An opportunity (triangle, direction) lives `lifetimeSeconds`: its signal
/// carries `valid_until` = ts + lifetime, and it is not emitted again while
/// it stays open, that is until an evaluation on fresh quotes finds its edge
/// at or below the minimum or a leg goes stale. Work per book: the triangles
/// holding its symbol (a configured constant).
public struct SimpleArbitrage: Sendable {
    public static let name = "simple_arbitrage"

    public enum Direction: String, Sendable, Equatable {
        /// Q → X → Y → Q: the direct pair is rich; sell it.
        case forward
        /// Q → Y → X → Q: the direct pair is cheap; buy it.
        case reverse
    }

    /// One opportunity found on one book.
    public struct Trigger: Sendable, Equatable {
        public var triangle: GenesisConfig.Triangle
        public var direction: Direction
        public var side: Side
        /// Gross round-trip multiple before fees, and the edge after them.
        public var gross: Decimal
        public var edge: Decimal
        /// The direct pair's price traded (its bid for a SELL, ask for a BUY)
        /// and the implied cross price it was compared with.
        public var price: Decimal
        public var implied: Decimal
    }

    public let settings: GenesisConfig.SimpleArbitrage
    let lifetimeMilliseconds: Int64
    let feeFactor: Decimal
    private var quotes: [String: BookQuote] = [:]
    /// Triangle indices by symbol.
    private var bySymbol: [String: [Int]] = [:]
    /// Open opportunities: triangle index and direction.
    private var open: Set<String> = []

    public init(settings: GenesisConfig.SimpleArbitrage) {
        self.settings = settings
        lifetimeMilliseconds = Int64(settings.lifetimeSeconds) * 1000
        let keep = 1 - settings.takerFee.value
        feeFactor = keep * keep * keep
        for (index, triangle) in settings.triangles.enumerated() {
            for symbol in Set([triangle.bridge, triangle.cross, triangle.direct]) { bySymbol[symbol, default: []].append(index) }
        }
    }

    /// Whether the strategy reads this symbol's books.
    public func follows(_ symbol: String) -> Bool { bySymbol[symbol] != nil }

    /// Feeds one book; returns the opportunities that open on it.
    public mutating func update(_ quote: BookQuote) -> [Trigger] {
        guard let indices = bySymbol[quote.symbol] else { return [] }
        quotes[quote.symbol] = quote
        var found: [Trigger] = []
        for index in indices {
            let triangle = settings.triangles[index]
            let keys = (forward: "\(index)f", reverse: "\(index)r")
            guard let bridge = fresh(triangle.bridge, at: quote.ts), let cross = fresh(triangle.cross, at: quote.ts),
                  let direct = fresh(triangle.direct, at: quote.ts) else {
                open.remove(keys.forward)
                open.remove(keys.reverse)
                continue
            }
            let forwardGross = direct.bid / (bridge.ask * cross.ask)
            let reverseGross = bridge.bid * cross.bid / direct.ask
            let candidates: [(String, Direction, Side, Decimal, Decimal, Decimal)] = [
                (keys.forward, .forward, .sell, forwardGross, direct.bid, bridge.ask * cross.ask),
                (keys.reverse, .reverse, .buy, reverseGross, direct.ask, bridge.bid * cross.bid),
            ]
            for (key, direction, side, gross, price, implied) in candidates {
                let edge = gross * feeFactor - 1
                guard edge > settings.minimumEdge.value else {
                    open.remove(key)
                    continue
                }
                guard open.insert(key).inserted else { continue }
                found.append(Trigger(triangle: triangle, direction: direction, side: side, gross: gross, edge: edge, price: price, implied: implied))
            }
        }
        return found
    }

    private func fresh(_ symbol: String, at now: Timestamp) -> BookQuote? {
        guard let quote = quotes[symbol], now.milliseconds - quote.ts.milliseconds <= lifetimeMilliseconds else { return nil }
        return quote
    }

    /// The signal for an opportunity found on the book at `ts`.
    public func signal(for trigger: Trigger, ts: Timestamp) -> Signal {
        let triangle = trigger.triangle
        let id = "\(Self.name):\(triangle.direct):\(ts.milliseconds):\(trigger.side.rawValue)"
        let percent = { (value: Decimal) in (value * 100).rounded(scale: 4, .plain).plainText }
        let implied = trigger.implied.rounded(scale: 8, .plain).plainText
        let reason: String
        var stop: Decimal?
        var target: Decimal?
        switch trigger.direction {
        case .forward:
            reason = "\(triangle.direct) bid \(trigger.price.plainText) above the implied \(implied) (\(triangle.bridge) ask x \(triangle.cross) ask): "
                + "round trip via \(triangle.bridge), \(triangle.cross), \(triangle.direct) edge \(percent(trigger.edge))% after 3 x \(percent(settings.takerFee.value))% fees > \(percent(settings.minimumEdge.value))%"
        case .reverse:
            reason = "\(triangle.direct) ask \(trigger.price.plainText) below the implied \(implied) (\(triangle.bridge) bid x \(triangle.cross) bid): "
                + "round trip via \(triangle.direct), \(triangle.cross), \(triangle.bridge) edge \(percent(trigger.edge))% after 3 x \(percent(settings.takerFee.value))% fees > \(percent(settings.minimumEdge.value))%"
            stop = (trigger.price * (1 - settings.stopFraction.value)).rounded(scale: 8, .plain)
            target = (trigger.price * (1 + settings.targetFraction.value)).rounded(scale: 8, .plain)
            if let value = stop, value <= 0 { stop = nil }
        }
        var signal = Signal(id: id, ts: ts, strategy: Self.name, symbol: triangle.direct, side: trigger.side, price: trigger.price, stop: stop, target: target, reason: reason)
        signal.validUntil = Timestamp(milliseconds: ts.milliseconds + lifetimeMilliseconds)
        return signal
    }
}
