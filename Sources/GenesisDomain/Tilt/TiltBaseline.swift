import Foundation

/// The trader's own normal, learned from their last `baselineDays` (30) days
/// (DESIGN §4, `gen-tilt baseline`). Stored as JSON; the caller re-learns it
/// when `needsRefresh` says so, which keeps it a rolling picture refreshed
/// every `baselineRefreshDays` (7).
///
/// Each metric's normal band is [P25 − 1.5·IQR, P75 + 1.5·IQR] of its
/// samples; hourly metrics get a band per hour of day (UTC) where that hour
/// has at least `baselineMinimumSamplesPerHour` (10) samples, and fall back
/// to the all-hours band elsewhere. The metrics and their samples:
///
/// - **trades per hour**: one sample per *active clock hour* of the window —
///   an hour (UTC, on the hour) holding at least one trade entry or order
///   placement — whose value is the number of entries plus placements in it.
///   Quiet hours are not samples, so the band describes the pace of trading
///   when the trader trades, which is what "chasing" and "paralysis" are
///   measured against.
/// - **usual hours**: the hours of day (UTC) holding at least
///   `usualHourMinimumShare` (5%) of the manual actions of the window. With
///   fewer than `baselineMinimumSamplesPerHour` manual actions in all, the
///   usual hours are unknown (nil) and off-hours trading cannot be judged:
///   too few actions say nothing about a routine.
/// - **cancel rate**: one sample per UTC day with at least one order placed:
///   the share of that day's orders cancelled within `cancelWithinSeconds`.
///   A daily share has no hour of day, so this band is all-hours only.
/// - **typical size**: one sample per trade entry, its notional (as `Double`:
///   statistics, not money), banded by the hour of day of the entry.
public struct TiltBaseline: Codable, Sendable, Equatable {
    /// An hour of day counts as usual once it holds this share of the
    /// window's manual actions. Not (yet) a configuration key: DESIGN names no
    /// figure; 5% is a little more than an even spread (1/24 ≈ 4.2%), so an
    /// hour is usual when the trader acts in it more than at random.
    public static let usualHourMinimumShare = 0.05

    /// When it was learned; `needsRefresh` ages it from here.
    public var learnedAt: Timestamp
    /// The history's first activity at learning time.
    public var firstActivity: Timestamp?
    /// The history spans at least `baselineDays`: only then do the
    /// baseline-dependent indicators act (DESIGN §4, first 30 days).
    public var established: Bool
    public var tradesPerHour: HourlyBands
    /// Usual hours of day (UTC, 0–23, ascending), nil while unknown.
    public var usualHours: [Int]?
    /// How many manual actions the usual hours were learned from.
    public var manualActions: Int
    public var cancelRate: Band?
    public var typicalSize: HourlyBands

    public init(learnedAt: Timestamp, firstActivity: Timestamp?, established: Bool, tradesPerHour: HourlyBands = HourlyBands(),
                usualHours: [Int]? = nil, manualActions: Int = 0, cancelRate: Band? = nil, typicalSize: HourlyBands = HourlyBands()) {
        self.learnedAt = learnedAt
        self.firstActivity = firstActivity
        self.established = established
        self.tradesPerHour = tradesPerHour
        self.usualHours = usualHours
        self.manualActions = manualActions
        self.cancelRate = cancelRate
        self.typicalSize = typicalSize
    }

    // MARK: Learning

    /// Learns the baseline from the history's last `baselineDays` before
    /// `now` (evidence after `now` is ignored, so a replay learns exactly what
    /// a live run would have).
    public static func learn(from history: TiltHistory, now: Timestamp, config: GenesisConfig.Tilt) -> TiltBaseline {
        let start = now.adding(milliseconds: -Int64(config.baselineDays) * Timestamp.millisecondsPerDay)
        let inWindow = { (time: Timestamp) in time >= start && time <= now }
        let first = history.firstActivity
        let established = first.map { $0 <= start } ?? false

        // Trades per hour: counts per active clock hour.
        var perClockHour: [Int64: Int] = [:]
        for time in history.activityTimes(at: now) where inWindow(time) {
            perClockHour[time.tiltEpochHour, default: 0] += 1
        }
        let hourSamples = perClockHour.map { (hourOfDay: Int(($0.key % 24 + 24) % 24), value: Double($0.value)) }
        let tradesPerHour = HourlyBands(samples: hourSamples, minimumPerHour: config.baselineMinimumSamplesPerHour)

        // Usual hours: hour-of-day histogram of manual actions.
        var histogram = [Int](repeating: 0, count: 24)
        let manual = history.events(at: now).filter { $0.kind.isManual && inWindow($0.at) }
        for event in manual { histogram[event.at.tiltHourOfDay] += 1 }
        var usualHours: [Int]?
        if manual.count >= config.baselineMinimumSamplesPerHour {
            usualHours = (0..<24).filter { Double(histogram[$0]) >= usualHourMinimumShare * Double(manual.count) }
        }

        // Cancel rate: one share per UTC day with orders.
        var perDay: [Int64: (placed: Int, quick: Int)] = [:]
        for order in history.placedOrders(at: now) where inWindow(order.placedAt) {
            let quick = TiltIndicators.isQuickCancel(order, now: now, config: config)
            perDay[order.placedAt.utcDay, default: (0, 0)].placed += 1
            if quick { perDay[order.placedAt.utcDay, default: (0, 0)].quick += 1 }
        }
        let cancelRate = Band(samples: perDay.values.map { Double($0.quick) / Double($0.placed) })

        // Typical size: entry notionals by the hour of day of the entry.
        let sizes = history.entries(at: now).filter { inWindow($0.openedAt) }
            .map { (hourOfDay: $0.openedAt.tiltHourOfDay, value: $0.notional.approximateDouble) }
        let typicalSize = HourlyBands(samples: sizes, minimumPerHour: config.baselineMinimumSamplesPerHour)

        return TiltBaseline(learnedAt: now, firstActivity: first, established: established, tradesPerHour: tradesPerHour,
                            usualHours: usualHours, manualActions: manual.count, cancelRate: cancelRate, typicalSize: typicalSize)
    }

    /// True when the caller should learn a fresh baseline: it is at least
    /// `baselineRefreshDays` old (or from the future, as after a replay
    /// rewound the clock), or it was learned before the history was
    /// `baselineDays` long and by now it would be established.
    public func needsRefresh(now: Timestamp, config: GenesisConfig.Tilt) -> Bool {
        let refreshAge = Int64(config.baselineRefreshDays) * Timestamp.millisecondsPerDay
        if now < learnedAt || now.milliseconds - learnedAt.milliseconds >= refreshAge { return true }
        if !established, let first = firstActivity,
           first.milliseconds <= now.milliseconds - Int64(config.baselineDays) * Timestamp.millisecondsPerDay {
            return true
        }
        return false
    }

    // MARK: Bands

    /// A metric's normal band: [P25 − 1.5·IQR, P75 + 1.5·IQR] of its samples.
    public struct Band: Codable, Sendable, Equatable {
        /// Tukey's fences: 1.5 interquartile ranges beyond the quartiles (DESIGN §4).
        public static let fenceIQRs = 1.5
        /// When the samples have no spread at all (IQR 0), distances are
        /// measured in this share of the median instead, or in units of 1 when
        /// the median is 0 too, so identical samples still give a finite,
        /// growing severity.
        public static let flatSpreadShareOfMedian = 0.1

        public var low: Double
        public var high: Double
        public var iqr: Double
        public var p25: Double
        public var median: Double
        public var p75: Double
        public var samples: Int

        public init(low: Double, high: Double, iqr: Double, p25: Double, median: Double, p75: Double, samples: Int) {
            self.low = low
            self.high = high
            self.iqr = iqr
            self.p25 = p25
            self.median = median
            self.p75 = p75
            self.samples = samples
        }

        /// The band of `samples`, or nil when there are none.
        public init?(samples values: [Double]) {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            let p25 = TiltBaseline.percentile(25, ofSorted: sorted)
            let median = TiltBaseline.percentile(50, ofSorted: sorted)
            let p75 = TiltBaseline.percentile(75, ofSorted: sorted)
            let iqr = p75 - p25
            self.init(low: p25 - Self.fenceIQRs * iqr, high: p75 + Self.fenceIQRs * iqr, iqr: iqr, p25: p25, median: median, p75: p75,
                      samples: values.count)
        }

        /// The unit distances are measured in: the IQR, or its floor when flat.
        public var spread: Double {
            if iqr > 0 { return iqr }
            let floor = Self.flatSpreadShareOfMedian * abs(median)
            return floor > 0 ? floor : 1
        }

        public func contains(_ value: Double) -> Bool { value >= low && value <= high }

        /// 0 inside the band; outside, the distance to the nearer edge in IQRs
        /// (DESIGN: "severity grows with its distance in IQRs").
        public func severity(of value: Double) -> Double {
            if value > high { return (value - high) / spread }
            if value < low { return (low - value) / spread }
            return 0
        }
    }

    /// A band per hour of day (UTC) where that hour had enough samples, and
    /// the all-hours band for the rest.
    public struct HourlyBands: Codable, Sendable, Equatable {
        public var overall: Band?
        public var byHour: [Int: Band]

        public init(overall: Band? = nil, byHour: [Int: Band] = [:]) {
            self.overall = overall
            self.byHour = byHour
        }

        init(samples: [(hourOfDay: Int, value: Double)], minimumPerHour: Int) {
            overall = Band(samples: samples.map(\.value))
            var grouped: [Int: [Double]] = [:]
            for sample in samples { grouped[sample.hourOfDay, default: []].append(sample.value) }
            byHour = grouped.filter { $0.value.count >= minimumPerHour }.compactMapValues { Band(samples: $0) }
        }

        /// The band for `hour` of day: its own when learned, else the all-hours one.
        public func band(atHour hour: Int) -> Band? { byHour[hour] ?? overall }
    }

    // MARK: Percentiles

    /// The `p`-th percentile (0–100) of ascending `sorted` values by linear
    /// interpolation between closest ranks: rank r = p/100 · (n − 1) counted
    /// from 0, value = x[⌊r⌋] + (r − ⌊r⌋)·(x[⌊r⌋+1] − x[⌊r⌋]). This is the
    /// common default (numpy, R type 7, spreadsheets' PERCENTILE.INC), so a
    /// trader can check a band by hand. Nil-free: an empty input gives 0.
    public static func percentile(_ p: Double, ofSorted sorted: [Double]) -> Double {
        guard let first = sorted.first else { return 0 }
        guard sorted.count > 1 else { return first }
        let rank = min(max(p, 0), 100) / 100 * Double(sorted.count - 1)
        let lower = Int(rank.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (rank - Double(lower)) * (sorted[upper] - sorted[lower])
    }

    // MARK: Coding (Timestamp travels as epoch milliseconds)

    enum CodingKeys: String, CodingKey {
        case learnedAt, firstActivity, established, tradesPerHour, usualHours, manualActions, cancelRate, typicalSize
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        learnedAt = Timestamp(milliseconds: try container.decode(Int64.self, forKey: .learnedAt))
        firstActivity = try container.decodeIfPresent(Int64.self, forKey: .firstActivity).map(Timestamp.init(milliseconds:))
        established = try container.decode(Bool.self, forKey: .established)
        tradesPerHour = try container.decode(HourlyBands.self, forKey: .tradesPerHour)
        usualHours = try container.decodeIfPresent([Int].self, forKey: .usualHours)
        manualActions = try container.decode(Int.self, forKey: .manualActions)
        cancelRate = try container.decodeIfPresent(Band.self, forKey: .cancelRate)
        typicalSize = try container.decode(HourlyBands.self, forKey: .typicalSize)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(learnedAt.milliseconds, forKey: .learnedAt)
        try container.encode(firstActivity?.milliseconds, forKey: .firstActivity)
        try container.encode(established, forKey: .established)
        try container.encode(tradesPerHour, forKey: .tradesPerHour)
        try container.encode(usualHours, forKey: .usualHours)
        try container.encode(manualActions, forKey: .manualActions)
        try container.encode(cancelRate, forKey: .cancelRate)
        try container.encode(typicalSize, forKey: .typicalSize)
    }
}
