/// The last `capacity` values of a series with their sum, maximum and minimum,
/// each updated in constant amortised time (monotonic deques for the extremes).
public struct RollingWindow: Sendable {
    public let capacity: Int
    private var values: [Double]
    private var head = 0
    public private(set) var count = 0
    private var total = 0.0
    private var pushed = 0
    // Indices (in push order) of candidates for max and min.
    private var maxima: [(index: Int, value: Double)] = []
    private var minima: [(index: Int, value: Double)] = []
    private var maxStart = 0
    private var minStart = 0

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        values = Array(repeating: 0, count: capacity)
    }

    public var isFull: Bool { count == capacity }
    public var sum: Double { total }
    public var mean: Double { count == 0 ? 0 : total / Double(count) }
    public var maximum: Double { maxima[maxStart].value }
    public var minimum: Double { minima[minStart].value }

    public mutating func append(_ value: Double) {
        if count == capacity {
            total -= values[head]
        } else {
            count += 1
        }
        values[head] = value
        head = (head + 1) % capacity
        total += value
        let index = pushed
        pushed += 1
        let oldest = pushed - capacity
        while maxima.count > maxStart, maxima[maxima.count - 1].value <= value { maxima.removeLast() }
        maxima.append((index, value))
        while maxima[maxStart].index < oldest { maxStart += 1 }
        while minima.count > minStart, minima[minima.count - 1].value >= value { minima.removeLast() }
        minima.append((index, value))
        while minima[minStart].index < oldest { minStart += 1 }
        // Reclaim the consumed front now and then so memory stays bounded.
        if maxStart > 4 * capacity { maxima.removeFirst(maxStart); maxStart = 0 }
        if minStart > 4 * capacity { minima.removeFirst(minStart); minStart = 0 }
        // A running sum drifts over millions of updates; rebuild it each lap.
        if head == 0 { total = values.reduce(0, +) }
    }
}
