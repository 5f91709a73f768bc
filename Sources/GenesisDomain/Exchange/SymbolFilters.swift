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

/// The filters of every symbol the paper venue and the risk engine may see.
///
/// One tick, step and minimum for every symbol was wrong on real data:
/// BTCUSDT's 0.01 tick on XRPUSDT at 0.58 turned a 2% stop into 1.5%. Each
/// symbol takes its own rules from the newest exchangeInfo snapshot stored
/// (`gen-fetch info`, or any exchange command that fetched it); a symbol
/// the snapshot does not list falls back to the configured paper defaults.
public struct SymbolFilterBook: Sendable, Equatable {
    public var defaults: SymbolFilters
    public var bySymbol: [String: SymbolFilters]

    public init(defaults: SymbolFilters, bySymbol: [String: SymbolFilters] = [:]) {
        self.defaults = defaults
        self.bySymbol = bySymbol
    }

    /// The configured defaults, with each symbol of `exchangeInfo` (when
    /// there is one) on its own rules. A filter the exchange leaves at 0
    /// (disabled) keeps the default, so nothing rounds to a zero step.
    public init(paper: GenesisConfig.Paper, exchangeInfo: ExchangeInfo? = nil) {
        let defaults = SymbolFilters(paper: paper)
        var bySymbol: [String: SymbolFilters] = [:]
        for info in exchangeInfo?.symbols ?? [] {
            let listed = SymbolRules(info: info).filters
            bySymbol[info.symbol] = SymbolFilters(tickSize: listed.tickSize > 0 ? listed.tickSize : defaults.tickSize,
                                                  stepSize: listed.stepSize > 0 ? listed.stepSize : defaults.stepSize,
                                                  minNotional: listed.minNotional)
        }
        self.init(defaults: defaults, bySymbol: bySymbol)
    }

    public func filters(for symbol: String) -> SymbolFilters { bySymbol[symbol] ?? defaults }
}
