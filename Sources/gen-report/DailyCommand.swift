import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisCommandLine

/// `gen-report daily`: one UTC day on one page, for the 07:00 cron job to
/// mail or post (DESIGN §8): the day's trades and P&L, the tier and its
/// gates, the tilt level, the day's alerts and the health of the watcher and
/// the pipeline. Every part comes from the builder its own command uses
/// (`PeriodSummary` of `summary --by day`, `TierMachine` of `gen-risk tier`,
/// `tiltReport` of `gen-tilt status`, `HealthReport` of `gen-report health`),
/// so the daily page can never disagree with them.
struct Daily: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One UTC day: its trades and P&L (dollars, then percent), the tier and its gates, tilt level and score, the day's alerts, and health.",
        discussion: """
            --day is today (the default), yesterday, or a date YYYY-MM-DD (UTC). P&L is the day's row of \
            `gen-report summary --by day`: net P&L of the trades closed that day, then the change of the \
            marked-to-market equity and its percent. Tier and tilt are as at the day's end (now, for today), \
            read without changing anything; alerts are the day's events that warn a person (emergency and \
            other demotions, deleveraging, tilt levels and lockouts, trading halted or reducing, exchange \
            pauses and bans, risk violations and forced correlation reductions); health is `gen-report health` \
            now, watcher and pipeline. It only reads the store; the exit code is 0 whatever the day held.

            Examples:
              gen-report daily
              gen-report daily --day yesterday --json
              gen-report daily --day 2024-08-08 --session backtest-2024
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }
    @Option(help: ArgumentHelp("The UTC day: today, yesterday or YYYY-MM-DD.", valueName: "day")) var day = "today"
    @Flag(help: "One JSON object instead of tables.") var json = false

    func validate() throws {
        guard ["today", "yesterday"].contains(day) || Self.parseDate(day) != nil else {
            throw ValidationError("--day '\(day)' is not today, yesterday or a date YYYY-MM-DD")
        }
    }

    /// A UTC day number from `YYYY-MM-DD`, nil for anything else.
    static func parseDate(_ text: String) -> Int64? {
        guard text.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}/) != nil, let time = Timestamp(parsing: text) else { return nil }
        // A date that does not exist (2024-02-30) must not roll over into another one.
        guard SummaryPeriod.day.key(day: time.utcDay) == text else { return nil }
        return time.utcDay
    }

    /// Event types that warn a person, the day's alerts.
    static let alertTypes: Set<String> = [
        "tier.demoted", "tier.deleveraged", "tilt.locked", "tilt.level_changed", "trading.halted", "trading.reducing",
        "exchange.banned", "exchange.paused", "risk.violation", "risk.correlation_reduced",
    ]

    func run() throws {
        let logger = global.logger("gen-report")
        let store = try global.openStore("gen-report daily", create: false)
        _ = try store.reportedAccount(session: session)
        let config = try global.loadConfig(adoptingFor: store, session: session, logger: logger)
        let now = try store.liveClock().now()
        let dayNumber = day == "today" ? now.utcDay : day == "yesterday" ? now.utcDay - 1 : Self.parseDate(day)!
        let start = Timestamp(milliseconds: dayNumber * Timestamp.millisecondsPerDay)
        let end = Timestamp(milliseconds: start.milliseconds + Timestamp.millisecondsPerDay)
        // The day as it ended (or now, for today): a report of a past day must not judge by later events.
        let asOf = min(now, Timestamp(milliseconds: end.milliseconds - 1))
        let key = SummaryPeriod.day.key(day: dayNumber)

        let data = try ReportData(store: store, session: session, now: now)
        let period = PeriodSummary.periods(by: .day, curve: data.curve, trades: data.trades).first { $0.period == key }
            ?? PeriodSummary(period: key, trading: TradeStatistics(trades: []))
        let trades = data.trades.filter { SummaryPeriod.day.key(day: EquityCurve.day(closedBy: $0.closedAt)) == key }.sorted { $0.closedAt < $1.closedAt }
        let opened = try store.openPositions(session: session).filter { $0.openedAt >= start && $0.openedAt < end }
        let evaluation = TierMachine(config: config).evaluate(try store.tierSnapshot(session: session, config: config, now: asOf), now: asOf)
        let tilt = try store.tiltReport(session: session, config: config, now: asOf)
        let alerts = try store.auditTrail(AuditFilter(since: start, until: end, limit: 1_000_000)).filter { Self.isAlert($0, session: session) }
        let thresholds = HealthReport.Thresholds(maxHeartbeatAgeMs: Int64(HealthReport.freshIntervals * config.watcher.heartbeatSeconds) * 1000,
                                                 pipelineDeadAfterMs: Int64(config.pipeline.deadAfterSeconds) * 1000)
        let health = HealthReport(inputs: try store.healthInputs(), now: now, thresholds: thresholds)

        let report = DailyReport(session: session, day: key, asOf: asOf, quoteAsset: data.account.quoteAsset, period: period, trades: trades,
                                 opened: opened, evaluation: evaluation, locked: evaluation.lockedFeatures(config: config), tilt: tilt,
                                 alerts: alerts, health: health)
        print(json ? report.json() : report.text(), terminator: "")
    }

    /// An alert of this session: a tier, tilt or risk-violation event of
    /// another session is that session's business; the rest (trading state,
    /// exchange pauses, correlation reductions) concern every session.
    static func isAlert(_ entry: AuditEntry, session: String) -> Bool {
        guard alertTypes.contains(entry.type) else { return false }
        let parts = entry.aggregate.split(separator: ":", maxSplits: 1).map(String.init)
        if parts.first == "tier" || parts.first == "tilt" || entry.type == "risk.violation" { return parts.count == 2 && parts[1] == session }
        return true
    }
}

/// The parts of `gen-report daily`, rendered as tables or one JSON object.
struct DailyReport {
    var session: String
    var day: String
    var asOf: Timestamp
    var quoteAsset: String
    var period: PeriodSummary
    var trades: [TradeResult]
    var opened: [Position]
    var evaluation: TierEvaluation
    var locked: [String]
    var tilt: TiltReport
    var alerts: [AuditEntry]
    var health: HealthReport

    static func signed(_ value: Decimal) -> String { (value > 0 ? "+" : "") + ReportFormat.money(value) }

    func text() -> String {
        var out = "GENESIS daily report \(day) (UTC), session \(session), as of \(asOf.iso8601)\n\n"
        let t = period.trading
        let change = period.equityChange.map { Self.signed($0) + " \(quoteAsset)" } ?? "n/a"
        let percent = period.returnFraction.map { (($0 > 0) ? "+" : "") + ReportFormat.percent($0) } ?? "n/a"
        out += TextTable.render(title: "P&L", rows: [
            ("net P&L (trades closed)", Self.signed(t.netPnL) + " \(quoteAsset)"),
            ("equity change", "\(change) (\(percent))"),
            ("equity at the close", period.closingEquity.map { ReportFormat.money($0) + " \(quoteAsset)" } ?? "n/a"),
            ("trades", "\(t.trades): \(t.wins) won, \(t.losses) lost, win rate \(ReportFormat.percent(t.winRate))"),
            ("positions opened, still open", String(opened.count)),
        ])
        out += "\nTrades closed\n"
        if trades.isEmpty {
            out += "  none\n"
        } else {
            let header = ["closed", "symbol", "strategy", "P&L", "fees"]
            let rows = trades.map { [$0.closedAt.iso8601, $0.symbol, $0.strategy, Self.signed($0.pnl), ReportFormat.money($0.fees)] }
            out += ReportTable.aligned([header] + rows).split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
            if !out.hasSuffix("\n") { out += "\n" }
        }
        for position in opened {
            out += "  open: \(position.symbol) \(position.quantity.plainText) at \(position.entryPrice.plainText) since \(position.openedAt.iso8601) (\(position.strategy))\n"
        }
        var tierRows = [("tier", evaluation.tier.rawValue + (evaluation.target.map { "; next: \($0.rawValue)" } ?? " (the highest)"))]
        for gate in evaluation.gates { tierRows.append(("\(gate.passed ? "✓" : "✗") \(gate.name)", "\(gate.current) (needs \(gate.required))")) }
        if !locked.isEmpty { tierRows.append(("locked", locked.joined(separator: ", "))) }
        out += "\n" + TextTable.render(title: "Tier", rows: tierRows)
        out += "\n" + TextTable.render(title: "Tilt", rows: [("level", tilt.level.rawValue), ("score", "\(tilt.assessment.score) / 100")])
        out += "\nAlerts\n"
        out += alerts.isEmpty ? "  none\n" : alerts.map { "  \($0.occurredAt.iso8601)  \($0.type)  \($0.payload)\n" }.joined()
        out += "\n" + TextTable.render(title: "Health now (\(health.healthy ? "healthy" : "UNHEALTHY"))", rows: health.rows)
        return out
    }

    func json() -> String {
        let t = period.trading
        let healthObject = (try? JSONValue.parse(Data(health.json().utf8))) ?? .string(health.json())
        let object = JSONValue.object([
            ("session", .string(session)),
            ("day", .string(day)),
            ("as_of", .string(asOf.iso8601)),
            ("quote_asset", .string(quoteAsset)),
            ("net_pnl", .string(t.netPnL.plainText)),
            ("equity_change", period.equityChange.map { .string($0.plainText) } ?? .null),
            ("return_pct", period.returnFraction.map { ReportFormat.jsonPercent($0 * 100) } ?? .null),
            ("pnl", .object(period.members)),
            ("trades", .array(trades.map { trade in
                .object([("closed_at", .string(trade.closedAt.iso8601)), ("opened_at", .string(trade.openedAt.iso8601)), ("symbol", .string(trade.symbol)),
                         ("strategy", .string(trade.strategy)), ("pnl", .string(trade.pnl.plainText)), ("fees", .string(trade.fees.plainText))])
            })),
            ("opened", .array(opened.map { position in
                .object([("opened_at", .string(position.openedAt.iso8601)), ("symbol", .string(position.symbol)), ("strategy", .string(position.strategy)),
                         ("quantity", .string(position.quantity.plainText)), ("entry_price", .string(position.entryPrice.plainText))])
            })),
            ("tier", .object([
                ("tier", .string(evaluation.tier.rawValue)),
                ("target", evaluation.target.map { .string($0.rawValue) } ?? .null),
                ("passed", .bool(evaluation.passed)),
                ("gates", .array(evaluation.gates.map { gate in
                    .object([("gate", .string(gate.name)), ("current", .string(gate.current)), ("required", .string(gate.required)), ("passed", .bool(gate.passed))])
                })),
                ("locked", .array(locked.map { .string($0) })),
            ])),
            ("tilt", .object([("level", .string(tilt.level.rawValue)), ("score", .integer(Int64(tilt.assessment.score)))])),
            ("alerts", .array(alerts.map { entry in
                .object([("time", .string(entry.occurredAt.iso8601)), ("type", .string(entry.type)), ("aggregate", .string(entry.aggregate)),
                         ("payload", (try? JSONValue.parse(Data(entry.payload.utf8))) ?? .string(entry.payload))])
            })),
            ("healthy", .bool(health.healthy)),
            ("health", healthObject),
        ])
        return object.text + "\n"
    }
}
