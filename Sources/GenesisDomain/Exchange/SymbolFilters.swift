import Foundation

/// The exchange filters that shape every order (Binance's PRICE_FILTER tick,
/// LOT_SIZE step, NOTIONAL minimum). Prices and quantities are rounded by
/// these, never by formatting.
public struct SymbolFilters: Sendable, Equatable {
    public var tickSize: Decimal
    public var stepSize: Decimal
    public var minNotional: Decimal

    public init(tickSize: Decimal, stepSize: Decimal, minNotional: Decimal) {
        self.tickSize = tickSize
        self.stepSize = stepSize
        self.minNotional = minNotional
    }

    /// The paper venue's filters, from the configuration.
    public init(paper: GenesisConfig.Paper) {
        self.init(tickSize: paper.tickSize.value, stepSize: paper.stepSize.value, minNotional: paper.minNotional.value)
    }
}
