import Foundation

/// One progression gate of DESIGN §2, with the trader's current value beside
/// the required one, so `gen-risk tier` can say exactly what is missing.
public struct GateResult: Sendable, Equatable, Codable {
    public var name: String
    public var current: String
    public var required: String
    public var passed: Bool
}

/// What the gates are judged on, read from the store as one snapshot.
public struct TierSnapshot: Sendable {
    public var account: Account
    public var state: TierState
    /// Realised profit or loss per UTC day since the tier started (days with trades only).
    public var dailyResults: [Int64: Decimal]
    /// Closed trades since the tier started, and how many made money.
    public var trades: Int
    public var wins: Int
    /// Times of risk-rule violations (`risk.violation` events).
    public var violations: [Timestamp]
    /// Times of stop-loss exits.
    public var stopLosses: [Timestamp]
    /// Times of override attempts (`behaviour.override_attempt` events).
    public var overrideAttempts: [Timestamp]
    /// The trader's first recorded activity: the behavioural baseline grows from it.
    public var firstActivity: Timestamp?
    /// Filled orders, and those within the latency and slippage budgets.
    public var ordersFilled: Int
    public var ordersWithinBudget: Int
    public var tiltScore: Int
    public var tiltDebt: Decimal

    public init(account: Account, state: TierState = TierState(), dailyResults: [Int64: Decimal] = [:], trades: Int = 0, wins: Int = 0,
                violations: [Timestamp] = [], stopLosses: [Timestamp] = [], overrideAttempts: [Timestamp] = [], firstActivity: Timestamp? = nil,
                ordersFilled: Int = 0, ordersWithinBudget: Int = 0, tiltScore: Int = 0, tiltDebt: Decimal = 0) {
        self.account = account
        self.state = state
        self.dailyResults = dailyResults
        self.trades = trades
        self.wins = wins
        self.violations = violations
        self.stopLosses = stopLosses
        self.overrideAttempts = overrideAttempts
        self.firstActivity = firstActivity
        self.ordersFilled = ordersFilled
        self.ordersWithinBudget = ordersWithinBudget
        self.tiltScore = tiltScore
        self.tiltDebt = tiltDebt
    }
}

/// The result of `gen-risk tier evaluate`: every gate toward the next tier.
public struct TierEvaluation: Sendable, Equatable, Codable {
    public var tier: Tier
    public var target: Tier?
    public var evaluatedAt: Timestamp
    public var gates: [GateResult]
    public var passed: Bool { target != nil && !gates.isEmpty && gates.allSatisfy(\.passed) }
}

extension TierEvaluation {
    /// What the next tier unlocks that this one does not (`gen-risk tier`, the control API).
    public func lockedFeatures(config: GenesisConfig) -> [String] {
        guard let target else { return [] }
        let now = config.tiers[tier], next = config.tiers[target]
        return next.orderTypes.filter { !now.orderTypes.contains($0) }.map { "order type \($0.rawValue)" }
            + next.algorithms.filter { !now.algorithms.contains($0) }.map { "algorithm \($0.rawValue)" }
            + next.strategies.filter { !now.strategies.contains($0) }.map { "strategy \($0)" }
            + (next.maxOpenPositions > now.maxOpenPositions ? ["\(next.maxOpenPositions) open positions"] : [])
    }
}
