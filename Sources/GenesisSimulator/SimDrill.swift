import Foundation
import GenesisBinance
import GenesisDomain

/// Drills that change an account from outside the market, as money moving
/// in or out of a real account does.
extension SimExchange {
    /// `POST /sim/v1/deposit` (not Binance): `amount` of `asset` arrives in
    /// the account's free balance, or leaves it when negative (a withdrawal,
    /// refused with -2010 "Account has insufficient balance for requested
    /// action." beyond the free balance: locked funds stay with their
    /// orders). The account hears it as Binance tells a deposit: a
    /// `balanceUpdate` event (`d` the signed delta), then an
    /// `outboundAccountPosition` of that asset. Answers
    /// `{"asset","delta","free","locked","updateTime"}`.
    public func deposit(key: String, asset: String?, amount: String?) throws(BinanceError) -> JSONValue {
        guard let asset, !asset.isEmpty else { throw .mandatory("asset") }
        guard asset.count <= 20, asset.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
            throw BinanceError(status: 400, code: -1100, message: "Illegal characters found in parameter 'asset'; legal range is '^[A-Z0-9]{1,20}$'.")
        }
        guard let text = amount, let delta = Decimal.parse(text), delta != 0 else { throw .mandatory("amount") }
        guard delta.rounded(scale: 8, .plain) == delta else { throw .badPrecision("amount") }
        var account = account(key)
        guard account.free(asset) + delta >= 0 else { throw .rejected("Account has insufficient balance for requested action.") }
        let time = now()
        account.adjust(asset, free: delta)
        account.updateTime = time
        accounts[key] = account
        let balance = account.balances[asset] ?? (0, 0)
        userEvents.append((key, .object([("e", .string("balanceUpdate")), ("E", .integer(time)), ("a", .string(asset)), ("d", .fixed(delta)),
                                         ("T", .integer(time))])))
        userEvents.append((key, .object([
            ("e", .string("outboundAccountPosition")), ("E", .integer(time)), ("u", .integer(time)),
            ("B", .array([.object([("a", .string(asset)), ("f", .fixed(balance.free)), ("l", .fixed(balance.locked))])])),
        ])))
        return .object([("asset", .string(asset)), ("delta", .fixed(delta)), ("free", .fixed(balance.free)), ("locked", .fixed(balance.locked)),
                        ("updateTime", .integer(time))])
    }
}
