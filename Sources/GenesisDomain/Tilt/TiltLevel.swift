import Foundation

/// The four tilt levels of DESIGN §4, from the configured score thresholds.
public enum TiltLevel: String, Sendable, CaseIterable, Codable, Comparable {
    case normal = "NORMAL"
    case caution = "CAUTION"
    case warning = "WARNING"
    case locked = "LOCKED"

    /// The level of an integer tilt score (DESIGN §4): NORMAL below `cautionAt`
    /// (30), CAUTION below `warningAt` (60), WARNING below `lockedAt` (80),
    /// LOCKED from there up. Each threshold belongs to the higher level.
    public init(score: Int, config: GenesisConfig.Tilt) {
        if score >= config.lockedAt {
            self = .locked
        } else if score >= config.warningAt {
            self = .warning
        } else if score >= config.cautionAt {
            self = .caution
        } else {
            self = .normal
        }
    }

    /// Severity order: NORMAL < CAUTION < WARNING < LOCKED, so `max` picks the
    /// stricter of two levels.
    public static func < (a: TiltLevel, b: TiltLevel) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .normal: 0
        case .caution: 1
        case .warning: 2
        case .locked: 3
        }
    }

    /// One calm sentence for the trader. It speaks of recent performance and
    /// what changes, never of the trader's character (DESIGN §4).
    public var message: String {
        switch self {
        case .normal:
            "Trading is within your usual patterns; carry on with the plan."
        case .caution:
            "Recent trading has moved away from your usual patterns, so this is a good moment to slow down and check each trade against the plan."
        case .warning:
            "Recent performance calls for a lighter touch: position sizes are halved and each manual trade needs a stated reason until the score eases."
        case .locked:
            "New entries are paused while the score is high (exits still go through); once the lockout has ended, a journal entry with `gen-tilt journal` lifts it."
        }
    }
}
