import Foundation

/// Tilt debt (DESIGN §4): a loss taken while tilted owes a share of itself —
/// `tiltDebtFractions` (10% / 25% / 50%) at CAUTION / WARNING / LOCKED — and
/// profits repay the debt before anything else, so no promotion gate passes
/// while it is outstanding. Exact `Decimal` arithmetic throughout: it is money.
public enum TiltDebt {
    /// The share of a loss owed at `level`: 0 at NORMAL, else the matching
    /// entry of `tiltDebtFractions` (0 when the list is shorter).
    public static func fraction(at level: TiltLevel, config: GenesisConfig.Tilt) -> Decimal {
        let index: Int
        switch level {
        case .normal: return 0
        case .caution: index = 0
        case .warning: index = 1
        case .locked: index = 2
        }
        return index < config.tiltDebtFractions.count ? config.tiltDebtFractions[index].value : 0
    }

    /// The debt after one more closed trade, taken at `level`: a loss adds
    /// its share, a profit repays first (the debt never goes below 0), a
    /// break-even trade changes nothing. Lets the store keep a running figure.
    public static func applying(_ trade: TradeRecord, at level: TiltLevel, to debt: Decimal, config: GenesisConfig.Tilt) -> Decimal {
        if trade.pnl < 0 { return debt + (-trade.pnl) * fraction(at: level, config: config) }
        if trade.pnl > 0 { return max(0, debt - trade.pnl) }
        return debt
    }

    /// The debt outstanding after `trades`, each with the tilt level in force
    /// when it closed, taken in order of closing (ties keep the given order).
    public static func outstanding(_ trades: [(trade: TradeRecord, level: TiltLevel)], config: GenesisConfig.Tilt) -> Decimal {
        let ordered = trades.enumerated().sorted { a, b in
            a.element.trade.closedAt != b.element.trade.closedAt ? a.element.trade.closedAt < b.element.trade.closedAt : a.offset < b.offset
        }
        return ordered.reduce(Decimal(0)) { debt, item in applying(item.element.trade, at: item.element.level, to: debt, config: config) }
    }
}
