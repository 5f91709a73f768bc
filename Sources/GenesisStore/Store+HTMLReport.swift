import Foundation
import GenesisDomain

extension HTMLReport {
    /// `gen-report html` of a session as stored: the metrics and breakdown
    /// tables, the equity curve with the timeline of tier changes, lockouts,
    /// halts and tilt levels on it, a price chart per traded symbol, and the
    /// tiers, tilt, audit and health tables, each read by the function its
    /// terminal report uses. All but "What discipline did", which replays the
    /// session with its configuration (the caller sets `discipline`).
    /// - `now`: ends the live account's curve and period; health is judged at it.
    public init(store: Store, session: String, now: Timestamp, health thresholds: HealthReport.Thresholds) throws {
        let data = try ReportData(store: store, session: session, now: now)
        let performance = try PerformanceReport(store: store, session: session, data: data)
        var tables: [(caption: String, rows: [(String, String)])] = performance.tables.map { (caption: $0.title, rows: $0.rows) }
        for dimension in [TradeBreakdown.strategy, .pair, .month] {
            tables.append((caption: "By \(dimension.rawValue)", rows: PerformanceMetrics.breakdown(data.trades, by: dimension).map { group in
                (group.key, "\(group.statistics.trades) trades, win rate \(ReportFormat.percent(group.statistics.winRate)), net \(ReportFormat.money(group.statistics.netPnL))")
            }))
        }
        self.init(title: "GENESIS report — session \(session)", equity: data.curve.points.map { ($0.day, $0.equity.approximateDouble) }, tables: tables)

        // A backtest's period is its replayed data; the live account's runs from its first day to now.
        let firstDay = data.curve.points.first?.day ?? now.utcDay
        let period = try store.replayedPeriod(session: session) ?? (from: Timestamp(milliseconds: firstDay * Timestamp.millisecondsPerDay), to: now)
        timeline = try store.disciplineTimeline(session: session, from: period.from, to: period.to)
        let tilt = try store.tiltHistory(session: session)
        self.tilt = tilt
        tiltChanges = tilt.changes.map { (time: $0.0, level: $0.1) }
        tierEvents = try store.auditTrail(AuditFilter(typePrefix: "tier.", aggregateID: session, limit: 100_000))
        audit = try store.sessionAuditTail(session: session, limit: 50)
        health = HealthReport(inputs: try store.healthInputs(), now: now, thresholds: thresholds)

        let positions = try data.allPositions ?? store.reportPositions(session: session).all
        var missing: [String] = []
        for symbol in Set(positions.map(\.symbol)).sorted() {
            if let series = try store.priceSeries(symbol: symbol, from: period.from, to: period.to), !series.points.isEmpty {
                prices.append(PriceChart(series: series, positions: positions))
            } else {
                missing.append(symbol)
            }
        }
        if !missing.isEmpty {
            pricesMissing = "No stored candles over the period for " + missing.joined(separator: ", ") + " (gen-fetch history or import fetches them)."
        }
    }
}
