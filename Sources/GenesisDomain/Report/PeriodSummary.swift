import Foundation

/// The periods `gen-report summary --by` splits a session into (UTC).
public enum SummaryPeriod: String, Sendable, CaseIterable {
    case day, week, month

    /// The period's key of a UTC day number, named as `gen-report breakdown`
    /// names it: `2024-03-01`, `2024-W09` (ISO week), `2024-03`.
    public func key(day: Int64) -> String { TradeBreakdown(rawValue: rawValue)!.key(day: day)! }
}

/// One row of `gen-report summary --by day|week|month`: the figures of the
/// whole-period summary that mean something for one period (docs/METRICS.md,
/// "Per-period summaries").
///
/// A trade belongs to the period of the curve day its close is counted on
/// (`EquityCurve.day(closedBy:)`), so a period's net P&L and its return
/// come from the same days, and every trade is in exactly one period: the
/// periods' net P&L adds up to the session's, exactly.
public struct PeriodSummary: Sendable, Equatable {
    /// The period's key (`SummaryPeriod.key(day:)`).
    public var period: String
    /// The closed trades of the period.
    public var trading: TradeStatistics
    /// The period's first and last day on the equity curve; nil when no day
    /// of the curve falls in it (a trade closed outside the curve's days).
    public var firstDay: Int64?
    public var lastDay: Int64?
    /// The period's days on the curve.
    public var days: Int
    /// The equity the period opened with: the previous period's last close,
    /// or the curve's opening equity for the first period.
    public var openingEquity: Decimal?
    /// The equity at the period's last close.
    public var closingEquity: Decimal?
    /// The deepest fall of the daily closes within the period below an
    /// earlier peak, the opening equity counting as a peak (the definition of
    /// `PerformanceMetrics.maxDrawdown`, applied to the period's days); nil
    /// when it never closed below one.
    public var maxDrawdown: Drawdown?

    /// `closingEquity − openingEquity`: realised and unrealised.
    public var equityChange: Decimal? {
        guard let openingEquity, let closingEquity else { return nil }
        return closingEquity - openingEquity
    }

    /// `closingEquity / openingEquity − 1`, exact; nil without curve days or
    /// after an opening at zero or below.
    public var returnFraction: Decimal? {
        guard let openingEquity, openingEquity > 0, let equityChange else { return nil }
        return equityChange / openingEquity
    }

    public init(period: String, trading: TradeStatistics, firstDay: Int64? = nil, lastDay: Int64? = nil, days: Int = 0,
                openingEquity: Decimal? = nil, closingEquity: Decimal? = nil, maxDrawdown: Drawdown? = nil) {
        self.period = period
        self.trading = trading
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.days = days
        self.openingEquity = openingEquity
        self.closingEquity = closingEquity
        self.maxDrawdown = maxDrawdown
    }

    /// The session split into periods, oldest first: every period that holds
    /// a day of the curve or the close of a trade.
    public static func periods(by period: SummaryPeriod, curve: EquityCurve, trades: [TradeResult]) -> [PeriodSummary] {
        // Each period's trade statistics from one pass over the trades; a period's text is built once per curve day.
        let statistics = PerformanceMetrics.groupStatistics(trades, by: TradeResult.keyOncePerDay(day: { EquityCurve.day(closedBy: $0.closedAt) },
                                                                                                  key: period.key(day:)))
        let tradesByPeriod = Dictionary(uniqueKeysWithValues: statistics.map { ($0.key, $0.statistics) })
        // The curve's days are consecutive, so each period's days are one run of points.
        var runs: [(key: String, points: [EquityPoint])] = []
        for point in curve.points {
            let key = period.key(day: point.day)
            if runs.last?.key == key { runs[runs.count - 1].points.append(point) } else { runs.append((key, [point])) }
        }
        var summaries: [PeriodSummary] = []
        var opening = curve.openingEquity
        for run in runs {
            // The period's days as a curve of their own that opens at the previous close:
            // its drawdown is then the whole curve's definition applied to the period.
            let days = EquityCurve(initialBalance: opening, startDay: run.points.first!.day, endDay: run.points.last!.day, changes: [],
                                   markToMarket: Dictionary(uniqueKeysWithValues: run.points.map { ($0.day, $0.equity - opening) }))
            let metrics = PerformanceMetrics(curve: days, trading: tradesByPeriod[run.key] ?? TradeStatistics(trades: []))
            summaries.append(PeriodSummary(period: run.key, trading: metrics.trading, firstDay: run.points.first!.day, lastDay: run.points.last!.day,
                                           days: run.points.count, openingEquity: opening, closingEquity: run.points.last!.equity,
                                           maxDrawdown: metrics.maxDrawdown))
            opening = run.points.last!.equity
        }
        let onCurve = Set(runs.map(\.key))
        for (key, trading) in tradesByPeriod where !onCurve.contains(key) {
            summaries.append(PeriodSummary(period: key, trading: trading))
        }
        return summaries.sorted { $0.period < $1.period }
    }

    /// Why each missing figure of the row is missing, by its JSON name.
    public var whyNull: [String: String] {
        var reasons: [String: String] = [:]
        for (figure, reason) in trading.whyNull where [.winRate, .profitFactor, .expectancy].contains(figure) { reasons[figure.rawValue] = reason }
        if firstDay == nil {
            for name in ["period_start", "period_end", "opening_equity", "closing_equity", "equity_change", "return_pct",
                         "equity_max_drawdown", "equity_max_drawdown_pct"] {
                reasons[name] = "no day of the equity curve falls in this period"
            }
        } else if returnFraction == nil {
            reasons["return_pct"] = "the period opened at zero or negative equity"
        }
        return reasons
    }

    /// The CSV columns, and the members of each JSON object before `why_null`.
    public static let columns = ["period", "period_start", "period_end", "days", "trades", "wins", "losses", "win_rate", "net_pnl",
                                 "profit_factor", "expectancy", "opening_equity", "closing_equity", "equity_change", "return_pct",
                                 "equity_max_drawdown", "equity_max_drawdown_pct"]

    /// The row by its JSON names, `summary --json`'s conventions: money as
    /// exact decimal strings, `_pct` as decimal strings rounded to 4 places,
    /// statistics as JSON numbers, null with its reason in `why_null`.
    public var members: [(String, JSONValue)] {
        let t = trading
        let onCurve = firstDay != nil
        let members: [(String, JSONValue)] = [
            ("period", .string(period)), ("period_start", ReportFormat.jsonDay(firstDay)), ("period_end", ReportFormat.jsonDay(lastDay)),
            ("days", .integer(Int64(days))),
            ("trades", .integer(Int64(t.trades))), ("wins", .integer(Int64(t.wins))), ("losses", .integer(Int64(t.losses))),
            ("win_rate", ReportFormat.json(t.winRate)), ("net_pnl", .string(t.netPnL.plainText)),
            ("profit_factor", ReportFormat.json(t.profitFactor)),
            ("expectancy", t.expectancy.map { .string($0.rounded(scale: 8, .plain).plainText) } ?? .null),
            ("opening_equity", openingEquity.map { .string($0.plainText) } ?? .null),
            ("closing_equity", closingEquity.map { .string($0.plainText) } ?? .null),
            ("equity_change", equityChange.map { .string($0.plainText) } ?? .null),
            ("return_pct", returnFraction.map { ReportFormat.jsonPercent($0 * 100) } ?? .null),
            ("equity_max_drawdown", onCurve ? .string((maxDrawdown?.amount ?? 0).plainText) : .null),
            ("equity_max_drawdown_pct", onCurve ? ReportFormat.jsonPercent(maxDrawdown?.percent ?? 0) : .null),
        ]
        let reasons = whyNull
        return members + [("why_null", .object(Self.columns.compactMap { name in reasons[name].map { (name, .string($0)) } }))]
    }

    /// The rows for `--json` (array of objects) and `--csv`.
    public static func table(_ periods: [PeriodSummary]) -> ReportTable {
        ReportTable(columns: columns, rows: periods.map(\.members))
    }

    /// The rows for people, one line per period.
    public static func text(_ periods: [PeriodSummary], by period: SummaryPeriod) -> String {
        let header = [period.rawValue, "trades", "wins", "win rate", "net P&L", "profit factor", "expectancy", "return", "max drawdown"]
        let lines = periods.map { row -> [String] in
            let t = row.trading
            let drawdown = row.firstDay == nil ? "n/a"
                : row.maxDrawdown.map { "\(ReportFormat.money($0.amount)) (\(ReportFormat.percent($0.fraction)))" } ?? "none"
            return [row.period, String(t.trades), String(t.wins), ReportFormat.percent(t.winRate), ReportFormat.money(t.netPnL),
                    ReportFormat.number(t.profitFactor), t.expectancy.map(ReportFormat.money) ?? "n/a",
                    ReportFormat.percent(row.returnFraction?.approximateDouble), drawdown]
        }
        return ReportTable.aligned([header] + lines)
    }
}
