/// Wilder's Directional Movement System: ATR, +DI, −DI and ADX over `period`
/// bars, with Wilder's smoothing, updated in constant time per bar.
///
/// Indicators are statistics that feed comparisons, so they use `Double`;
/// prices that reach an order are decimals again (see `MomentumBreakout`).
public struct DirectionalMovement: Sendable {
    public let period: Int
    private var previous: (high: Double, low: Double, close: Double)?
    private var seeded = 0
    private var smoothedTR = 0.0
    private var smoothedPlusDM = 0.0
    private var smoothedMinusDM = 0.0
    private var dxCount = 0
    private var dxSum = 0.0

    public private(set) var atr: Double?
    public private(set) var plusDI: Double?
    public private(set) var minusDI: Double?
    public private(set) var adx: Double?

    public init(period: Int) {
        precondition(period >= 2)
        self.period = period
    }

    public mutating func update(high: Double, low: Double, close: Double) {
        defer { previous = (high, low, close) }
        guard let previous else { return }
        let trueRange = max(high - low, abs(high - previous.close), abs(low - previous.close))
        let up = high - previous.high
        let down = previous.low - low
        let plusDM = up > down && up > 0 ? up : 0
        let minusDM = down > up && down > 0 ? down : 0
        let n = Double(period)
        if seeded < period {
            smoothedTR += trueRange
            smoothedPlusDM += plusDM
            smoothedMinusDM += minusDM
            seeded += 1
            guard seeded == period else { return }
        } else {
            smoothedTR = smoothedTR - smoothedTR / n + trueRange
            smoothedPlusDM = smoothedPlusDM - smoothedPlusDM / n + plusDM
            smoothedMinusDM = smoothedMinusDM - smoothedMinusDM / n + minusDM
        }
        atr = smoothedTR / n
        let plus = smoothedTR > 0 ? 100 * smoothedPlusDM / smoothedTR : 0
        let minus = smoothedTR > 0 ? 100 * smoothedMinusDM / smoothedTR : 0
        plusDI = plus
        minusDI = minus
        let dx = plus + minus > 0 ? 100 * abs(plus - minus) / (plus + minus) : 0
        if let current = adx {
            adx = (current * (n - 1) + dx) / n
        } else {
            dxSum += dx
            dxCount += 1
            if dxCount == period { adx = dxSum / n }
        }
    }
}
