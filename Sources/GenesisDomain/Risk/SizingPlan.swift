import Foundation

/// How big a new position may be right now (DESIGN §3.3), and why: the base
/// fraction (fixed, or fractional Kelly from HUNTER up), every multiplier in
/// force with its reason, and the caps of an adjustment period or an
/// emergency. `gen-risk limits` prints it; the engine sizes by it.
public struct SizingPlan: Sendable, Equatable {
    public struct Factor: Sendable, Equatable {
        public var multiplier: Decimal
        public var reason: String
        /// The rule's name for reports (`gen-report discipline` counts the
        /// entries each rule made smaller), e.g. `tilt.warning`.
        public var rule: String = "sizing"
    }

    /// Fraction of the balance a position's notional may take before multipliers.
    public var baseFraction: Decimal
    public var method: String
    public var factors: [Factor] = []
    /// A ceiling on the position's notional (adjustment phase, emergency limits).
    public var capNotional: Decimal?
    public var capReason: String?
    /// The cap's rule name for reports: `tier.adjustment_phase` or `tier.emergency_limits`.
    public var capRule: String?

    public var multiplier: Decimal { factors.reduce(Decimal(1)) { $0 * $1.multiplier } }

    /// The notional a new position may take with `balance`.
    public func notional(balance: Decimal) -> Decimal {
        let sized = balance * baseFraction * multiplier
        guard let capNotional else { return sized }
        return min(sized, capNotional)
    }

    /// Full Kelly, p − (1 − p) / b, with the record's edge cases defined
    /// rather than left to division: no losing trade (b unbounded) gives p,
    /// every trade won gives 100%, capped later by the tier's ceiling; no
    /// winning trade gives nil (an edge of minus infinity), which trades at
    /// the tier's floor, as every negative Kelly does: the floor keeps a
    /// losing strategy small, and the risk rules (losing days, drawdown)
    /// cut it further or stop it.
    static func fullKelly(_ record: TradingRecord) -> Decimal? {
        guard record.trades > 0, record.wins > 0, record.averageWin > 0 else { return nil }
        let winRate = Decimal(record.wins) / Decimal(record.trades)
        guard record.averageLoss > 0, record.wins < record.trades else { return winRate }
        return winRate - (1 - winRate) / (record.averageWin / record.averageLoss)
    }

    public init(account: Account, state: RiskState, config: GenesisConfig, now: Timestamp) {
        let risk = config.risk
        let rules = config.tiers[account.tier]
        baseFraction = risk.positionFraction.value
        method = "fixed fraction \(Self.percent(baseFraction)) of the balance"
        // Fractional Kelly from HUNTER up, once there are enough recent trades.
        if let low = rules.kellyMinimumFraction?.value, let high = rules.kellyMaximumFraction?.value {
            let record = state.record
            if record.trades >= risk.kellyMinimumTrades {
                // The Kelly share is configurable up to its cap (¼ by default, never above ½).
                let share = min(risk.kellyFraction.value, risk.kellyCap.value)
                let over = "over \(record.trades) trades in \(risk.kellyLookbackDays) days"
                if let kelly = Self.fullKelly(record) {
                    baseFraction = min(max(kelly * share, low), high)
                    method = "\(Self.percent(share)) Kelly \(over) (full Kelly \(Self.percent(kelly))), within \(Self.percent(low))–\(Self.percent(high))"
                    if kelly <= 0 { method += "; no edge, so the tier's floor" }
                } else {
                    baseFraction = low
                    method = "Kelly \(over): not one winning trade, no edge to size, so the tier's floor \(Self.percent(low))"
                }
            } else {
                method += " (Kelly needs \(risk.kellyMinimumTrades) trades in \(risk.kellyLookbackDays) days; \(record.trades) so far)"
            }
        }
        if let market = state.marketState, market.sizeMultiplier != 1 {
            factors.append(Factor(multiplier: market.sizeMultiplier, reason: "the market state is \(market.rawValue)", rule: "market.state"))
        }
        let tilt = state.tilt
        if tilt.level == .warning { factors.append(Factor(multiplier: risk.tiltWarningMultiplier.value, reason: "tilt WARNING (score \(tilt.score))", rule: "tilt.warning")) }
        if let until = tilt.recoveryUntil, now < until {
            factors.append(Factor(multiplier: risk.recoveryHourMultiplier.value, reason: "the recovery hour after an unlock, until \(until.iso8601)", rule: "tilt.recovery_hour"))
        }
        let tier = state.tier
        if let phase = tier.adjustmentPhase(at: now), let adjustment = tier.adjustment {
            factors.append(Factor(multiplier: risk.adjustmentPeriodMultiplier.value, reason: "the adjustment period at \(adjustment.tier.rawValue), until \(adjustment.endsAt.iso8601)",
                                  rule: "tier.adjustment_period"))
            let limits = config.progression.adjustmentPhaseLimits
            let limit = limits[min(phase, limits.count - 1)].value
            capNotional = account.balance * baseFraction * limit
            capReason = "phase \(phase + 1) of 4 of the adjustment period: \(Self.percent(limit)) of the normal position"
            capRule = "tier.adjustment_phase"
        }
        if state.record.losingDaysInARow >= risk.losingDaysInARow {
            factors.append(Factor(multiplier: risk.losingDaysMultiplier.value, reason: "\(state.record.losingDaysInARow) losing days in a row", rule: "limits.losing_days"))
        }
        let startOfDay = account.startOfDayBalance(at: now)
        if startOfDay > 0 {
            let lossShare = -min(0, account.profitToday(at: now)) / startOfDay
            if lossShare >= risk.dailyLossReduceAt.value {
                factors.append(Factor(multiplier: risk.dailyLossReduceMultiplier.value, reason: "today's loss is \(Self.percent(lossShare)) of the day's starting balance",
                                          rule: "limits.daily_loss_reduce"))
            }
        }
        if let days = tier.daysSinceEmergency(at: now) {
            let ramp = config.demotion.rampAfterEmergency
            if days == 0 {
                capNotional = min(capNotional ?? config.demotion.emergencyMaxPosition.value, config.demotion.emergencyMaxPosition.value)
                capReason = "emergency limits until the end of the UTC day: at most \(config.demotion.emergencyMaxPosition.value.plainText) per position"
                capRule = "tier.emergency_limits"
            } else if days <= Int64(ramp.count), ramp[Int(days) - 1].value < 1 {
                factors.append(Factor(multiplier: ramp[Int(days) - 1].value, reason: "day \(days) of the \(ramp.count)-day ramp back after the emergency",
                                          rule: "tier.emergency_ramp"))
            }
        }
    }

    public static func percent(_ value: Decimal) -> String { (value * 100).rounded(scale: 2, .plain).plainText + "%" }
}
