import Foundation

/// HUNTER multi-pair rotation (DESIGN §7) over the candles of up to `maxPairs`
/// symbols on one interval.
///
/// - Pairs: `pairs` when given (at most `maxPairs` of them), else the first
///   `maxPairs` symbols seen on the interval.
/// - Momentum: each pair's rate of change over `lookback` bars,
///   close / close `lookback` bars earlier − 1 (a ring of closes per pair).
/// - Rotation boundaries are on the data clock: the candles whose close time
///   (`ts`) is a multiple of `rotationBars` × the interval (24 × 1h: each UTC
///   midnight). A rotation runs once every followed pair has its candle at
///   that time; a pair that is missing one is waited for until the first
///   candle after the boundary, and the rotation then runs, stamped with the
///   boundary time, before that candle is handled.
/// - Ranking: the pairs with a full history, by rate of change, highest first
///   (ties by symbol). The top `topN` of those above `minimumRateOfChange`
///   are the holdings; SELL each pair that leaves them (in symbol order), then
///   BUY each that enters (in rank order), at the pair's exact last close,
///   with stop = close × (1 − stopFraction) and target = close ×
///   (1 + targetFraction) on the BUY. What the strategy holds is what it
///   asked for (as for mean reversion), not the account's fills.
///
/// Work per candle: constant; per rotation: a sort of at most `maxPairs`.
public final class MultiPairRotation {
    public static let name = "multi_pair_rotation"

    /// One pair's order at a rotation.
    public struct Ranked: Sendable, Equatable {
        public var symbol: String
        public var rateOfChange: Double
        public var close: Decimal
        public var openTime: Timestamp
    }

    /// What a rotation decided: the ranking and the signals' sides.
    public struct Rotation: Sendable, Equatable {
        public var ts: Timestamp
        public var ranking: [Ranked]
        public var sells: [Ranked]
        public var buys: [Ranked]
    }

    final class Pair {
        var closes: [Double]
        var head = 0
        var count = 0
        var lastClose: Decimal = 0
        var lastOpenTime = Timestamp(milliseconds: 0)
        var lastTime = Timestamp(milliseconds: 0)

        init(capacity: Int) { closes = Array(repeating: 0, count: capacity) }

        func append(_ close: Double) {
            closes[head] = close
            head = (head + 1) % closes.count
            count = min(count + 1, closes.count)
        }

        /// close / close `capacity − 1` bars before − 1, once full.
        var rateOfChange: Double? {
            guard count == closes.count else { return nil }
            let newest = closes[(head - 1 + closes.count) % closes.count]
            let oldest = closes[head]
            return oldest > 0 ? newest / oldest - 1 : nil
        }
    }

    public let settings: GenesisConfig.MultiPairRotation
    public let interval: String
    public let period: Int64
    let minimumRate: Double
    private var pairs: [String: Pair] = [:]
    private var order: [String] = []
    private var holdings: Set<String> = []
    /// The boundary waiting for its rotation and the pairs reported at it.
    private var pendingBoundary: Timestamp?
    private var reported = 0

    public init(settings: GenesisConfig.MultiPairRotation, interval: String, intervalMilliseconds: Int64) {
        self.settings = settings
        self.interval = interval
        period = Int64(max(settings.rotationBars, 1)) * intervalMilliseconds
        minimumRate = settings.minimumRateOfChange.value.approximateDouble
        for symbol in settings.pairs.prefix(settings.maxPairs) where pairs[symbol] == nil {
            pairs[symbol] = Pair(capacity: settings.lookback + 1)
            order.append(symbol)
        }
    }

    public var held: Set<String> { holdings }

    /// Runs a rotation still waiting for a missing pair when a candle of a
    /// later time arrives (call before that candle is forwarded).
    public func before(ts: Timestamp) -> Rotation? {
        guard let boundary = pendingBoundary, ts > boundary else { return nil }
        return rotate(at: boundary)
    }

    /// Feeds one candle; returns the rotation it completes, if any.
    public func update(symbol: String, openTime: Timestamp, ts: Timestamp, close: Decimal) -> Rotation? {
        let pair: Pair
        if let existing = pairs[symbol] {
            pair = existing
        } else {
            guard settings.pairs.isEmpty, order.count < settings.maxPairs else { return nil }
            pair = Pair(capacity: settings.lookback + 1)
            pairs[symbol] = pair
            order.append(symbol)
        }
        if ts <= pair.lastTime { return nil } // a repeated or older candle changes nothing
        pair.append(close.approximateDouble)
        pair.lastClose = close
        pair.lastOpenTime = openTime
        pair.lastTime = ts
        guard ts.milliseconds % period == 0 else { return nil }
        if pendingBoundary != ts {
            pendingBoundary = ts
            reported = 0
        }
        reported += 1
        return reported >= order.count ? rotate(at: ts) : nil
    }

    private func rotate(at ts: Timestamp) -> Rotation {
        pendingBoundary = nil
        reported = 0
        var ranking: [Ranked] = []
        for symbol in order {
            guard let pair = pairs[symbol], let rate = pair.rateOfChange else { continue }
            ranking.append(Ranked(symbol: symbol, rateOfChange: rate, close: pair.lastClose, openTime: pair.lastOpenTime))
        }
        ranking.sort { $0.rateOfChange != $1.rateOfChange ? $0.rateOfChange > $1.rateOfChange : $0.symbol < $1.symbol }
        let top = ranking.prefix(settings.topN).filter { $0.rateOfChange > minimumRate }
        let next = Set(top.map(\.symbol))
        let sells = holdings.subtracting(next).sorted().compactMap { symbol in ranking.first { $0.symbol == symbol } ?? pairs[symbol].map { Ranked(symbol: symbol, rateOfChange: .nan, close: $0.lastClose, openTime: $0.lastOpenTime) } }
        let buys = top.filter { !holdings.contains($0.symbol) }
        holdings = next
        return Rotation(ts: ts, ranking: ranking, sells: sells, buys: buys)
    }

    /// The signals of one rotation: SELLs first, then BUYs.
    public func signals(for rotation: Rotation) -> [Signal] {
        let percent = { (value: Double) in value.isNaN ? "n/a" : String(format: "%+.2f%%", value * 100) }
        let board = rotation.ranking.map { "\($0.symbol) \(percent($0.rateOfChange))" }.joined(separator: ", ")
        var result: [Signal] = []
        for pair in rotation.sells {
            let rank = (rotation.ranking.firstIndex { $0.symbol == pair.symbol }).map { "rank \($0 + 1)" } ?? "unranked"
            let reason = "left the top \(settings.topN) at the rotation: \(rank) by \(settings.lookback)-bar rate of change \(percent(pair.rateOfChange)) (\(board))"
            result.append(Signal(id: "\(Self.name):\(pair.symbol):\(interval):\(pair.openTime.milliseconds):SELL", ts: rotation.ts, strategy: Self.name,
                                 symbol: pair.symbol, side: .sell, price: pair.close, stop: nil, target: nil, reason: reason, interval: interval))
        }
        for pair in rotation.buys {
            let rank = (rotation.ranking.firstIndex { $0.symbol == pair.symbol } ?? 0) + 1
            let reason = "entered the top \(settings.topN) at the rotation: rank \(rank) by \(settings.lookback)-bar rate of change \(percent(pair.rateOfChange)) (\(board))"
            var stop: Decimal? = (pair.close * (1 - settings.stopFraction.value)).rounded(scale: 8, .plain)
            if let value = stop, value <= 0 { stop = nil }
            let target = (pair.close * (1 + settings.targetFraction.value)).rounded(scale: 8, .plain)
            result.append(Signal(id: "\(Self.name):\(pair.symbol):\(interval):\(pair.openTime.milliseconds):BUY", ts: rotation.ts, strategy: Self.name,
                                 symbol: pair.symbol, side: .buy, price: pair.close, stop: stop, target: target, reason: reason, interval: interval))
        }
        return result
    }
}
