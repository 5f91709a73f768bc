import Foundation
import GRDB

extension Store {
    public func openPositionCount(session: String) throws -> Int {
        try writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM positions WHERE status = 'OPEN' AND session = ?", arguments: [session]) ?? 0 }
    }

    public func registerSession(_ id: String, kind: String, venue: String, at time: Timestamp) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO trading_sessions (id, type, venue, started_at) VALUES (?, ?, ?, ?)",
                           arguments: [id, kind, venue, time.milliseconds])
        }
    }

    /// Walks the audit trail's hash chain (`gen-report verify`).
    public func verifyEvents() throws -> EventLog.Verification {
        try writer.read { try EventLog.verify($0) }
    }
}

extension Store {
    /// Every fill of `session` for the tax report, oldest first. The base
    /// asset is the symbol less the account's quote asset.
    public func taxFills(session: String = Store.defaultSession) throws -> [TaxFill] {
        let account = try requireAccount(session: session)
        return try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.trade_id, f.symbol, f.side, f.quantity, f.price, f.fee, f.fee_asset, f.executed_at FROM fills f
                JOIN orders o ON o.client_order_id = f.client_order_id WHERE o.session = ? ORDER BY f.executed_at, f.id
                """, arguments: [session]).compactMap { row -> TaxFill? in
                let symbol: String = row["symbol"]
                guard let side = Side(rawValue: row["side"]), let quantity = Decimal.parse(row["quantity"] as String),
                      let price = Decimal.parse(row["price"] as String), let fee = Decimal.parse(row["fee"] as String) else { return nil }
                let base = symbol.hasSuffix(account.quoteAsset) ? String(symbol.dropLast(account.quoteAsset.count)) : symbol
                return TaxFill(time: Timestamp(milliseconds: row["executed_at"]), symbol: symbol, baseAsset: base, quoteAsset: account.quoteAsset,
                               side: side, quantity: quantity, price: price, fee: fee, feeAsset: row["fee_asset"], tradeID: row["trade_id"])
            }
        }
    }
}
