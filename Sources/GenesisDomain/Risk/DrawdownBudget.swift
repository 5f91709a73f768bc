import Foundation

/// How much more the account may lose before a loss limit acts (DESIGN §3.4,
/// "drawdown budget"): the room left to the total-drawdown limits and to the
/// day's loss limits, on marked-to-market equity.
///
/// The pre-trade checks alone ask whether the account is already past a
/// limit; a position big enough to cross the limit in one stop-loss still
/// passed them, so the 15% limit became 15% plus one trade. The budget asks
/// the question that matters: if this entry stops out, with fees and
/// slippage, where does the account stand? An entry that would cross is
/// shrunk to fit, or refused when what fits is below the minimum position.
public struct DrawdownBudget: Sendable, Equatable {
    /// The loss (quote asset) that would bring equity to the nearest limit.
    public var room: Decimal
    /// Which limit is nearest, for the trader: "the 15% drawdown from the peak of 1000".
    public var nearest: String

    /// - `equity`: realised balance plus the open positions marked to market.
    /// - `tier`: the tier machine's state (its peak since the last emergency
    ///   is what the emergency demotion measures from).
    public init(account: Account, equity: Decimal, tier: TierState, config: GenesisConfig, now: Timestamp) {
        var limits: [(room: Decimal, what: String)] = []
        let risk = config.risk, demotion = config.demotion
        // The entry refusal's limit and the emergency demotion's, both from
        // the peak since the last emergency.
        let peak = tier.drawdownPeak(account)
        if peak > 0 {
            let fraction = min(risk.maxDrawdown.value, demotion.drawdownFraction.value)
            limits.append((equity - peak * (1 - fraction), "the \(SizingPlan.percent(fraction)) drawdown limit from the peak of \(Self.money(peak))"))
        }
        // The day's loss: the tier's dollar limit and the emergency share of
        // the day's starting balance, counted as the watcher counts them.
        let startOfDay = account.startOfDayBalance(at: now)
        let lossToday = -min(0, equity - startOfDay)
        let dollarLimit = config.tiers[account.tier].dailyLossLimit.value
        limits.append((dollarLimit - lossToday, "the \(account.tier.rawValue) daily loss limit of \(Self.money(dollarLimit))"))
        let share = startOfDay * demotion.dailyLossFraction.value
        limits.append((share - lossToday, "the \(SizingPlan.percent(demotion.dailyLossFraction.value)) emergency daily loss of \(Self.money(share))"))
        let nearest = limits.min { $0.room < $1.room }!
        room = max(0, nearest.room)
        self.nearest = nearest.what
    }

    /// What one unit bought at `price` loses if it is sold at `stop`: the
    /// fall, the entry and exit fees, and `slippage` (a fraction) on both
    /// fills against the trader.
    public static func lossPerUnit(price: Decimal, stop: Decimal, feeRate: Decimal, slippage: Decimal) -> Decimal {
        (price - stop) + (price + stop) * (feeRate + slippage)
    }

    /// The largest quantity (a multiple of `step`, at most `quantity`) whose
    /// loss at the stop fits in the room.
    public func fitting(_ quantity: Decimal, lossPerUnit: Decimal, step: Decimal) -> Decimal {
        guard lossPerUnit > 0, quantity * lossPerUnit > room else { return quantity }
        return min(quantity, (room / lossPerUnit).rounded(toStep: step, .down))
    }

    static func money(_ value: Decimal) -> String { value.rounded(scale: 2, .plain).plainText }
}
