import Foundation
import GRDB
import GenesisDomain

/// A deposit or a withdrawal the exchange reported (`balanceUpdate`).
public struct AccountTransfer: Sendable, Equatable {
    public var venue: String
    public var asset: String
    /// Signed: a deposit is positive, a withdrawal negative.
    public var amount: Decimal
    public var occurredAt: Timestamp

    public init(venue: String, asset: String, amount: Decimal, occurredAt: Timestamp) {
        self.venue = venue
        self.asset = asset
        self.amount = amount
        self.occurredAt = occurredAt
    }

    public var kind: String { amount >= 0 ? "DEPOSIT" : "WITHDRAWAL" }

    /// What makes the exchange's report of it unique: a replayed or
    /// re-delivered `balanceUpdate` is the same transfer, recorded once.
    public var sourceKey: String { "\(venue):\(asset):\(occurredAt.milliseconds):\(amount.plainText)" }
}

/// Money moved in or out of the live account (DESIGN §10: deposits and
/// withdrawals are not profit or loss). A transfer of the account's quote
/// asset moves the balance, and with it the peak, the day's starting balance
/// and the drawdown peak since the last emergency by the same amount: the
/// day's P&L and the drawdown stay what trading made them, while sizing, the
/// tier floor (a withdrawal under it starts the floor clock) and the loss
/// limits see the money that is there. Transfers of other assets are recorded only.
extension Store {
    /// Records a transfer once (by its source key). Returns the account after
    /// it, or nil when it was already recorded.
    @discardableResult
    public func recordTransfer(_ transfer: AccountTransfer, session: String = Account.defaultSession, at time: Timestamp) throws -> Account? {
        try write { db in
            guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM account_transfers WHERE source_key = ?)"), arguments: [transfer.sourceKey]) == false else {
                return nil
            }
            guard var account = try fetchAccount(db, session: session) else { throw GenesisError.noAccount(database: path) }
            try db.cachedStatement(sql: """
                INSERT INTO account_transfers (session, venue, asset, amount, kind, source_key, occurred_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [session, transfer.venue, transfer.asset, transfer.amount.plainText, transfer.kind, transfer.sourceKey,
                                 transfer.occurredAt.milliseconds, time.milliseconds])
            var payload = ["venue": transfer.venue, "asset": transfer.asset, "amount": transfer.amount.plainText]
            if transfer.asset == account.quoteAsset {
                account.apply(transfer: transfer.amount)
                try saveAccount(account, session: session, at: time, in: db)
                var tier = try fetchTierState(db, session: session)
                if let peak = tier.peakSinceDemotion {
                    tier.peakSinceDemotion = max(0, peak + transfer.amount)
                    try saveTierState(tier, session: session, at: time, in: db)
                }
                payload.merge(["balance": account.balance.plainText]) { $1 }
                payload.merge(Self.verifiableFields(account)) { $1 }
            }
            try append(AuditEvent(type: transfer.amount >= 0 ? "account.deposit" : "account.withdrawal", aggregateType: "account", aggregateID: session,
                                  occurredAt: transfer.occurredAt, payload: payload), in: db)
            return account
        }
    }

    /// The transfers recorded for the session, newest first.
    public func transfers(session: String = Account.defaultSession) throws -> [AccountTransfer] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT venue, asset, amount, occurred_at FROM account_transfers WHERE session = ? ORDER BY occurred_at DESC, id DESC"),
                             arguments: [session]).compactMap { row in
                Decimal.parse(row["amount"] as String).map {
                    AccountTransfer(venue: row["venue"], asset: row["asset"], amount: $0, occurredAt: Timestamp(milliseconds: row["occurred_at"]))
                }
            }
        }
    }
}
