import Foundation

/// The two assets of a spot symbol: ETHBTC is ETH priced in BTC.
///
/// Binance's symbols are the two tickers run together, so the split is
/// read from the exchange's own listing when one is stored and otherwise
/// from the quote assets Binance spot quotes in, longest first (so
/// BTCFDUSD splits at FDUSD and ETHBTC at BTC).
public struct PairAssets: Sendable, Equatable, Hashable {
    public var base: String
    public var quote: String

    public init(base: String, quote: String) {
        self.base = base
        self.quote = quote
    }

    /// Quote assets of Binance spot markets, as a fallback when no
    /// exchangeInfo is stored.
    public static let knownQuotes = ["FDUSD", "USDT", "USDC", "TUSD", "BUSD", "DAI", "BTC", "ETH", "BNB", "EUR", "TRY", "BRL", "JPY", "GBP", "AUD", "XRP", "DOGE", "TRX"]
        .sorted { $0.count > $1.count }

    /// `symbol`'s assets: from `listed` (the exchange's listing) when it
    /// holds the symbol, else split at the longest known quote asset it
    /// ends with; nil when neither names it.
    public static func of(_ symbol: String, listed: [String: PairAssets] = [:]) -> PairAssets? {
        if let assets = listed[symbol] { return assets }
        guard let quote = knownQuotes.first(where: { symbol.hasSuffix($0) && symbol.count > $0.count }) else { return nil }
        return PairAssets(base: String(symbol.dropLast(quote.count)), quote: quote)
    }
}
