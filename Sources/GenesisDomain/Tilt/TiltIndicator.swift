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

    /// Whether the indicator compares the trader with their own learned
    /// normal, and so stays silent until the baseline is established.
    ///
    /// DESIGN §4: "During the first 30 days only the absolute rules (loss
    /// streak, revenge entry, cancel rate) act." Our reading: the rules that
    /// need no learned normal are the absolute ones. Loss streak, revenge
    /// entry and cancel rate are named; bargaining, manual override, config
    /// thrashing, impulsive reaction and rage restarts are fixed thresholds on
    /// the trader's own actions too, so they act from the first day.
    /// Frequency deviation (trades per hour) and off-hours trading (usual
    /// hours) are measured against the baseline and wait for it. Size
    /// escalation waits as well: "typical size" is one of the four learned
    /// baselines, its severity comes from that band, and a sizing habit
    /// cannot be called an escalation before the trader has one.
    public var needsBaseline: Bool {
        switch self {
        case .frequencyDeviation, .offHours, .sizeEscalation: true
        default: false
        }
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
