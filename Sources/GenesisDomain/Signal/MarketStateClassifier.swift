import Foundation

/// The market's condition for one symbol (DESIGN §7), which scales position
/// sizes and gates the strategies.
public enum MarketState: String, Sendable, CaseIterable {
    case dead = "DEAD"
    case normal = "NORMAL"
    case volatile = "VOLATILE"
    case panic = "PANIC"
    case maintenance = "MAINTENANCE"

    /// What a position size is multiplied by in this state (exact: it scales
    /// quantities).
    public var sizeMultiplier: Decimal {
        switch self {
        case .dead: Decimal(string: "0.5")!
        case .normal: 1
        case .volatile: Decimal(string: "0.75")!
        case .panic: Decimal(string: "0.25")!
        case .maintenance: 0
        }
    }

    /// Whether a strategy (by its configuration name) may open trades in this
    /// state: NORMAL all; VOLATILE arbitrage and momentum; PANIC arbitrage
    /// only; DEAD and MAINTENANCE none.
    public func allows(strategy: String) -> Bool {
        switch self {
        case .normal: true
        case .volatile: strategy == "simple_arbitrage" || strategy == MomentumBreakout.name
        case .panic: strategy == "simple_arbitrage"
        case .dead, .maintenance: false
        }
    }
}

/// Classifies one symbol's bars into a `MarketState` (DESIGN §7), with constant
/// work per bar apart from an O(lookback) ATR rank (lookback is a small
/// constant, 100 by default).
///
/// - ATR is Wilder's ATR(`atrPeriod`) (`DirectionalMovement`).
/// - ATR percentile: the share (0...1) of the previous `lookback` ATR values
///   that are strictly below the current ATR. The current one is not in its
///   own history, so a new high reads 1.0 and a new low 0.0.
/// - Volume z-score: (volume − mean) / sample standard deviation of the
///   previous `lookback` volumes (the current bar excluded); 0 when those
///   volumes have no spread at all.
/// - Rules, first match wins, in DESIGN order: MAINTENANCE (from the exchange's
///   system status, an input); PANIC when z > panicVolumeZScore and
///   percentile > panicATRPercentile; DEAD when volume < deadVolumeShare ×
///   mean volume and percentile < deadATRPercentile; VOLATILE when
///   percentile > volatileATRPercentile; else NORMAL.
/// - Warm-up: NORMAL until the history holds `lookback` ATR values, that is
///   for the first `atrPeriod + lookback` bars; the figures reported meanwhile
///   are over the history so far.
/// - DESIGN's "correlation spike across pairs" for PANIC needs every symbol at
///   once: `SignalStage` checks it (`CrossCorrelation`) and, when it has a
///   cross-pair figure that shows no spike, replaces PANIC by
///   `Reading.panicFallback`, the state the later rules give.
public struct MarketStateClassifier: Sendable {
    /// One bar's classification.
    public struct Reading: Sendable, Equatable {
        public var state: MarketState
        public var atrPercentile: Double
        public var volumeZScore: Double
        /// For a PANIC reading: the state the later rules give when the
        /// cross-pair correlation spike does not confirm it.
        public var panicFallback: MarketState?
        /// The average pairwise correlation across the interval's symbols,
        /// when the stage has one (written as `cross_correlation`).
        public var crossCorrelation: Double?

        public init(state: MarketState, atrPercentile: Double, volumeZScore: Double, panicFallback: MarketState? = nil, crossCorrelation: Double? = nil) {
            self.state = state
            self.atrPercentile = atrPercentile
            self.volumeZScore = volumeZScore
            self.panicFallback = panicFallback
            self.crossCorrelation = crossCorrelation
        }

        /// The `market_state` line for this reading.
        public func encoded(symbol: String, interval: String, ts: Timestamp) -> [UInt8] {
            var line = JSONLineBuilder(type: .marketState, ts: ts)
            line.field("symbol", symbol)
            line.field("interval", interval)
            line.field("state", state.rawValue)
            line.field("atr_percentile", approximate: atrPercentile, places: 4)
            line.field("volume_zscore", approximate: volumeZScore, places: 4)
            // Rounded first so a figure like −1e−17 reads 0.0000, not −0.0000.
            if let crossCorrelation { line.field("cross_correlation", approximate: (crossCorrelation * 10_000).rounded() / 10_000 + 0.0, places: 4) }
            return line.finishBytes()
        }
    }

    public let lookback: Int
    let panicVolumeZScore: Double
    let panicATRPercentile: Double
    let deadVolumeShare: Double
    let deadATRPercentile: Double
    let volatileATRPercentile: Double
    private var movement: DirectionalMovement
    /// The last `lookback` ATR values, a ring.
    private var atrs: [Double]
    private var atrHead = 0
    private var atrCount = 0
    private var volumes: RollingMoments
    /// The latest reading (NORMAL before any bar).
    public private(set) var last = Reading(state: .normal, atrPercentile: 0, volumeZScore: 0)

    public init(settings: GenesisConfig.MarketState) {
        precondition(settings.lookback >= 2)
        lookback = settings.lookback
        panicVolumeZScore = settings.panicVolumeZScore.value.approximateDouble
        panicATRPercentile = settings.panicATRPercentile.value.approximateDouble
        deadVolumeShare = settings.deadVolumeShare.value.approximateDouble
        deadATRPercentile = settings.deadATRPercentile.value.approximateDouble
        volatileATRPercentile = settings.volatileATRPercentile.value.approximateDouble
        movement = DirectionalMovement(period: settings.atrPeriod)
        atrs = Array(repeating: 0, count: settings.lookback)
        volumes = RollingMoments(capacity: settings.lookback)
    }

    /// Feeds one bar with the exchange running normally.
    @discardableResult
    public mutating func update(_ bar: Bar) -> Reading { classify(bar, maintenance: false) }

    /// Feeds one bar; `maintenance` (the exchange's system status) wins over
    /// every other rule, but the bar still feeds the statistics.
    @discardableResult
    public mutating func classify(_ bar: Bar, maintenance: Bool) -> Reading {
        movement.update(high: bar.high, low: bar.low, close: bar.close)
        let atr = movement.atr
        var percentile = 0.0
        if let atr, atrCount > 0 {
            var below = 0
            for index in 0..<atrCount where atrs[index] < atr { below += 1 }
            percentile = Double(below) / Double(atrCount)
        }
        let mean = volumes.mean
        let spread = volumes.sampleVariance.squareRoot()
        let zScore = volumes.count >= 2 && spread > 0 ? (bar.volume - mean) / spread : 0
        let warm = atrCount == lookback && volumes.isFull

        // The rules after PANIC, also the fallback of an unconfirmed PANIC.
        let later: MarketState = bar.volume < deadVolumeShare * mean && percentile < deadATRPercentile ? .dead
            : percentile > volatileATRPercentile ? .volatile
            : .normal
        let state: MarketState
        var fallback: MarketState?
        if maintenance {
            state = .maintenance
        } else if !warm {
            state = .normal
        } else if zScore > panicVolumeZScore && percentile > panicATRPercentile {
            state = .panic
            fallback = later
        } else {
            state = later
        }

        if let atr {
            atrs[atrHead] = atr
            atrHead = (atrHead + 1) % lookback
            atrCount = min(atrCount + 1, lookback)
        }
        volumes.append(bar.volume)
        last = Reading(state: state, atrPercentile: percentile, volumeZScore: zScore, panicFallback: fallback)
        return last
    }
}
