/// Wilder's Relative Strength Index over `period` changes of the close,
/// updated in constant time per close.
///
/// The first average gain (loss) is the simple mean of the first `period`
/// gains (losses); after that each is smoothed Wilder's way,
/// `average = (previous × (period − 1) + current) / period`.
/// RSI = 100 − 100 / (1 + averageGain / averageLoss), and 100 when the
/// average loss is 0 (including a perfectly flat series).
public struct RSI: Sendable {
    public let period: Int
    private var previous: Double?
    private var seeded = 0
    private var gainSum = 0.0
    private var lossSum = 0.0
    public private(set) var averageGain: Double?
    public private(set) var averageLoss: Double?
    /// The latest RSI, 0...100; nil until `period` changes (period + 1 closes) are in.
    public private(set) var value: Double?

    public init(period: Int) {
        precondition(period >= 1)
        self.period = period
    }

    @discardableResult
    public mutating func update(_ close: Double) -> Double? {
        defer { previous = close }
        guard let previous else { return nil }
        let change = close - previous
        let gain = max(change, 0)
        let loss = max(-change, 0)
        let n = Double(period)
        let gainAverage: Double
        let lossAverage: Double
        if let averageGain, let averageLoss {
            gainAverage = (averageGain * (n - 1) + gain) / n
            lossAverage = (averageLoss * (n - 1) + loss) / n
        } else {
            gainSum += gain
            lossSum += loss
            seeded += 1
            guard seeded == period else { return nil }
            gainAverage = gainSum / n
            lossAverage = lossSum / n
        }
        averageGain = gainAverage
        averageLoss = lossAverage
        let rsi = lossAverage == 0 ? 100 : 100 - 100 / (1 + gainAverage / lossAverage)
        value = rsi
        return rsi
    }
}
