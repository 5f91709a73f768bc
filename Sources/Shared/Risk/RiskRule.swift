/// The name of every rule that can refuse a trade. Rejections carry it so a
/// trader (and `gen-report`) can see exactly which rule of SPEC §3 said no.
public enum RiskRule: String, Sendable, CaseIterable {
    /// §3.1 — HALTED allows nothing, REDUCING only exits.
    case tradingState = "trading_state"
    /// §3.2 — the strategy is not unlocked at this tier.
    case tierStrategy = "tier.strategy"
    /// §3.2 — the order type (limit, IOC, FOK, post-only) is not unlocked at this tier.
    case tierOrderType = "tier.order_type"
    /// §3.2 — trading this pair would exceed the tier's number of pairs.
    case tierPairs = "tier.pairs"
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
    /// §3.5 — the order breaks an exchange filter (LOT_SIZE, NOTIONAL…).
    case exchangeFilter = "exchange.filter"
    /// The exchange refused the order (balance, parameters…).
    case exchangeRejected = "exchange.rejected"
}
