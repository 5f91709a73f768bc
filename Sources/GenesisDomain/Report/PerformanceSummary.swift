import Foundation

/// The closed trades of `gen-report summary` (and of GET /v1/performance for
/// a period): the trade statistics, and the drawdown of the *realised*
/// balance, the balance after each close. That drawdown is the one the risk
/// limits watch between fills; the marked-to-market drawdown of the daily
/// equity curve is `PerformanceMetrics.maxDrawdown`. They differ whenever an
/// open position sinks below its entry and recovers, so each has its own name.
public struct PerformanceSummary: Sendable, Equatable {
    public var trading: TradeStatistics
    public var initialBalance: Decimal
    public var balance: Decimal
    /// The deepest fall of the balance after a close below its highest
    /// earlier value (the initial balance included): amount and fraction of
    /// that peak, exact. 0 when it never fell.
    public var realizedMaxDrawdown: Decimal = 0
    public var realizedMaxDrawdownFraction: Decimal = 0
    public var openPositions: Int
    public var tier: Tier
    public var firstTrade: Timestamp?
    public var lastTrade: Timestamp?

    /// Realised net P&L over the initial balance (0 when that is 0).
    public var netProfitFraction: Decimal { initialBalance == 0 ? 0 : trading.netPnL / initialBalance }

    /// Computes the summary; `closed` may come in any order (the balance is
    /// walked in close order). `account.initialBalance` is where the balance
    /// starts.
    public init(account: Account, closed: [Position], openPositions: Int) {
        self.init(account: account, trades: closed.compactMap(TradeResult.init(closed:)), openPositions: openPositions)
    }

    /// The same from the closed positions' results (`TradeResult(closed:)`),
    /// in any order: the report reader has them at hand, so the positions
    /// are not turned into results a second time.
    public init(account: Account, trades results: [TradeResult], openPositions: Int) {
        initialBalance = account.initialBalance
        balance = account.balance
        tier = account.tier
        self.openPositions = openPositions
        let trades = TradeResult.inCloseOrder(results)
        trading = TradeStatistics(trades: trades)
        var realised = DecimalSum(account.initialBalance)
        var peak = account.initialBalance
        // The deepest fraction so far as the exact ratio it was divided from: a drawdown whose exact ratio
        // is not above it cannot divide to a larger `Decimal` (rounding keeps the order), so only a new
        // deepest one is divided, as before, and compared.
        var deepest: RatioBound?
        for trade in trades {
            realised.add(trade.pnl)
            let balance = realised.total
            // `max(peak, balance)` (`balance >= peak ? balance : peak`) and the sign tests in exact integers
            // (`compareExactly`), as Foundation's comparisons answer them.
            if Decimal.compareExactly(balance, peak) != .orderedAscending { peak = balance }
            let drawdown = peak.subtractingExactly(balance)
            guard drawdown.isAboveZero, peak.isAboveZero else { continue }
            if let deepest, !deepest.mayBeExceeded(by: drawdown, over: peak) { continue }
            let fraction = drawdown / peak
            if fraction > realizedMaxDrawdownFraction {
                realizedMaxDrawdown = drawdown
                realizedMaxDrawdownFraction = fraction
                deepest = RatioBound(numerator: drawdown, denominator: peak)
            }
        }
        firstTrade = trades.first?.closedAt
        lastTrade = trades.last?.closedAt
    }

    /// Why each missing figure of the closed trades is missing.
    public var whyNull: [Figure: String] {
        var reasons = trading.whyNull
        if firstTrade == nil {
            reasons[.firstTrade] = "no closed trades"
            reasons[.lastTrade] = "no closed trades"
        }
        return reasons
    }

    /// The figures of the closed trades by their JSON names (docs/METRICS.md,
    /// "The summary's figures"): money as exact decimal strings, `_pct` as
    /// decimal strings rounded to 4 places, statistics as JSON numbers.
    public var members: [(String, JSONValue)] {
        let t = trading
        return [
            ("trades", .integer(Int64(t.trades))), ("wins", .integer(Int64(t.wins))), ("losses", .integer(Int64(t.losses))),
            ("breakeven", .integer(Int64(t.breakeven))), ("win_rate", ReportFormat.json(t.winRate)),
            ("net_pnl", .string(t.netPnL.plainText)), ("net_pnl_pct", ReportFormat.jsonPercent(netProfitFraction * 100)),
            ("gross_profit", .string(t.grossProfit.plainText)), ("gross_loss", .string(t.grossLoss.plainText)), ("fees", .string(t.fees.plainText)),
            ("profit_factor", ReportFormat.json(t.profitFactor)), ("expectancy", t.expectancy.map { .string($0.rounded(scale: 8, .plain).plainText) } ?? .null),
            ("average_r", ReportFormat.json(t.averageR)), ("sqn", ReportFormat.json(t.sqn)),
            ("longest_win_streak", .integer(Int64(t.longestWinStreak))), ("longest_loss_streak", .integer(Int64(t.longestLossStreak))),
            ("realized_max_drawdown", .string(realizedMaxDrawdown.plainText)),
            ("realized_max_drawdown_pct", ReportFormat.jsonPercent(realizedMaxDrawdownFraction * 100)),
        ]
    }

    /// Rows of (label, value) for the terminal table.
    public var rows: [(String, String)] {
        let t = trading
        let reasons = whyNull
        return [
            ("tier", tier.rawValue),
            ("trades", "\(t.trades) (\(t.wins) wins, \(t.losses) losses, \(t.breakeven) breakeven)"),
            ("win rate", ReportFormat.percent(t.winRate, why: reasons[.winRate])),
            ("net P&L, realised", "\(ReportFormat.money(t.netPnL)) (\(ReportFormat.percent(netProfitFraction)))"),
            ("gross profit / loss", "\(ReportFormat.money(t.grossProfit)) / \(ReportFormat.money(t.grossLoss))"),
            ("fees paid", ReportFormat.money(t.fees)),
            ("profit factor", ReportFormat.number(t.profitFactor, why: reasons[.profitFactor])),
            ("expectancy", t.expectancy.map(ReportFormat.money) ?? ReportFormat.missing(reasons[.expectancy])),
            ("average R", ReportFormat.number(t.averageR, why: reasons[.averageR])),
            ("SQN", ReportFormat.number(t.sqn, why: reasons[.sqn])),
            ("longest streaks", "\(t.longestWinStreak) wins, \(t.longestLossStreak) losses"),
            ("max drawdown, realised (balance at each close)",
             realizedMaxDrawdown == 0 ? "none" : "\(ReportFormat.money(realizedMaxDrawdown)) (\(ReportFormat.percent(realizedMaxDrawdownFraction)))"),
            ("balance", "\(ReportFormat.money(initialBalance)) -> \(ReportFormat.money(balance))"),
            ("open positions", "\(openPositions)"),
            ("first .. last close", firstTrade.map { "\($0.utcDate) .. \(lastTrade!.utcDate)" } ?? ReportFormat.missing(reasons[.firstTrade])),
        ]
    }
}

/// How the reports write numbers, for people and for JSON, in one place.
public enum ReportFormat {
    /// Money for people: 2 places.
    public static func money(_ value: Decimal) -> String { value.rounded(scale: 2, .plain).plainText }
    /// A fraction for people as a percent with 2 places (0.1 is "10.00%").
    public static func percent(_ fraction: Decimal) -> String { money(fraction * 100) + "%" }
    public static func percent(_ fraction: Double?, why: String? = nil) -> String {
        fraction.map { String(format: "%.2f%%", $0 * 100) } ?? missing(why)
    }
    /// A statistic for people: 2 places.
    public static func number(_ value: Double?, places: Int = 2, why: String? = nil) -> String {
        value.map { String(format: "%.\(places)f", $0) } ?? missing(why)
    }
    /// A missing figure for people: `n/a`, with its reason when there is one.
    public static func missing(_ reason: String?) -> String { reason.map { "n/a (\($0))" } ?? "n/a" }

    /// A statistic for machines: a JSON number in full precision (the
    /// shortest text that reads back as the same Double), null when missing.
    public static func json(_ value: Double?) -> JSONValue { value.flatMap { $0.isFinite ? .number($0) : nil } ?? .null }
    /// A percent for machines: a decimal string rounded to 4 places.
    public static func jsonPercent(_ percent: Decimal) -> JSONValue { .string(percent.rounded(scale: 4, .plain).plainText) }
    /// A UTC day for machines: `YYYY-MM-DD`, null when missing.
    public static func jsonDay(_ day: Int64?) -> JSONValue { day.map { .string(date(of: $0)) } ?? .null }
    /// `YYYY-MM-DD` of a UTC day number.
    public static func date(of day: Int64) -> String { Timestamp(milliseconds: day * Timestamp.millisecondsPerDay).utcDate }
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
