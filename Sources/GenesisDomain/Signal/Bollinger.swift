/// Mean and variance of the last `capacity` values, updated in constant time
/// per value.
///
/// Drift: a naive running sum of squares (`Σx² / n − mean²`) cancels
/// catastrophically at crypto prices (a 60 000 close squared leaves about
/// eight significant digits for a variance of a few units). This keeps a
/// Welford-style sliding mean and sum of squared deviations instead — the
/// update subtracts nearly equal quantities only at the scale of the
/// deviations — and, to bound whatever rounding still accumulates over
/// millions of updates, recomputes both exactly from the window (two passes)
/// every `capacity` updates: amortised O(1), like `RollingWindow`.
public struct RollingMoments: Sendable {
    public let capacity: Int
    private var values: [Double]
    private var head = 0
    public private(set) var count = 0
    public private(set) var mean = 0.0
    /// Sum of squared deviations from the mean (Welford's M2).
    private var squares = 0.0

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        values = Array(repeating: 0, count: capacity)
    }

    public var isFull: Bool { count == capacity }

    /// Population variance (divides by the count).
    public var populationVariance: Double { count == 0 ? 0 : squares / Double(count) }
    /// Sample variance (divides by count − 1); 0 with fewer than two values.
    public var sampleVariance: Double { count < 2 ? 0 : squares / Double(count - 1) }

    public mutating func append(_ value: Double) {
        if count < capacity {
            count += 1
            let delta = value - mean
            mean += delta / Double(count)
            squares += delta * (value - mean)
        } else {
            let leaving = values[head]
            let previousMean = mean
            mean += (value - leaving) / Double(capacity)
            squares += (value - leaving) * (value - mean + leaving - previousMean)
        }
        values[head] = value
        head = (head + 1) % capacity
        if squares < 0 { squares = 0 }
        if head == 0 { recompute() }
    }

    private mutating func recompute() {
        var total = 0.0
        for value in values[0..<count] { total += value }
        mean = total / Double(count)
        var sum = 0.0
        for value in values[0..<count] { sum += (value - mean) * (value - mean) }
        squares = sum
    }
}

/// Bollinger bands over `period` closes: the middle band is their simple
/// mean, the upper and lower bands lie `deviations` standard deviations
/// above and below it. The standard deviation is the population one (divide
/// by N, not N − 1), as John Bollinger defines the bands and as most
/// charting packages compute them.
///
/// Constant work per close (see `RollingMoments` for the drift guard).
public struct Bollinger: Sendable {
    public struct Bands: Sendable, Equatable {
        public var middle: Double
        public var upper: Double
        public var lower: Double
        public var standardDeviation: Double
    }

    public let period: Int
    public let deviations: Double
    private var window: RollingMoments
    /// The bands over the last `period` closes; nil until that many are in.
    public private(set) var bands: Bands?

    public init(period: Int, deviations: Double) {
        precondition(period >= 2)
        self.period = period
        self.deviations = deviations
        window = RollingMoments(capacity: period)
    }

    @discardableResult
    public mutating func update(_ close: Double) -> Bands? {
        window.append(close)
        guard window.isFull else { return nil }
        let sigma = window.populationVariance.squareRoot()
        let middle = window.mean
        let current = Bands(middle: middle, upper: middle + deviations * sigma, lower: middle - deviations * sigma, standardDeviation: sigma)
        bands = current
        return current
    }
}
