import Foundation

extension PerformanceMetrics {
    /// The figures of the daily equity curve by their JSON names
    /// (docs/METRICS.md, "The summary's figures"): money as exact decimal
    /// strings, `_pct` as decimal strings rounded to 4 places, statistics as
    /// JSON numbers in full precision, days as `YYYY-MM-DD`.
    public var members: [(String, JSONValue)] {
        [
            ("period_start", ReportFormat.jsonDay(firstDay)), ("period_end", ReportFormat.jsonDay(lastDay)), ("days", .integer(Int64(days))),
            ("opening_equity", .string(openingEquity.plainText)), ("final_equity", .string(finalEquity.plainText)),
            ("equity_net_pnl", .string(netPnL.plainText)),
            ("equity_net_pnl_pct", initialBalance > 0 ? ReportFormat.jsonPercent(netPnL / initialBalance * 100) : .null),
            ("sharpe", ReportFormat.json(sharpe)), ("sortino", ReportFormat.json(sortino)), ("calmar", ReportFormat.json(calmar)),
            ("annualised_return", ReportFormat.json(annualisedReturn)),
            ("equity_max_drawdown", .string((maxDrawdown?.amount ?? 0).plainText)),
            ("equity_max_drawdown_pct", ReportFormat.jsonPercent(maxDrawdown?.percent ?? 0)),
            ("equity_max_drawdown_start", ReportFormat.jsonDay(maxDrawdown?.startDay)),
            ("equity_max_drawdown_end", ReportFormat.jsonDay(maxDrawdown?.endDay)),
            ("longest_underwater_days", .integer(Int64(longestUnderwaterDays))),
        ]
    }

    /// Rows of (label, value) for people: the curve's figures.
    public var curveRows: [(String, String)] {
        let period = firstDay.map { "\(ReportFormat.date(of: $0)) .. \(ReportFormat.date(of: lastDay!)) (\(days) day\(days == 1 ? "" : "s"))" }
        let drawdown = maxDrawdown.map { drawdown in
            "\(ReportFormat.money(drawdown.amount)) (\(ReportFormat.percent(drawdown.fraction))) "
                + "\(ReportFormat.date(of: drawdown.startDay)) → \(ReportFormat.date(of: drawdown.endDay))"
        }
        return [
            ("period", period ?? ReportFormat.missing(whyNull[.periodStart])),
            ("equity", "\(ReportFormat.money(openingEquity)) -> \(ReportFormat.money(finalEquity))"),
            ("net P&L, marked to market", "\(ReportFormat.money(netPnL)) (\(ReportFormat.percent(netPnLFraction, why: whyNull[.equityNetPnLPercent])))"),
            ("Sharpe", ReportFormat.number(sharpe, why: whyNull[.sharpe])),
            ("Sortino", ReportFormat.number(sortino, why: whyNull[.sortino])),
            ("Calmar", ReportFormat.number(calmar, why: whyNull[.calmar])),
            ("annualised return", ReportFormat.percent(annualisedReturn, why: whyNull[.annualisedReturn])),
            ("max drawdown, marked to market (daily closes)", drawdown ?? "none"),
            ("longest underwater", "\(longestUnderwaterDays) days"),
        ]
    }
}

/// `gen-report summary`: the closed trades with the realised balance's
/// drawdown, then the daily equity curve's figures, for people (two tables)
/// and for machines (one JSON object holding every figure the tables show,
/// each missing one null with its reason in `why_null`).
public struct PerformanceReport: Sendable {
    public var session: String
    public var quoteAsset: String
    public var summary: PerformanceSummary
    public var metrics: PerformanceMetrics
    /// The positions open at the end of the report's period, marked at the
    /// last close stored by then.
    public var open: [OpenPositionMark]

    public init(session: String, quoteAsset: String, summary: PerformanceSummary, metrics: PerformanceMetrics, open: [OpenPositionMark] = []) {
        self.session = session
        self.quoteAsset = quoteAsset
        self.summary = summary
        self.metrics = metrics
        self.open = open
    }

    /// Every missing figure of both parts with its reason.
    public var whyNull: [Figure: String] { summary.whyNull.merging(metrics.whyNull) { $1 } }

    /// The two tables of the text report, by title.
    public var tables: [(title: String, rows: [(String, String)])] {
        var tables = [(title: "Closed trades (\(quoteAsset))", rows: summary.rows),
                      (title: "Daily equity curve, marked to market (docs/METRICS.md)", rows: metrics.curveRows)]
        if !open.isEmpty {
            let unrealized = open.compactMap(\.unrealized).reduce(0, +)
            tables.append((title: "Open positions at the end, marked to market (not in the closed trades)",
                           rows: open.map { ($0.symbol, $0.text) } + [("unrealised", ReportFormat.money(unrealized))]))
        }
        return tables
    }

    public var text: String { tables.map { TextTable.render(title: $0.title, rows: $0.rows) }.joined(separator: "\n") }

    /// Every figure by its JSON name, in the documented order, `why_null` last.
    public var members: [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [("session", .string(session)), ("tier", .string(summary.tier.rawValue))]
        members += summary.members
        members += [("initial_balance", .string(summary.initialBalance.plainText)), ("balance", .string(summary.balance.plainText)),
                    ("open_positions", .integer(Int64(summary.openPositions))),
                    ("open_positions_marked", .array(open.map(\.json))),
                    ("unrealized_pnl", .string(open.compactMap(\.unrealized).reduce(0, +).plainText)),
                    ("first_trade", summary.firstTrade.map { .string($0.iso8601) } ?? .null),
                    ("last_trade", summary.lastTrade.map { .string($0.iso8601) } ?? .null)]
        members += metrics.members
        members.append(("why_null", Figure.json(whyNull)))
        return members
    }

    /// One JSON object and a newline.
    public func json() -> String { JSONValue.object(members).text + "\n" }
}

/// A position open at the end of a report's period, marked at the last
/// close stored by then (nil when none is): what it would add if sold there,
/// before the exit fee. The parts already sold (`soldGross`) are in neither
/// the closed trades nor the curve until the position closes.
public struct OpenPositionMark: Sendable, Equatable {
    public var symbol: String
    public var quantity: Decimal
    public var entryPrice: Decimal
    public var openedAt: Timestamp
    public var close: Decimal?
    public var soldGross: Decimal

    public init(symbol: String, quantity: Decimal, entryPrice: Decimal, openedAt: Timestamp, close: Decimal?, soldGross: Decimal) {
        self.symbol = symbol
        self.quantity = quantity
        self.entryPrice = entryPrice
        self.openedAt = openedAt
        self.close = close
        self.soldGross = soldGross
    }

    public var unrealized: Decimal? { close.map { ($0 - entryPrice) * quantity } }

    var text: String {
        "\(quantity.plainText) since \(openedAt.utcDate) at \(entryPrice.plainText), last close \(close?.plainText ?? "n/a"): "
            + "unrealised \(unrealized.map(ReportFormat.money) ?? "n/a")" + (soldGross == 0 ? "" : ", part sold for \(ReportFormat.money(soldGross)) gross")
    }

    var json: JSONValue {
        .object([("symbol", .string(symbol)), ("quantity", .string(quantity.plainText)), ("entry_price", .string(entryPrice.plainText)),
                 ("opened_at", .string(openedAt.iso8601)), ("close", close.map { .string($0.plainText) } ?? .null),
                 ("unrealized_pnl", unrealized.map { .string($0.plainText) } ?? .null), ("sold_gross", .string(soldGross.plainText))])
    }
}
