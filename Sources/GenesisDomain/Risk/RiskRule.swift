/// The name of every rule that can refuse a trade. Rejections carry it so a
/// trader (and `gen-report`) can see exactly which rule of DESIGN §3 said no.
public enum RiskRule: String, Sendable, CaseIterable {
    /// §3.1 — HALTED allows nothing, REDUCING only exits.
    case tradingState = "trading_state"
    /// §7 — the signal's `valid_until` (an arbitrage opportunity's life) is before gen-risk's clock.
    case signalExpired = "signal.expired"
    /// §4 — LOCKED: no new entries until the lockout ends and a journal entry is accepted.
    case tiltLocked = "tilt.locked"
    /// §4 — a losing streak forced a break.
    case tiltBreak = "tilt.forced_break"
    /// §4 — at WARNING a manual trade needs a stated reason.
    case tiltReason = "tilt.reason_required"
    /// §2 — an emergency demotion halts new entries for its cooldown (or until an override).
    case emergencyHalt = "tier.emergency_halt"
    /// §2 — after an emergency a journal entry comes before the next trade.
    case journalRequired = "tier.journal_required"
    /// §7 — the symbol's market state allows no entry by this strategy (PANIC, DEAD, MAINTENANCE…).
    case marketState = "market.state"
    /// §3.2 — the strategy is not unlocked at this tier.
    case tierStrategy = "tier.strategy"
    /// §3.2 — the order type (limit, IOC, FOK, post-only) is not unlocked at this tier.
    case tierOrderType = "tier.order_type"
    /// §3.2 — trading this pair would exceed the tier's number of pairs.
    case tierPairs = "tier.pairs"
    /// §3.2 — the execution algorithm is not unlocked at this tier (checked again by gen-exec).
    case tierAlgorithm = "tier.algorithm"
    /// §3.3 — fixed-fraction sizing left nothing to trade.
    case positionSizing = "sizing.fixed_fraction"
    /// §3.3 — the position would be below the minimum notional.
    case minimumPosition = "sizing.minimum_position"
    /// §3.4 — the tier's maximum number of open positions is reached.
    case maxOpenPositions = "limits.max_open_positions"
    /// One position per symbol: a second entry while one is open is refused.
    case positionExists = "limits.position_exists"
    /// §3.4 — today's loss reached the tier's dollar limit.
    case dailyLossLimit = "limits.daily_loss"
    /// §3.3 — today's loss reached the warning level where no new positions open (10%).
    case dailyLossWarning = "limits.daily_loss_warning"
    /// §3.4 — the day's entries reached the maximum (100).
    case maxTradesPerDay = "limits.max_trades_per_day"
    /// §3.4 — the total drawdown from the peak reached the maximum (15%).
    case maxDrawdown = "limits.max_drawdown"
    /// §3.4 — the entry's loss at its stop (fees and slippage included) would
    /// carry marked-to-market drawdown or the day's loss past a limit, and
    /// what fits is below the minimum position.
    case drawdownBudget = "limits.drawdown_budget"
    /// §3.4 — the new position would make too much of the exposure move together.
    case correlation = "limits.correlation"
    /// §3.5 — the position would leave an unsellable remainder at its stop.
    case noDust = "exchange.no_dust"
    /// §2/§3.4 — today's loss reached the emergency share of the day's balance.
    case emergencyDailyLoss = "limits.emergency_daily_loss"
    /// §3 — every entry needs a stop-loss on the losing side of the price.
    case stopLoss = "stop_loss.mandatory"
    /// Spot has no leverage: nothing can be sold that is not held.
    case noShortSelling = "spot.no_short_selling"
    /// §3.6 — not enough free quote balance for the order and its fee.
    case insufficientBalance = "balance.insufficient"
    /// The venue found no open position for an exit order.
    case noPosition = "execution.no_position"
    /// gen-exec executes only orders gen-risk approved, exactly as approved.
    case notApproved = "execution.not_approved"
    /// §10 — an exchange venue sends only orders judged on the wall clock,
    /// now (`Judgement.liveRefusal`).
    case liveClock = "execution.live_clock"
    /// §3.5 — the order breaks an exchange filter (LOT_SIZE, NOTIONAL…).
    case exchangeFilter = "exchange.filter"
    /// The exchange refused the order (balance, parameters…).
    case exchangeRejected = "exchange.rejected"
}
