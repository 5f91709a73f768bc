import Foundation

/// What the tier state machine remembers between commands (DESIGN §2), one per
/// session. It is stored with the account, so no restart — of a command or of
/// the machine — clears an adjustment period, an emergency, an override or
/// the re-advancement floor.
public struct TierState: Codable, Sendable, Equatable {
    /// The ramp after a promotion: four equal phases at rising position limits.
    public struct Adjustment: Codable, Sendable, Equatable {
        public var tier: Tier
        public var startedAt: Timestamp
        public var endsAt: Timestamp
        /// Tilt interventions counted during the period; past the limit it is extended.
        public var interventions: Int = 0
        public var extended: Bool = false
    }

    public var adjustment: Adjustment?
    /// The last emergency demotion: emergency limits until the next UTC day,
    /// then the four-day ramp back to full size.
    public var emergencyAt: Timestamp?
    /// Set by an emergency; a journal entry accepted after it clears it.
    public var journalRequired = false
    /// The last demotion, which starts the 30-day floor before re-advancement.
    public var demotedAt: Timestamp?
    /// Since when the balance has been below the tier's floor (nil when it is not).
    public var belowFloorSince: Timestamp?
    /// The highest realised balance since the last emergency demotion (its
    /// stored name is older than the rule): total drawdown is measured from
    /// it, so one drawdown demotes once.
    public var peakSinceDemotion: Decimal?

    /// The peak every drawdown is measured from: the highest realised
    /// balance since the last emergency (the account's peak before any). An
    /// emergency starts it afresh at the equity it struck at, so the account
    /// can trade its way back through the cooldown and the ramp instead of
    /// being refused until it regains a peak it can no longer trade toward;
    /// an ordinary demotion (three stop-losses, a tilt score) leaves it, so
    /// the drawdown limit is not restarted by being demoted for something else.
    public func drawdownPeak(_ account: Account) -> Decimal { peakSinceDemotion ?? account.peakBalance }
    /// The staged-deleveraging step already taken today (0 = none).
    public var deleveragedDay: Int64?
    public var deleveragedStage = 0
    /// An emergency-halt override in force until this time.
    /// The UTC day on which the day's loss went past the tier's limit (one violation a day).
    public var dailyLimitBreachedDay: Int64?
    public var overrideUntil: Timestamp?
    public var overridesDay: Int64?
    public var overridesThatDay = 0

    public init() {}

    /// The phase (0…3) of the adjustment period at `now`, or nil outside it.
    public func adjustmentPhase(at now: Timestamp) -> Int? {
        guard let adjustment, now >= adjustment.startedAt, now < adjustment.endsAt else { return nil }
        let length = adjustment.endsAt.milliseconds - adjustment.startedAt.milliseconds
        guard length > 0 else { return nil }
        return min(3, Int((now.milliseconds - adjustment.startedAt.milliseconds) * 4 / length))
    }

    /// Whole UTC days since the emergency (0 on its own day), or nil.
    public func daysSinceEmergency(at now: Timestamp) -> Int64? {
        emergencyAt.map { now.utcDay - $0.utcDay }
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> TierState {
        do {
            return try JSONDecoder().decode(TierState.self, from: Data(text.utf8))
        } catch {
            throw GenesisError.internalError("the stored tier state cannot be read: \(error)")
        }
    }
}

extension Timestamp: Codable {
    public init(from decoder: Decoder) throws {
        self.init(milliseconds: try decoder.singleValueContainer().decode(Int64.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(milliseconds)
    }
}
