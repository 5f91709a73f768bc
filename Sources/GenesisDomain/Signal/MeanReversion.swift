import Foundation

/// HUNTER mean reversion (DESIGN §7): Bollinger bands (20, 2σ) confirmed by
/// RSI(14) 30/70, stop 2%, target 1%, held at most 30 minutes.
///
/// - BUY on the bar where "close below the lower band and RSI ≤ oversold"
///   becomes true (not on every bar it stays true), when the strategy is not
///   already long.
/// - SELL (close that long) on the first bar after the BUY whose close is above
///   the middle band (the cross back) or whose RSI ≥ overbought, or once
///   `maxHoldMinutes` have passed between the BUY bar's time and the current
///   bar's time (`Bar.time`, so gaps in the data count too).
///
/// The strategy tracks the long it asked for, not the account's fills: if
/// risk refuses the BUY, the later SELL finds nothing to close and is refused
/// downstream in its turn. One trigger per bar; an exit wins, and a BUY
/// condition already true on the exit bar waits until it clears and starts
/// again (no re-entry into the same move).
public struct MeanReversion: Sendable {
    public static let name = "mean_reversion"

    public let settings: GenesisConfig.MeanReversion
    let oversold: Double
    let overbought: Double
    let maxHoldMilliseconds: Int64
    private var bands: Bollinger
    private var rsi: RSI
    private var wasOversold = false
    /// Time of the bar that fired the BUY while the strategy holds a long.
    private var entryTime: Timestamp?

    public init(settings: GenesisConfig.MeanReversion) {
        self.settings = settings
        oversold = settings.rsiOversold.value.approximateDouble
        overbought = settings.rsiOverbought.value.approximateDouble
        maxHoldMilliseconds = Int64(settings.maxHoldMinutes) * 60_000
        bands = Bollinger(period: settings.bollingerPeriod, deviations: settings.bollingerDeviations.value.approximateDouble)
        rsi = RSI(period: settings.rsiPeriod)
    }

    /// Whether the strategy currently holds the long it asked for.
    public var isLong: Bool { entryTime != nil }

    /// Why a SELL closes the long.
    public enum Exit: String, Sendable, Equatable {
        case middleBand = "middle_band"
        case overbought
        case timeLimit = "time_limit"
    }

    /// The condition seen on one bar, before it is turned into a signal.
    public struct Trigger: Sendable, Equatable {
        public var side: Side
        /// Why a SELL fires; nil for a BUY.
        public var exit: Exit?
        public var close: Double
        public var lower: Double
        public var middle: Double
        public var upper: Double
        public var rsi: Double
        /// Minutes since the BUY bar (SELL only).
        public var heldMinutes: Double?
    }

    /// Feeds one bar; returns a trigger when an entry or an exit happens on it.
    public mutating func update(_ bar: Bar) -> Trigger? {
        let currentBands = bands.update(bar.close)
        let currentRSI = rsi.update(bar.close)
        guard let band = currentBands, let strength = currentRSI else { return nil }
        let oversoldNow = bar.close < band.lower && strength <= oversold
        defer { wasOversold = oversoldNow }
        func trigger(_ side: Side, _ exit: Exit?, held: Double?) -> Trigger {
            Trigger(side: side, exit: exit, close: bar.close, lower: band.lower, middle: band.middle, upper: band.upper, rsi: strength, heldMinutes: held)
        }
        if let entry = entryTime {
            let elapsed = bar.time.milliseconds - entry.milliseconds
            let held = Double(elapsed) / 60_000
            let exit: Exit? = bar.close > band.middle ? .middleBand
                : strength >= overbought ? .overbought
                : elapsed >= maxHoldMilliseconds ? .timeLimit
                : nil
            guard let exit else { return nil }
            entryTime = nil
            return trigger(.sell, exit, held: held)
        }
        if oversoldNow && !wasOversold {
            entryTime = bar.time
            return trigger(.buy, nil, held: nil)
        }
        return nil
    }

    /// Turns a trigger into a signal at the candle's exact close.
    public func signal(for trigger: Trigger, symbol: String, interval: String, openTime: Timestamp, ts: Timestamp, close: Decimal) -> Signal {
        let id = "\(Self.name):\(symbol):\(interval):\(openTime.milliseconds):\(trigger.side.rawValue)"
        let f = { (value: Double) in String(format: "%.2f", value) }
        let reason: String
        var stop: Decimal?
        var target: Decimal?
        switch trigger.exit {
        case nil:
            reason = "close \(close.plainText) below the lower band \(f(trigger.lower)) (middle \(f(trigger.middle))); "
                + "RSI \(f(trigger.rsi)) <= \(f(oversold))"
            // Exact decimal arithmetic on the exact close, rounded to 8 places.
            stop = (close * (1 - settings.stopFraction.value)).rounded(scale: 8, .plain)
            target = (close * (1 + settings.targetFraction.value)).rounded(scale: 8, .plain)
            if let value = stop, value <= 0 { stop = nil }
        case .middleBand?:
            reason = "close \(close.plainText) back above the middle band \(f(trigger.middle)); RSI \(f(trigger.rsi))"
        case .overbought?:
            reason = "RSI \(f(trigger.rsi)) >= \(f(overbought)); close \(close.plainText), middle band \(f(trigger.middle))"
        case .timeLimit?:
            reason = "held \(f(trigger.heldMinutes ?? 0)) min, limit \(settings.maxHoldMinutes) min; close \(close.plainText), "
                + "middle band \(f(trigger.middle)), RSI \(f(trigger.rsi))"
        }
        return Signal(id: id, ts: ts, strategy: Self.name, symbol: symbol, side: trigger.side, price: close, stop: stop, target: target, reason: reason, interval: interval)
    }
}
