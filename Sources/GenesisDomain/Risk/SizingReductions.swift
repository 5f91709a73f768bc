import Foundation

extension RiskEngine {
    /// The rules that made an approved entry smaller than the strategy's own
    /// size, a fixed `risk.positionFraction` of the balance, by their names:
    /// `sizing.kelly` when the tier's Kelly fraction came out lower, each
    /// multiplier below 1 of the sizing plan (`SizingPlan.Factor.rule`), a cap
    /// that bound (`SizingPlan.capRule`), and `limits.drawdown_budget` when
    /// the drawdown budget cut the quantity. Empty for an exit or an entry at
    /// full size.
    ///
    /// Recomputed from the same state the engine judged on (`decide` is
    /// pure), so it says exactly why; gen-risk records it with the approval
    /// (`risk.approved`, `sized_down_by`) for `gen-report discipline`.
    public func sizingReductions(of order: OrderIntent, state: RiskState, now: Timestamp) -> [String] {
        guard order.purpose == .entry, order.side == .buy else { return [] }
        let balance = state.account.balance
        let plan = SizingPlan(account: state.account, state: state, config: config, now: now)
        var rules: [String] = []
        if plan.baseFraction < config.risk.positionFraction.value { rules.append("sizing.kelly") }
        rules += plan.factors.filter { $0.multiplier < 1 }.map(\.rule)
        if let cap = plan.capNotional, cap < balance * plan.baseFraction * plan.multiplier {
            rules.append(plan.capRule ?? "sizing.cap")
        }
        let price = order.limitPrice ?? order.referencePrice
        if price > 0 {
            let planned = (plan.notional(balance: balance) / price).rounded(toStep: filterBook.filters(for: order.symbol).stepSize, .down)
            if order.quantity < planned { rules.append(RiskRule.drawdownBudget.rawValue) }
        }
        return rules
    }
}
