import Foundation

/// Why a tier went down (DESIGN §2 "Demotion triggers").
public enum DemotionTrigger: String, Sendable, CaseIterable, Codable {
    case dailyLoss = "daily_loss"
    case drawdown = "total_drawdown"
    case belowFloor = "below_floor"
    case stopLosses = "stop_losses"
    case tilt = "tilt"
    case violations = "violations"
    case overrides = "override_attempts"
    case manual = "manual"

    /// The daily loss and the total drawdown are emergencies: straight to
    /// SNIPER, with positions closed and emergency limits.
    public var isEmergency: Bool { self == .dailyLoss || self == .drawdown }
}

/// A refusal by the tier state machine, in one calm sentence.
public enum TierError: Error, Sendable, Equatable, CustomStringConvertible {
    case wrongPhrase(expected: String)
    case gatesNotPassed([String])
    case topTier
    case noReason
    case noEmergency
    case overridesUsed(Int)

    public var description: String {
        switch self {
        case let .wrongPhrase(expected): "The confirmation must be typed exactly as \"\(expected)\"; nothing was changed."
        case let .gatesNotPassed(gates): "Promotion needs every gate passed today; still open: \(gates.joined(separator: ", ")). `gen-risk tier` shows the figures."
        case .topTier: "ARCHITECT is the highest tier; there is nothing to promote to."
        case .noReason: "Give a reason of at least a few words with --reason; it goes into the audit trail."
        case .noEmergency: "There is no emergency halt in force to override."
        case let .overridesUsed(count): "The \(count) overrides allowed today are used; the emergency halt holds until tomorrow (UTC)."
        }
    }
}

/// A tier change decided by the machine, applied by the store in one transaction.
public struct TierChange: Sendable, Equatable {
    public var from: Tier
    public var to: Tier
    public var reason: String
    public var trigger: DemotionTrigger?
    public var at: Timestamp
    public var isPromotion: Bool { to > from }
    public var isEmergency: Bool { trigger?.isEmergency ?? false }
}

/// The tier state machine of DESIGN §2: the only code that changes a tier.
/// Pure: it takes a snapshot and returns decisions; the store applies them.
public struct TierMachine: Sendable {
    public let config: GenesisConfig

    public init(config: GenesisConfig) { self.config = config }

    public static let day: Int64 = Timestamp.millisecondsPerDay

    // MARK: Gates

    /// Every gate toward the next tier, with current and required values.
    public func evaluate(_ snapshot: TierSnapshot, now: Timestamp) -> TierEvaluation {
        let tier = snapshot.account.tier
        guard let target = Tier.allCases.first(where: { $0 > tier }) else {
            return TierEvaluation(tier: tier, target: nil, evaluatedAt: now, gates: [])
        }
        let rules = config.tiers[target]
        let gates = rules.promotion ?? GenesisConfig.PromotionGates(minimumWinRate: 0, minimumTrades: 0, baselineDays: 0, adjustmentHours: 0)
        let progression = config.progression
        var results: [GateResult] = []
        func gate(_ name: String, _ current: String, _ required: String, _ passed: Bool) {
            results.append(GateResult(name: name, current: current, required: required, passed: passed))
        }
        let account = snapshot.account
        gate("balance", account.balance.rounded(scale: 2, .plain).plainText, "≥ \(rules.minimumBalance.value.plainText)", account.balance >= rules.minimumBalance.value)
        let days = (now.milliseconds - account.tierStartedAt.milliseconds) / Self.day
        gate("days at \(tier.rawValue)", "\(days)", "≥ \(progression.minimumDaysAtTier)", days >= Int64(progression.minimumDaysAtTier))
        let tradingDays = snapshot.dailyResults.count
        let profitable = snapshot.dailyResults.values.filter { $0 > 0 }.count
        let profitableShare = tradingDays == 0 ? Decimal(0) : Decimal(profitable) / Decimal(tradingDays)
        gate("profitable days", "\(profitable) of \(tradingDays) (\(percent(profitableShare)))", "≥ \(percent(progression.minimumProfitableDaysFraction.value))",
             tradingDays > 0 && profitableShare >= progression.minimumProfitableDaysFraction.value)
        let winRate = snapshot.trades == 0 ? Decimal(0) : Decimal(snapshot.wins) / Decimal(snapshot.trades)
        gate("win rate", "\(percent(winRate)) over \(snapshot.trades) trades", "≥ \(percent(gates.minimumWinRate.value)) over ≥ \(gates.minimumTrades)",
             snapshot.trades >= gates.minimumTrades && winRate >= gates.minimumWinRate.value)
        let violations = snapshot.violations.filter { $0 >= account.tierStartedAt }.count
        gate("risk-rule violations", "\(violations)", "0", violations == 0)
        let baselineDays = snapshot.firstActivity.map { (now.milliseconds - $0.milliseconds) / Self.day } ?? 0
        gate("behavioural baseline", "\(baselineDays) days", "≥ \(gates.baselineDays) days", baselineDays >= Int64(gates.baselineDays))
        let quality = snapshot.ordersFilled == 0 ? Decimal(0) : Decimal(snapshot.ordersWithinBudget) / Decimal(snapshot.ordersFilled)
        gate("execution quality", "\(snapshot.ordersWithinBudget) of \(snapshot.ordersFilled) within budget (\(percent(quality)))",
             "≥ \(percent(progression.minimumExecutionQualityFraction.value))",
             snapshot.ordersFilled > 0 && quality >= progression.minimumExecutionQualityFraction.value)
        gate("tilt debt", snapshot.tiltDebt.rounded(scale: 2, .plain).plainText, "0 (repaid by profits)", snapshot.tiltDebt <= 0)
        if let demoted = snapshot.state.demotedAt {
            let since = (now.milliseconds - demoted.milliseconds) / Self.day
            gate("days since demotion", "\(since)", "≥ \(config.demotion.reAdvancementDays)", since >= Int64(config.demotion.reAdvancementDays))
        }
        return TierEvaluation(tier: tier, target: target, evaluatedAt: now, gates: results)
    }

    // MARK: Promotion

    /// `gen-risk tier accept`: one step up, only with the typed phrase and
    /// every gate passed; it opens the adjustment period.
    public func promote(_ account: inout Account, _ state: inout TierState, evaluation: TierEvaluation, confirmation: String, now: Timestamp) throws(TierError) -> TierChange {
        guard confirmation == config.progression.acceptPhrase else { throw .wrongPhrase(expected: config.progression.acceptPhrase) }
        guard let target = evaluation.target else { throw .topTier }
        guard evaluation.passed, evaluation.tier == account.tier else { throw .gatesNotPassed(evaluation.gates.filter { !$0.passed }.map(\.name)) }
        let from = account.tier
        account.tier = target
        account.tierStartedAt = now
        let hours = Int64(config.tiers[target].promotion?.adjustmentHours ?? 0)
        state.adjustment = hours > 0 ? TierState.Adjustment(tier: target, startedAt: now, endsAt: now.adding(milliseconds: hours * 3_600_000)) : nil
        return TierChange(from: from, to: target, reason: "promotion accepted: all \(evaluation.gates.count) gates passed", trigger: nil, at: now)
    }

    /// Counts a tilt intervention during the adjustment period; more than
    /// the limit extends the period once by the configured hours.
    public func countIntervention(_ state: inout TierState, now: Timestamp) {
        guard var adjustment = state.adjustment, now < adjustment.endsAt else { return }
        adjustment.interventions += 1
        if adjustment.interventions > config.progression.adjustmentInterventionLimit, !adjustment.extended {
            adjustment.endsAt = adjustment.endsAt.adding(milliseconds: Int64(config.progression.adjustmentExtensionHours) * 3_600_000)
            adjustment.extended = true
        }
        state.adjustment = adjustment
    }

    // MARK: Demotion

    /// The triggers that hold in `snapshot` at `now`. Evidence from before the
    /// last demotion does not count again, so one cause demotes once.
    public func triggers(_ snapshot: TierSnapshot, now: Timestamp) -> [DemotionTrigger] {
        let account = snapshot.account
        let state = snapshot.state
        let demotion = config.demotion
        let since = max(state.demotedAt ?? Timestamp(milliseconds: .min), now.adding(milliseconds: -Self.day))
        func recent(_ times: [Timestamp]) -> Int { times.filter { $0 > since && $0 <= now }.count }
        var found: [DemotionTrigger] = []
        let startOfDay = account.startOfDayBalance(at: now)
        let loss = -min(0, account.profitToday(at: now))
        let emergencyToday = state.emergencyAt.map { $0.utcDay == now.utcDay } ?? false
        if startOfDay > 0, loss >= startOfDay * demotion.dailyLossFraction.value, !emergencyToday { found.append(.dailyLoss) }
        let peak = state.drawdownPeak(account)
        if peak > 0, (peak - account.balance) >= peak * demotion.drawdownFraction.value { found.append(.drawdown) }
        if let below = state.belowFloorSince, now.milliseconds - below.milliseconds > Int64(demotion.belowFloorMinutes) * 60_000, account.tier > .sniper {
            found.append(.belowFloor)
        }
        if recent(snapshot.stopLosses) >= demotion.stopLossesIn24Hours { found.append(.stopLosses) }
        // The tilt score stays high for a while: it demotes once a day at most.
        let demotedToday = state.demotedAt.map { now.milliseconds - $0.milliseconds < Self.day } ?? false
        if snapshot.tiltScore >= demotion.tiltScore, !demotedToday { found.append(.tilt) }
        if recent(snapshot.violations) >= demotion.violationsIn24Hours { found.append(.violations) }
        if recent(snapshot.overrideAttempts) >= demotion.overrideAttemptsIn24Hours { found.append(.overrides) }
        return found
    }

    /// Keeps the figures the triggers need current: the balance floor clock
    /// and the peak since the last emergency. The peak rises only to what
    /// the account holds both realised and marked (`equity`, the balance
    /// when not given): after an emergency the realised balance stays high
    /// until the close fills, and must not lift the peak it just set. A peak
    /// never seen before starts at the account's own.
    public func observe(_ state: inout TierState, account: Account, now: Timestamp, equity: Decimal? = nil) {
        let floor = config.tiers[account.tier].minimumBalance.value
        if account.tier > .sniper, account.balance < floor {
            if state.belowFloorSince == nil { state.belowFloorSince = now }
        } else {
            state.belowFloorSince = nil
        }
        state.peakSinceDemotion = max(state.peakSinceDemotion ?? account.peakBalance, min(account.balance, equity ?? account.balance))
    }

    /// Applies a demotion: one tier down (to SNIPER on an emergency), the
    /// 30-day floor, and for an emergency its limits, the ramp back, the
    /// journal entry required before the next trade and a new drawdown peak
    /// at `equity` (the account marked to the market as the emergency
    /// struck; the realised balance when not given), so the close that
    /// follows is not a second drawdown. An ordinary demotion keeps the peak:
    /// three stop-losses must not restart the drawdown limit. Cancelling
    /// orders and closing positions is the caller's part.
    public func demote(_ account: inout Account, _ state: inout TierState, trigger: DemotionTrigger, reason: String, now: Timestamp,
                       equity: Decimal? = nil) -> TierChange {
        let from = account.tier
        let to = trigger.isEmergency ? Tier.sniper : (Tier.allCases.last { $0 < from } ?? .sniper)
        if to != from {
            account.tier = to
            account.tierStartedAt = now
        }
        state.adjustment = nil
        state.demotedAt = now
        state.belowFloorSince = nil
        if trigger.isEmergency {
            state.peakSinceDemotion = equity ?? account.balance
            state.emergencyAt = now
            state.journalRequired = true
            state.overrideUntil = nil
        }
        return TierChange(from: from, to: to, reason: reason, trigger: trigger, at: now)
    }

    /// The staged deleveraging of DESIGN §2 for today's loss: the share of each
    /// open position to sell now (nil when no new stage was reached), and
    /// whether the emergency (close everything) is reached.
    public func deleveraging(_ state: inout TierState, account: Account, now: Timestamp) -> (sellShare: Decimal, stage: Int)? {
        let startOfDay = account.startOfDayBalance(at: now)
        guard startOfDay > 0 else { return nil }
        let lossShare = -min(0, account.profitToday(at: now)) / startOfDay
        let stages = config.demotion.deleveraging
        let reached = stages.lastIndex { lossShare >= $0.dailyLossFraction.value }.map { $0 + 1 } ?? 0
        let taken = state.deleveragedDay == now.utcDay ? state.deleveragedStage : 0
        guard reached > taken else { return nil }
        // Cuts are of the size before deleveraging began: sell what takes it
        // from the last stage's remainder to this stage's.
        let before = taken == 0 ? Decimal(0) : stages[taken - 1].cutFraction.value
        let after = stages[reached - 1].cutFraction.value
        state.deleveragedDay = now.utcDay
        state.deleveragedStage = reached
        return ((after - before) / (1 - before), reached)
    }

    // MARK: Overrides

    /// "OVERRIDE EMERGENCY HALT" with a reason: five minutes of trading under
    /// emergency limits, at most twice a UTC day. Each one is a tilt event.
    public func override(_ state: inout TierState, confirmation: String, reason: String, now: Timestamp) throws(TierError) -> Timestamp {
        guard confirmation == config.demotion.overridePhrase else { throw .wrongPhrase(expected: config.demotion.overridePhrase) }
        guard reason.split(separator: " ").count >= 2 else { throw .noReason }
        guard state.emergencyAt != nil, isEmergencyHalted(state, now: now) else { throw .noEmergency }
        if state.overridesDay != now.utcDay {
            state.overridesDay = now.utcDay
            state.overridesThatDay = 0
        }
        guard state.overridesThatDay < config.demotion.overridesPerDay else { throw .overridesUsed(config.demotion.overridesPerDay) }
        state.overridesThatDay += 1
        let until = now.adding(milliseconds: Int64(config.demotion.overrideMinutes) * 60_000)
        state.overrideUntil = until
        return until
    }

    /// An emergency halts new entries for the resume cooldown (24 h) unless an override is running.
    /// When the cooldown after an emergency at `emergency` ends (DESIGN §2):
    /// new entries pause and `gen-exec resume` waits until then.
    public func cooldownEnd(after emergency: Timestamp) -> Timestamp {
        emergency.adding(milliseconds: Int64(config.execution.resumeCooldownHoursAfterEmergency) * 3_600_000)
    }

    public func isEmergencyHalted(_ state: TierState, now: Timestamp) -> Bool {
        guard let emergency = state.emergencyAt, now < cooldownEnd(after: emergency) else { return false }
        if let until = state.overrideUntil, now < until { return false }
        return true
    }

    private func percent(_ value: Decimal) -> String {
        (value * 100).rounded(scale: 1, .plain).plainText + "%"
    }
}
