import Foundation

/// SNIPER momentum breakout (DESIGN §7): a close beyond the previous 20-bar high
/// (low) by 2%, on volume at least 1.5× its 20-bar average, with ADX(14) ≥ 25
/// and the directional indicators agreeing. Fires on the bar the condition
/// becomes true, not on every bar it stays true.
///
/// A BUY carries a stop `stopATRs` ATRs below the close and a target
/// `targetRiskMultiple` times that distance above it; a SELL asks to close a
/// long (spot cannot short).
public struct MomentumBreakout {
    public static let name = "momentum_breakout"

    public let settings: GenesisConfig.MomentumBreakout
    public let breakout: Double
    let volumeMultiple: Double
    let adxThreshold: Double
    private var highs: RollingWindow
    private var lows: RollingWindow
    private var volumes: RollingWindow
    private var movement: DirectionalMovement
    private var wasLong = false
    private var wasShort = false

    public init(settings: GenesisConfig.MomentumBreakout) {
        self.settings = settings
        breakout = settings.breakoutFraction.value.approximateDouble
        volumeMultiple = settings.volumeMultiple.value.approximateDouble
        adxThreshold = settings.adxThreshold.value.approximateDouble
        highs = RollingWindow(capacity: settings.lookback)
        lows = RollingWindow(capacity: settings.lookback)
        volumes = RollingWindow(capacity: settings.lookback)
        movement = DirectionalMovement(period: settings.adxPeriod)
    }

    /// The condition seen on one bar, before it is turned into a signal.
    public struct Trigger: Sendable, Equatable {
        public var side: Side
        public var level: Double
        public var volumeRatio: Double
        public var adx: Double
        public var plusDI: Double
        public var minusDI: Double
        public var atr: Double
    }

    /// Feeds one bar; returns a trigger when a breakout starts on it.
    public mutating func update(_ bar: Bar) -> Trigger? {
        movement.update(high: bar.high, low: bar.low, close: bar.close)
        defer {
            highs.append(bar.high)
            lows.append(bar.low)
            volumes.append(bar.volume)
        }
        guard highs.isFull, let adx = movement.adx, let plus = movement.plusDI, let minus = movement.minusDI, let atr = movement.atr else { return nil }
        let averageVolume = volumes.mean
        let volumeRatio = averageVolume > 0 ? bar.volume / averageVolume : 0
        let strong = volumeRatio >= volumeMultiple && adx >= adxThreshold
        let long = strong && plus > minus && bar.close > highs.maximum * (1 + breakout)
        let short = strong && minus > plus && bar.close < lows.minimum * (1 - breakout)
        defer {
            wasLong = long
            wasShort = short
        }
        if long && !wasLong {
            return Trigger(side: .buy, level: highs.maximum, volumeRatio: volumeRatio, adx: adx, plusDI: plus, minusDI: minus, atr: atr)
        }
        if short && !wasShort {
            return Trigger(side: .sell, level: lows.minimum, volumeRatio: volumeRatio, adx: adx, plusDI: plus, minusDI: minus, atr: atr)
        }
        return nil
    }

    /// Turns a trigger into a signal at the candle's exact close.
    public func signal(for trigger: Trigger, symbol: String, interval: String, openTime: Timestamp, ts: Timestamp, close: Decimal) -> Signal {
        let id = "\(Self.name):\(symbol):\(interval):\(openTime.milliseconds):\(trigger.side.rawValue)"
        let f = { (value: Double) in String(format: "%.2f", value) }
        let move = trigger.side == .buy ? close.approximateDouble / trigger.level - 1 : 1 - close.approximateDouble / trigger.level
        let reason = "close \(close.plainText) broke the \(settings.lookback)-bar \(trigger.side == .buy ? "high" : "low") \(f(trigger.level)) by \(f(move * 100))%; "
            + "volume \(f(trigger.volumeRatio))x average; ADX \(f(trigger.adx)), +DI \(f(trigger.plusDI)) / -DI \(f(trigger.minusDI))"
        var stop: Decimal?
        var target: Decimal?
        if trigger.side == .buy {
            let distance = Decimal(approximating: trigger.atr) * settings.stopATRs.value
            if distance > 0, distance < close {
                stop = close - distance
                target = close + distance * settings.targetRiskMultiple.value
            }
        }
        return Signal(id: id, ts: ts, strategy: Self.name, symbol: symbol, side: trigger.side, price: close, stop: stop, target: target, reason: reason, interval: interval)
    }
}
