import Foundation
import GRDB
import GenesisDomain

extension Store {
    /// Every fill of `session` for the tax report, oldest first (time, then
    /// booking order), those before `before` when given, each valued in the
    /// account's quote asset (the report currency).
    ///
    /// A pair's assets come from the newest stored exchangeInfo, else from
    /// its symbol (`PairAssets`). A cross pair's quote asset, and a fee asset
    /// that is neither of the pair's (BNB), are valued at the close of the
    /// finest stored candle of that asset against the report currency that
    /// was open at the fill's time (`valuation` names it); with no such
    /// candle the price is nil and the fill is reported unvalued.
    public func taxFills(session: String = Account.defaultSession, before: Timestamp? = nil) throws -> [TaxFill] {
        let account = try reportedAccount(session: session)
        let currency = account.quoteAsset
        let listed = try listedPairs()
        return try read { db in
            var intervals: [String: [Interval]] = [:]
            func value(of asset: String, at time: Timestamp) throws -> (price: Decimal, source: String)? {
                try Store.assetValue(db, asset: asset, in: currency, at: time, intervals: &intervals)
            }
            // Read in id order, a plain scan of the table (by the time index, each row cost a second B-tree
            // lookup in the table), then put in time order below: fills are booked in time order, so usually
            // they are in it already.
            var sql = """
                SELECT f.trade_id, f.symbol, f.side, f.quantity, f.price, f.fee, f.fee_asset, f.executed_at FROM fills f NOT INDEXED
                JOIN orders o ON o.client_order_id = f.client_order_id WHERE o.session = ?
                """
            var arguments: StoreArguments = [session]
            if let before {
                sql += " AND f.executed_at < ?"
                arguments.append(before.milliseconds)
            }
            // Read by column index, money parsed from SQLite's text bytes: per-row `Row` lookups by name were most of the time.
            var fills: [TaxFill] = []
            fills.reserveCapacity(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fills") ?? 0)
            var assetsOf: [String: PairAssets] = [:]
            try db.scan(sql + " ORDER BY f.id", arguments: arguments) { row in
                func text(_ column: Int32) -> String { row.text(column) ?? "" }
                let symbol = text(1), feeAsset = text(6)
                guard let side = Side(rawValue: text(2)), let quantity = row.decimal(3), let price = row.decimal(4), let fee = row.decimal(5) else { return }
                let time = Timestamp(milliseconds: row.int64(7))
                let assets: PairAssets
                if let known = assetsOf[symbol] {
                    assets = known
                } else {
                    assets = PairAssets.of(symbol, listed: listed)
                        ?? PairAssets(base: symbol.hasSuffix(currency) ? String(symbol.dropLast(currency.count)) : symbol, quote: currency)
                    assetsOf[symbol] = assets
                }
                let quote = try value(of: assets.quote, at: time)
                let feeNeedsPrice = !fee.isZeroExactly && feeAsset != assets.base && feeAsset != assets.quote
                let feePrice = feeNeedsPrice ? try value(of: feeAsset, at: time) : nil
                // The named sources joined by "; " (no array per fill: most fills need no price but 1).
                let quoteSource = quote?.source ?? "", feeSource = feePrice?.source ?? ""
                let valuation = quoteSource.isEmpty ? feeSource : feeSource.isEmpty ? quoteSource : quoteSource + "; " + feeSource
                fills.append(TaxFill(time: time, symbol: symbol, baseAsset: assets.base, quoteAsset: assets.quote, side: side, quantity: quantity, price: price,
                                     fee: fee, feeAsset: feeAsset, tradeID: text(0), quoteValue: quote?.price, feeAssetValue: feePrice?.price,
                                     valuation: valuation))
            }
            // Oldest first: time, then booking order (id, the reading order).
            return fills.stableOrderIfUnsorted { fills[$0].time }.map { $0.map { fills[$0] } } ?? fills
        }
    }

    /// The base and quote asset of each symbol in the newest stored
    /// exchangeInfo (empty when none is stored or it no longer parses).
    public func listedPairs() throws -> [String: PairAssets] {
        SymbolFilterBook.pairs(try newestExchangeInfo())
    }

    /// What one `asset` was worth in `currency` at `time`: the close of the
    /// finest stored candle of asset+currency open at that time, and a text
    /// naming it; 1 (and no text) for the currency itself; nil when no
    /// candle was open then.
    public func assetValue(_ asset: String, in currency: String, at time: Timestamp) throws -> (price: Decimal, source: String)? {
        var intervals: [String: [Interval]] = [:]
        return try read { try Store.assetValue($0, asset: asset, in: currency, at: time, intervals: &intervals) }
    }

    static func assetValue(_ db: StoreDatabase, asset: String, in currency: String, at time: Timestamp,
                           intervals: inout [String: [Interval]]) throws -> (price: Decimal, source: String)? {
        if asset == currency { return (1, "") }
        let symbol = asset + currency
        if intervals[symbol] == nil {
            intervals[symbol] = try String.fetchAll(db, sql: "SELECT DISTINCT interval FROM candles WHERE symbol = ?", arguments: [symbol])
                .compactMap(Interval.init).sorted { $0.milliseconds < $1.milliseconds }
        }
        for interval in intervals[symbol]! {
            guard let row = try Row.fetchOne(db, sql: """
                SELECT open_time, close FROM candles WHERE symbol = ? AND interval = ? AND open_time <= ? ORDER BY open_time DESC LIMIT 1
                """, arguments: [symbol, interval.name, time.milliseconds]),
                  (row["open_time"] as Int64) + interval.milliseconds > time.milliseconds,
                  let close = Decimal.parse(row["close"] as String) else { continue }
            return (close, "\(symbol) close of the \(interval.name) candle at \(Timestamp(milliseconds: row["open_time"]).iso8601)")
        }
        return nil
    }
}
