import Foundation

/// How big a new position may be right now (DESIGN §3.3), and why: the base
/// fraction (fixed, or fractional Kelly from HUNTER up), every multiplier in
/// force with its reason, and the caps of an adjustment period or an
/// emergency. `gen-risk limits` prints it; the engine sizes by it.
public struct SizingPlan: Sendable, Equatable {
    public struct Factor: Sendable, Equatable {
        public var multiplier: Decimal
        public var reason: String
    }

    /// Fraction of the balance a position's notional may take before multipliers.
    public var baseFraction: Decimal
    public var method: String
    public var factors: [Factor] = []
    /// A ceiling on the position's notional (adjustment phase, emergency limits).
    public var capNotional: Decimal?
    public var capReason: String?

    public var multiplier: Decimal { factors.reduce(Decimal(1)) { $0 * $1.multiplier } }

    /// The notional a new position may take with `balance`.
    public func notional(balance: Decimal) -> Decimal {
        let sized = balance * baseFraction * multiplier
        guard let capNotional else { return sized }
        return min(sized, capNotional)
    }

    public init(account: Account, state: RiskState, config: GenesisConfig, now: Timestamp) {
        let risk = config.risk
        let rules = config.tiers[account.tier]
        baseFraction = risk.positionFraction.value
        method = "fixed fraction \(Self.percent(baseFraction)) of the balance"
        // Fractional Kelly from HUNTER up, once there are enough recent trades.
        if let low = rules.kellyMinimumFraction?.value, let high = rules.kellyMaximumFraction?.value {
            let record = state.record
            if record.trades >= risk.kellyMinimumTrades, record.averageLoss > 0 {
                let winRate = Decimal(record.wins) / Decimal(record.trades)
                let payoff = record.averageWin / record.averageLoss
                let kelly = winRate - (1 - winRate) / payoff
                // The Kelly share is configurable up to its cap (¼ by default, never above ½).
                let fraction = kelly * min(risk.kellyFraction.value, risk.kellyCap.value)
                baseFraction = min(max(fraction, low), high)
                method = "\(Self.percent(min(risk.kellyFraction.value, risk.kellyCap.value))) Kelly over \(record.trades) trades in \(risk.kellyLookbackDays) days (full Kelly \(Self.percent(kelly))), within \(Self.percent(low))–\(Self.percent(high))"
            } else {
                method += " (Kelly needs \(risk.kellyMinimumTrades) trades in \(risk.kellyLookbackDays) days; \(record.trades) so far)"
            }
        }
        if let market = state.marketState, market.sizeMultiplier != 1 {
            factors.append(Factor(multiplier: market.sizeMultiplier, reason: "the market state is \(market.rawValue)"))
        }
        let tilt = state.tilt
        if tilt.level == .warning { factors.append(Factor(multiplier: risk.tiltWarningMultiplier.value, reason: "tilt WARNING (score \(tilt.score))")) }
        if let until = tilt.recoveryUntil, now < until {
            factors.append(Factor(multiplier: risk.recoveryHourMultiplier.value, reason: "the recovery hour after an unlock, until \(until.iso8601)"))
        }
        let tier = state.tier
        if let phase = tier.adjustmentPhase(at: now), let adjustment = tier.adjustment {
            factors.append(Factor(multiplier: risk.adjustmentPeriodMultiplier.value, reason: "the adjustment period at \(adjustment.tier.rawValue), until \(adjustment.endsAt.iso8601)"))
            let limits = config.progression.adjustmentPhaseLimits
            let limit = limits[min(phase, limits.count - 1)].value
            capNotional = account.balance * baseFraction * limit
            capReason = "phase \(phase + 1) of 4 of the adjustment period: \(Self.percent(limit)) of the normal position"
        }
        if state.record.losingDaysInARow >= risk.losingDaysInARow {
            factors.append(Factor(multiplier: risk.losingDaysMultiplier.value, reason: "\(state.record.losingDaysInARow) losing days in a row"))
        }
        let startOfDay = account.startOfDayBalance(at: now)
        if startOfDay > 0 {
            let lossShare = -min(0, account.profitToday(at: now)) / startOfDay
            if lossShare >= risk.dailyLossReduceAt.value {
                factors.append(Factor(multiplier: risk.dailyLossReduceMultiplier.value, reason: "today's loss is \(Self.percent(lossShare)) of the day's starting balance"))
            }
        }
        if let days = tier.daysSinceEmergency(at: now) {
            let ramp = config.demotion.rampAfterEmergency
            if days == 0 {
                capNotional = min(capNotional ?? config.demotion.emergencyMaxPosition.value, config.demotion.emergencyMaxPosition.value)
                capReason = "emergency limits until the end of the UTC day: at most \(config.demotion.emergencyMaxPosition.value.plainText) per position"
            } else if days <= Int64(ramp.count), ramp[Int(days) - 1].value < 1 {
                factors.append(Factor(multiplier: ramp[Int(days) - 1].value, reason: "day \(days) of the \(ramp.count)-day ramp back after the emergency"))
            }
        }
    }

    public static func percent(_ value: Decimal) -> String { (value * 100).rounded(scale: 2, .plain).plainText + "%" }
}
