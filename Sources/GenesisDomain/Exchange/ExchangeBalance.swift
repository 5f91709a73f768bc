import Foundation

/// One asset as the exchange holds it for the account.
public struct ExchangeBalance: Sendable, Equatable {
    public var asset: String
    public var free: Decimal
    public var locked: Decimal
    public var total: Decimal { free + locked }

    public init(asset: String, free: Decimal, locked: Decimal) {
        self.asset = asset
        self.free = free
        self.locked = locked
    }

    /// The `balances` of Binance's account answer; assets it holds none of are left out.
    public static func parse(_ account: JSONValue) -> [ExchangeBalance] {
        guard case let .array(items)? = account["balances"] else { return [] }
        return items.compactMap { item in
            guard let asset = item["asset"]?.string, let free = item["free"]?.decimal, let locked = item["locked"]?.decimal,
                  free + locked > 0 else { return nil }
            return ExchangeBalance(asset: asset, free: free, locked: locked)
        }
    }
}

extension ExchangeBalance {
    /// What the assets are worth in `quote`: the quote asset itself, and
    /// every other asset at the price `mark` gives for it against the quote
    /// (nil: no price known; such assets are named, not guessed).
    public static func equity(_ balances: [ExchangeBalance], quote: String, mark: (String) throws -> Decimal?) rethrows -> (equity: Decimal, unpriced: [String]) {
        var equity = Decimal(0)
        var unpriced: [String] = []
        for balance in balances {
            if balance.asset == quote {
                equity += balance.total
            } else if let price = try mark(balance.asset + quote) {
                equity += balance.total * price
            } else {
                unpriced.append(balance.asset)
            }
        }
        return (equity, unpriced)
    }
}
