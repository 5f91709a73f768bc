import Foundation

/// Rolling statistics of two series observed together (x, y), over the last
/// `capacity` joint observations, each update in constant amortised time:
/// running sums over a ring, rebuilt exactly from the ring once per lap so
/// rounding cannot accumulate (as `RollingWindow` does).
///
/// - Returns correlation: Pearson's ρ of the `capacity − 1` first differences
///   (Δx, Δy) of consecutive observations.
/// - Regression: ordinary least squares y = α + β·x over the observations.
/// - Residuals e = y − α − β·x (the spread): their mean over the window is 0
///   by construction, their population standard deviation is
///   √((Syy − β·Sxy) / n) with centred sums, and the z-score of the newest
///   observation is e_newest / σ. One β for the whole window, so the z-score
///   is the one a two-pass computation over the same window would give.
/// - Mean reversion: the AR(1) coefficient of the residuals, φ = Σ e_t·e_{t−1}
///   / Σ e_{t−1}² over consecutive pairs in the window, and the half-life
///   ln ½ / ln φ in observations (0 when φ ≤ 0, infinite when φ ≥ 1).
///
/// Values are stored relative to the first observation ever seen (an anchor),
/// which leaves every statistic unchanged (α aside, which is reported in the
/// anchored frame) and keeps the sums small, away from cancellation.
public struct PairStatistics: Sendable {
    public let capacity: Int
    private var xs: [Double]
    private var ys: [Double]
    private var head = 0
    public private(set) var count = 0
    private var anchor: (x: Double, y: Double)?
    // Sums over the observations in the window.
    private var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
    // Sums over consecutive pairs (p, c) in the window: lagged products…
    private var cyPy = 0.0, cyPx = 0.0, cxPy = 0.0, cxPx = 0.0
    // …and the differences' moments.
    private var sdx = 0.0, sdy = 0.0, sdxx = 0.0, sdyy = 0.0, sdxy = 0.0

    public init(capacity: Int) {
        precondition(capacity >= 3)
        self.capacity = capacity
        xs = Array(repeating: 0, count: capacity)
        ys = Array(repeating: 0, count: capacity)
    }

    public var isFull: Bool { count == capacity }

    private func index(_ age: Int) -> Int { (head - 1 - age + 2 * capacity) % capacity } // age 0 = newest

    public mutating func append(x rawX: Double, y rawY: Double) {
        if anchor == nil { anchor = (rawX, rawY) }
        let x = rawX - anchor!.x, y = rawY - anchor!.y
        if count == capacity {
            let oldest = head, second = (head + 1) % capacity
            remove(point: xs[oldest], ys[oldest])
            pair(px: xs[oldest], py: ys[oldest], cx: xs[second], cy: ys[second], sign: -1)
        }
        if count > 0 {
            let newest = index(0)
            pair(px: xs[newest], py: ys[newest], cx: x, cy: y, sign: 1)
        }
        sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y
        xs[head] = x
        ys[head] = y
        head = (head + 1) % capacity
        count = min(count + 1, capacity)
        if head == 0 { recompute() }
    }

    private mutating func remove(point x: Double, _ y: Double) {
        sx -= x; sy -= y; sxx -= x * x; syy -= y * y; sxy -= x * y
    }

    private mutating func pair(px: Double, py: Double, cx: Double, cy: Double, sign: Double) {
        cyPy += sign * cy * py; cyPx += sign * cy * px; cxPy += sign * cx * py; cxPx += sign * cx * px
        let dx = cx - px, dy = cy - py
        sdx += sign * dx; sdy += sign * dy; sdxx += sign * dx * dx; sdyy += sign * dy * dy; sdxy += sign * dx * dy
    }

    private mutating func recompute() {
        sx = 0; sy = 0; sxx = 0; syy = 0; sxy = 0
        cyPy = 0; cyPx = 0; cxPy = 0; cxPx = 0
        sdx = 0; sdy = 0; sdxx = 0; sdyy = 0; sdxy = 0
        for age in stride(from: count - 1, through: 0, by: -1) {
            let i = index(age)
            sx += xs[i]; sy += ys[i]; sxx += xs[i] * xs[i]; syy += ys[i] * ys[i]; sxy += xs[i] * ys[i]
            if age < count - 1 {
                let p = index(age + 1)
                pair(px: xs[p], py: ys[p], cx: xs[i], cy: ys[i], sign: 1)
            }
        }
    }

    /// Everything at once, once the window is full; nil before, or when x
    /// does not vary (no regression) or the residuals are all zero.
    public struct Reading: Sendable, Equatable {
        public var correlation: Double?
        public var beta: Double
        public var alpha: Double
        public var residual: Double
        public var residualDeviation: Double
        public var zScore: Double
        public var autoregression: Double
        public var halfLife: Double
    }

    public var reading: Reading? {
        guard isFull else { return nil }
        let n = Double(count)
        let cxx = sxx - sx * sx / n, cyy = syy - sy * sy / n, cxy = sxy - sx * sy / n
        guard cxx > 0 else { return nil }
        let beta = cxy / cxx
        let alpha = (sy - beta * sx) / n
        let variance = max((cyy - beta * cxy) / n, 0)
        let deviation = variance.squareRoot()
        let newest = index(0), oldest = index(count - 1)
        let residual = ys[newest] - alpha - beta * xs[newest]
        guard deviation > 0 else { return nil }
        // Returns correlation over the n − 1 differences.
        let k = n - 1
        let vdx = sdxx - sdx * sdx / k, vdy = sdyy - sdy * sdy / k, cd = sdxy - sdx * sdy / k
        let correlation = vdx > 0 && vdy > 0 ? cd / (vdx * vdy).squareRoot() : nil
        // AR(1) of the residuals over the consecutive pairs.
        let px = sx - xs[newest], py = sy - ys[newest], cx = sx - xs[oldest], cy = sy - ys[oldest]
        let pxx = sxx - xs[newest] * xs[newest], pyy = syy - ys[newest] * ys[newest], pxy = sxy - xs[newest] * ys[newest]
        let lagged = cyPy - beta * (cyPx + cxPy) + beta * beta * cxPx - alpha * (cy - beta * cx + py - beta * px) + k * alpha * alpha
        let previous = pyy - 2 * beta * pxy + beta * beta * pxx - 2 * alpha * (py - beta * px) + k * alpha * alpha
        let phi = previous > 0 ? lagged / previous : 1
        let halfLife = phi <= 0 ? 0 : phi < 1 ? log(0.5) / log(phi) : .infinity
        return Reading(correlation: correlation, beta: beta, alpha: alpha, residual: residual, residualDeviation: deviation,
                       zScore: residual / deviation, autoregression: phi, halfLife: halfLife)
    }
}
