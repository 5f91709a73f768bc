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

    /// How much of `held` to sell when `wanted` of it should go (a
    /// deleveraging step, a correlation cut), at about `price` (DESIGN §3.5,
    /// no dust): rounded down to the lot step; everything the lot step lets
    /// go when what would stay could not be sold on its own (below the
    /// minimum notional); nothing when the part is too small to be an order
    /// while the rest can stay, or when the whole is already unsellable.
    public func partialSell(_ wanted: Decimal, of held: Decimal, at price: Decimal) -> Decimal {
        let sellable = held.rounded(toStep: stepSize, .down)
        guard sellable * price >= minNotional, sellable > 0 else { return 0 }
        let part = min(wanted, held).rounded(toStep: stepSize, .down)
        if held - part > 0, (held - part) * price < minNotional || sellable - part < stepSize { return sellable }
        return part * price < minNotional ? 0 : part
    }
}

/// The filters of every symbol the paper venue and the risk engine may see,
/// and the fee orders pay.
///
/// One tick, step and minimum for every symbol was wrong on real data:
/// BTCUSDT's 0.01 tick on XRPUSDT at 0.58 turned a 2% stop into 1.5%. Each
/// symbol takes its own rules from an exchangeInfo answer. On paper that is
/// the newest stored (`gen-fetch info`, or any exchange command that fetched
/// it), and a symbol it does not list falls back to the configured paper
/// defaults. For the live account it is its own exchange's, with the
/// account's own commission, and a symbol the exchange does not list is not
/// traded at all (`unlisted`): the refusal comes from gen-risk, not from the
/// exchange.
public struct SymbolFilterBook: Sendable, Equatable {
    public var defaults: SymbolFilters
    public var bySymbol: [String: SymbolFilters]
    /// The fee per fill as a fraction of notional: the taker commission live,
    /// `paper.feeRate` on paper.
    public var feeRate: Decimal
    /// The exchange whose listing is the whole world (the live account), and
    /// when its exchangeInfo was fetched; nil on paper.
    public var exchange: (name: String, fetchedAt: Timestamp?)?
    /// Each listed symbol's base and quote asset, from the same exchangeInfo.
    public var assets: [String: PairAssets] = [:]

    public init(defaults: SymbolFilters, bySymbol: [String: SymbolFilters] = [:], feeRate: Decimal = Decimal(string: "0.001")!) {
        self.defaults = defaults
        self.bySymbol = bySymbol
        self.feeRate = feeRate
    }

    /// The configured defaults, with each symbol of `exchangeInfo` (when
    /// there is one) on its own rules.
    public init(paper: GenesisConfig.Paper, exchangeInfo: ExchangeInfo? = nil) {
        self.init(defaults: SymbolFilters(paper: paper), bySymbol: Self.listed(exchangeInfo, defaults: SymbolFilters(paper: paper)),
                  feeRate: paper.feeRate.value)
        assets = Self.pairs(exchangeInfo)
    }

    /// The live account's rules: `exchange`'s listing only, its taker
    /// commission (the paper fee until the exchange has reported one).
    public init(exchange: String, exchangeInfo: ExchangeInfo?, fetchedAt: Timestamp?, paper: GenesisConfig.Paper, takerCommission: Decimal?) {
        self.init(defaults: SymbolFilters(paper: paper), bySymbol: Self.listed(exchangeInfo, defaults: SymbolFilters(paper: paper)),
                  feeRate: takerCommission ?? paper.feeRate.value)
        self.exchange = (exchange, fetchedAt)
        assets = Self.pairs(exchangeInfo)
    }

    public static func pairs(_ exchangeInfo: ExchangeInfo?) -> [String: PairAssets] {
        Dictionary((exchangeInfo?.symbols ?? []).map { ($0.symbol, PairAssets(base: $0.baseAsset, quote: $0.quoteAsset)) }) { first, _ in first }
    }

    /// Each listed symbol's filters. A filter the exchange leaves at 0
    /// (disabled) keeps the default, so nothing rounds to a zero step.
    static func listed(_ exchangeInfo: ExchangeInfo?, defaults: SymbolFilters) -> [String: SymbolFilters] {
        var bySymbol: [String: SymbolFilters] = [:]
        for info in exchangeInfo?.symbols ?? [] {
            let listed = SymbolRules(info: info).filters
            bySymbol[info.symbol] = SymbolFilters(tickSize: listed.tickSize > 0 ? listed.tickSize : defaults.tickSize,
                                                  stepSize: listed.stepSize > 0 ? listed.stepSize : defaults.stepSize,
                                                  minNotional: listed.minNotional)
        }
        return bySymbol
    }

    public func filters(for symbol: String) -> SymbolFilters { bySymbol[symbol] ?? defaults }

    /// Why `symbol` cannot be traded on the live account's exchange; nil on
    /// paper, or when the exchange lists it.
    public func unlisted(_ symbol: String) -> Rejection? {
        guard let exchange, bySymbol[symbol] == nil else { return nil }
        guard let fetched = exchange.fetchedAt else {
            return Rejection(.exchangeFilter, "No exchangeInfo of \(exchange.name) is stored, so \(symbol)'s lot size, tick and minimum are unknown; any exchange command fetches it (`gen-fetch info \(symbol) --venue \(exchange.name)`).")
        }
        return Rejection(.exchangeFilter, "\(symbol) is not listed in \(exchange.name)'s exchangeInfo (fetched \(fetched.iso8601)); nothing is sent for it.")
    }

    /// Why an entry in `symbol` cannot be made by an account that keeps its
    /// balance in `quoteAsset`: a pair priced in another asset (ETHBTC for a
    /// USDT account) would be sized, limited and booked as if its prices were
    /// in the account's asset — 0.3 of 1,000 USDT buying 300 BTC worth of
    /// ETH on paper. nil for the account's own quote, or a symbol whose
    /// assets are unknown.
    public func foreignQuote(_ symbol: String, account quoteAsset: String) -> Rejection? {
        guard let pair = PairAssets.of(symbol, listed: assets), pair.quote != quoteAsset else { return nil }
        return Rejection(.exchangeFilter, "\(symbol) is priced in \(pair.quote) and this account keeps its balance in \(quoteAsset): GENESIS sizes, limits and books only pairs quoted in \(quoteAsset), so it makes no entry in \(symbol).")
    }

    public static func == (a: SymbolFilterBook, b: SymbolFilterBook) -> Bool {
        a.defaults == b.defaults && a.bySymbol == b.bySymbol && a.feeRate == b.feeRate && a.assets == b.assets
            && a.exchange?.name == b.exchange?.name && a.exchange?.fetchedAt == b.exchange?.fetchedAt
    }
}
