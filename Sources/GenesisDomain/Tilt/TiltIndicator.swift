import Foundation

/// The behavioural indicators of DESIGN §4. Each one, when it trips, adds its
/// configured weight (`GenesisConfig.TiltWeights`) to the tilt score.
public enum TiltIndicator: String, CaseIterable, Codable, Sendable {
    case lossStreak = "loss_streak"
    case revengeEntry = "revenge_entry"
    case sizeEscalation = "size_escalation"
    case frequencyDeviation = "frequency_deviation"
    case cancelRate = "cancel_rate"
    case bargaining = "bargaining"
    case manualOverride = "manual_override"
    case configThrashing = "config_thrashing"
    case offHours = "off_hours"
    case impulsiveReaction = "impulsive_reaction"
    case rageRestarts = "rage_restarts"

    /// What an indicator does in the first `baselineDays` (30), before the
    /// trader's own normal is learned.
    public enum WarmUp: Sendable, Equatable {
        /// A fixed threshold on the trader's own actions: it acts from day one.
        case acts
        /// Compared with the learned normal later; an absolute rule meanwhile.
        case absoluteRule
        /// Measured against the learned normal only: silent until there is one.
        case waits
    }

    /// DESIGN §4 said "during the first 30 days only the absolute rules
    /// (loss streak, revenge entry, cancel rate) act", yet the other rules on
    /// the trader's own actions are fixed thresholds too; we decided they act
    /// from the first day, and the footnote says so (`warmUpNote`):
    /// - act: loss streak, revenge entry, cancel rate, bargaining, manual
    ///   override, config thrashing, impulsive reaction, rage restarts;
    /// - trading pace: an absolute rule (more than `warmUpEntriesPerHour`
    ///   manual entries in an hour) until the usual pace is learned, so a new
    ///   trader's burst of entries is not invisible;
    /// - wait: off-hours trading (usual hours) and size escalation ("typical
    ///   size" is a learned band, and a sizing habit cannot be called an
    ///   escalation before the trader has one).
    public var warmUp: WarmUp {
        switch self {
        case .frequencyDeviation: .absoluteRule
        case .offHours, .sizeEscalation: .waits
        default: .acts
        }
    }

    /// Silent until the baseline is established.
    public var needsBaseline: Bool { warmUp == .waits }

    /// The footnote of `gen-tilt status` and `gen-tilt baseline` while the
    /// baseline is young, built from `warmUp` so it cannot drift from what
    /// the detector does.
    public static func warmUpNote(config: GenesisConfig.Tilt) -> String {
        let waiting = allCases.filter { $0.warmUp == .waits }.map { $0.title.lowercased() }
        let acting = allCases.filter { $0.warmUp == .acts }.count
        return "the baseline needs \(config.baselineDays) days of history; until then \(waiting.joined(separator: " and ")) wait for it, "
            + "trading pace counts more than \(config.warmUpEntriesPerHour) manual entries an hour, and the other \(acting) indicators act as usual"
    }

    /// Plain-words name for `gen-tilt status`.
    public var title: String {
        switch self {
        case .lossStreak: "Loss streak"
        case .revengeEntry: "Quick re-entry after a loss"
        case .sizeEscalation: "Size escalation"
        case .frequencyDeviation: "Trading pace"
        case .cancelRate: "Quick cancels"
        case .bargaining: "Repeated order changes"
        case .manualOverride: "Manual overrides"
        case .configThrashing: "Frequent settings changes"
        case .offHours: "Activity outside usual hours"
        case .impulsiveReaction: "Immediate reaction to a loss"
        case .rageRestarts: "Repeated halts and restarts"
        }
    }
}

/// One trip of an indicator: its points before decay, when it tripped (the
/// time its decay is measured from) and the evidence, a sentence with the
/// figures so the trader can check it against their own records.
public struct IndicatorReading: Sendable, Equatable {
    public var indicator: TiltIndicator
    /// Points at the moment it tripped, before decay.
    public var points: Double
    public var at: Timestamp
    public var evidence: String

    public init(indicator: TiltIndicator, points: Double, at: Timestamp, evidence: String) {
        self.indicator = indicator
        self.points = points
        self.at = at
        self.evidence = evidence
    }
}

// MARK: Clock helpers for the detector's evidence and buckets

extension Timestamp {
    static let tiltMillisecondsPerHour: Int64 = 3_600_000

    /// The clock hour since the epoch (UTC), floor division.
    var tiltEpochHour: Int64 {
        let hour = Self.tiltMillisecondsPerHour
        return milliseconds >= 0 ? milliseconds / hour : (milliseconds - hour + 1) / hour
    }

    /// Hour of day, UTC, 0–23.
    var tiltHourOfDay: Int { Int(((tiltEpochHour % 24) + 24) % 24) }

    /// "14:05:07 UTC" on the same UTC day as `now`, else "2024-03-01 14:05:07 UTC".
    func tiltClockText(now: Timestamp) -> String {
        let text = iso8601
        let clock = String(text.dropFirst(11).prefix(8))
        return utcDay == now.utcDay ? "\(clock) UTC" : "\(utcDate) \(clock) UTC"
    }
}

extension Double {
    /// A figure for a sentence: whole numbers without a fraction, else one decimal.
    var tiltText: String {
        let rounded = (self * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}
