import Foundation
import GenesisDomain
import GenesisStore

/// The live account beside its exchange (DESIGN §10): what the exchange
/// said it holds when an exchange command last read it, valued at the newest
/// stored closes, against what GENESIS manages (its balance and open
/// positions at the same closes). A difference is money that moved outside
/// GENESIS — a deposit, a withdrawal, a trade in another app — or fees in
/// another asset.
struct ExchangeComparison {
    var venue: String
    var readAt: Timestamp
    var balances: [ExchangeBalance]
    var exchangeEquity: Decimal
    var unpriced: [String]
    var managedEquity: Decimal
    var quote: String

    /// nil unless `session` is the live account and its exchange has been read.
    init?(store: Store, session: String, account: Account) throws {
        guard try store.isLive(session: session), let snapshot = try store.exchangeBalances() else { return nil }
        let now = Timestamp.now()
        let mark = { (symbol: String) in try store.latestClose(symbol: symbol, before: now) }
        let valued = try ExchangeBalance.equity(snapshot.balances, quote: account.quoteAsset, mark: mark)
        var marks: [String: Decimal] = [:]
        let positions = try store.openPositions(session: session)
        for position in positions { marks[position.symbol] = try mark(position.symbol) }
        venue = snapshot.venue
        readAt = snapshot.readAt
        balances = snapshot.balances
        exchangeEquity = valued.equity
        unpriced = valued.unpriced
        managedEquity = account.balance + RiskState.unrealized(of: positions, marks: marks)
        quote = account.quoteAsset
    }

    var difference: Decimal { exchangeEquity - managedEquity }

    var rows: [(String, String)] {
        let held = balances.map { "\($0.asset) \($0.total.plainText)" }.joined(separator: ", ")
        return [
            ("exchange holds", "\(held.isEmpty ? "nothing" : held) (\(venue), read \(readAt.iso8601))"),
            ("exchange equity", "\(exchangeEquity.rounded(scale: 2, .plain).plainText) \(quote)" + (unpriced.isEmpty ? "" : " (no stored price for \(unpriced.joined(separator: ", ")))")),
            ("managed by GENESIS", "\(managedEquity.rounded(scale: 2, .plain).plainText) \(quote) (balance and open positions at the newest stored closes)"),
            ("difference", difference.rounded(scale: 2, .plain).plainText + (difference == 0 ? "" : " (money moved outside GENESIS: a deposit, a withdrawal, a trade elsewhere, or fees in another asset)")),
        ]
    }

    func fields(_ line: inout JSONLineBuilder) {
        line.field("exchange_venue", venue)
        line.field("exchange_read_at", readAt.iso8601)
        line.field("exchange_equity", exchangeEquity)
        line.field("managed_equity", managedEquity)
        line.field("exchange_difference", difference)
    }
}

/// Deposits and withdrawals the exchange reported, and the tier's floor
/// clock they may have started: money moved, not profit or loss.
struct AccountTransfers {
    var deposited: Decimal = 0
    var withdrawn: Decimal = 0
    var recent: [AccountTransfer]
    var belowFloorSince: Timestamp?
    var quote: String

    init(store: Store, session: String, account: Account) throws {
        let transfers = try store.transfers(session: session)
        recent = Array(transfers.prefix(5))
        for transfer in transfers where transfer.asset == account.quoteAsset {
            if transfer.amount > 0 { deposited += transfer.amount } else { withdrawn -= transfer.amount }
        }
        belowFloorSince = try store.tierState(session: session).belowFloorSince
        quote = account.quoteAsset
    }

    var rows: [(String, String)] {
        var rows: [(String, String)] = []
        if !recent.isEmpty {
            rows.append(("deposits / withdrawals", "+\(deposited.plainText) / -\(withdrawn.plainText) \(quote) (moved the balance, not the P&L)"))
            for transfer in recent {
                rows.append(("  \(transfer.kind.lowercased())", "\(transfer.amount.plainText) \(transfer.asset) at \(transfer.occurredAt.iso8601) (\(transfer.venue))"))
            }
        }
        if let belowFloorSince { rows.append(("below the tier floor since", belowFloorSince.iso8601)) }
        return rows
    }

    func fields(_ line: inout JSONLineBuilder) {
        line.field("deposits", deposited)
        line.field("withdrawals", withdrawn)
        if let belowFloorSince { line.field("below_floor_since", belowFloorSince.iso8601) }
    }
}
