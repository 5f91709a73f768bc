import Foundation

/// `gen-report summary`: the first report over closed trades and the
/// realised equity curve (balance after each close).
public struct PerformanceSummary: Sendable, Equatable {
    public var trades = 0
    public var wins = 0
    public var losses = 0
    public var grossProfit: Decimal = 0
    public var grossLoss: Decimal = 0
    public var fees: Decimal = 0
    public var netProfit: Decimal = 0
    public var initialBalance: Decimal = 0
    public var balance: Decimal = 0
    public var maxDrawdown: Decimal = 0
    public var maxDrawdownFraction: Decimal = 0
    public var openPositions = 0
    public var tier: Tier = .sniper
    public var firstTrade: Timestamp?
    public var lastTrade: Timestamp?

    /// Share of closed trades that made money after fees (nil with no trades).
    public var winRate: Decimal? { trades == 0 ? nil : Decimal(wins) / Decimal(trades) }
    /// Gross profit over gross loss (nil when nothing was lost).
    public var profitFactor: Decimal? { grossLoss == 0 ? nil : grossProfit / grossLoss }
    public var netProfitFraction: Decimal { initialBalance == 0 ? 0 : netProfit / initialBalance }

    /// Computes the summary from trades in close order. `initialBalance` is the
    /// account's opening balance; the curve starts there.
    public init(account: Account, closed: [Position], openPositions: Int) {
        initialBalance = account.initialBalance
        balance = account.balance
        tier = account.tier
        self.openPositions = openPositions
        var equity = account.initialBalance
        var peak = equity
        for trade in closed {
            guard let pnl = trade.realizedPnL else { continue }
            trades += 1
            if pnl > 0 {
                wins += 1
                grossProfit += pnl
            } else {
                losses += 1
                grossLoss += -pnl
            }
            fees += trade.fees
            netProfit += pnl
            equity += pnl
            peak = max(peak, equity)
            let drawdown = peak - equity
            if drawdown > maxDrawdown {
                maxDrawdown = drawdown
                maxDrawdownFraction = peak > 0 ? drawdown / peak : 0
            }
            if firstTrade == nil { firstTrade = trade.closedAt }
            lastTrade = trade.closedAt
        }
    }

    public func percent(_ fraction: Decimal) -> String { (fraction * 100).rounded(scale: 2, .plain).plainText + "%" }
    public func money(_ value: Decimal) -> String { value.rounded(scale: 2, .plain).plainText }

    /// Rows of (label, value) for the terminal table.
    public var rows: [(String, String)] {
        [
            ("tier", tier.rawValue),
            ("trades", "\(trades)"),
            ("wins / losses", "\(wins) / \(losses)"),
            ("win rate", winRate.map(percent) ?? "n/a"),
            ("net P&L", "\(money(netProfit)) (\(percent(netProfitFraction)))"),
            ("gross profit / loss", "\(money(grossProfit)) / \(money(grossLoss))"),
            ("fees paid", money(fees)),
            ("profit factor", profitFactor.map { $0.rounded(scale: 2, .plain).plainText } ?? "n/a"),
            ("max drawdown", "\(money(maxDrawdown)) (\(percent(maxDrawdownFraction)))"),
            ("balance", "\(money(initialBalance)) -> \(money(balance))"),
            ("open positions", "\(openPositions)"),
            ("period", firstTrade.map { "\($0.utcDate) .. \(lastTrade!.utcDate)" } ?? "n/a"),
        ]
    }

    public func json() -> String {
        var line = JSONLineBuilder()
        line.field("tier", tier.rawValue)
        line.field("trades", trades)
        line.field("wins", wins)
        line.field("losses", losses)
        line.field("win_rate", winRate.map { $0.rounded(scale: 6, .plain) })
        line.field("net_pnl", netProfit)
        line.field("net_pnl_pct", (netProfitFraction * 100).rounded(scale: 4, .plain))
        line.field("gross_profit", grossProfit)
        line.field("gross_loss", grossLoss)
        line.field("fees", fees)
        line.field("profit_factor", profitFactor.map { $0.rounded(scale: 6, .plain) })
        line.field("max_drawdown", maxDrawdown)
        line.field("max_drawdown_pct", (maxDrawdownFraction * 100).rounded(scale: 4, .plain))
        line.field("initial_balance", initialBalance)
        line.field("balance", balance)
        line.field("open_positions", openPositions)
        line.field("first_trade", firstTrade?.iso8601)
        line.field("last_trade", lastTrade?.iso8601)
        return line.finish()
    }
}

/// A two-column table for people.
public enum TextTable {
    public static func render(title: String, rows: [(String, String)]) -> String {
        let width = rows.map(\.0.count).max() ?? 0
        var text = "\(title)\n\(String(repeating: "-", count: title.count))\n"
        for (label, value) in rows {
            text += label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value + "\n"
        }
        return text
    }
}
