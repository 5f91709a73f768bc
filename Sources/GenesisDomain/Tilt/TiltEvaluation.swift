import Foundation

/// What one tilt evaluation found and did.
public struct TiltEvaluation: Sendable {
    public var assessment: TiltAssessment
    public var previousLevel: TiltLevel
    public var lockoutStarted: Timestamp?
    public var debt: Decimal = 0

    public init(assessment: TiltAssessment, previousLevel: TiltLevel, lockoutStarted: Timestamp? = nil, debt: Decimal = 0) {
        self.assessment = assessment
        self.previousLevel = previousLevel
        self.lockoutStarted = lockoutStarted
        self.debt = debt
    }
}

/// What `gen-tilt journal` tells the trader.
public struct JournalOutcome: Sendable, Equatable {
    public var accepted: Bool
    public var message: String
    public var unlocked: Bool
    public var lockoutEndsAt: Timestamp?

    public init(accepted: Bool, message: String, unlocked: Bool, lockoutEndsAt: Timestamp? = nil) {
        self.accepted = accepted
        self.message = message
        self.unlocked = unlocked
        self.lockoutEndsAt = lockoutEndsAt
    }
}
