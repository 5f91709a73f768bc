import Foundation

/// `gen-report html`: one self-contained page — no script, no external file —
/// with every chart drawn as inline SVG by `HTMLChart` (equity with the
/// tier/tilt/halt timeline on it, drawdown, a price chart per traded symbol
/// with its entries and exits) and the tables the terminal reports print
/// (metrics, breakdowns, tiers, tilt, an audit excerpt, health).
public struct HTMLReport: Sendable {
    public var title: String
    /// (UTC day number, equity) in day order.
    public var equity: [(day: Int64, value: Double)]
    /// Tables: a caption and its rows of (label, value).
    public var tables: [(caption: String, rows: [(String, String)])]
    /// What discipline did, marked on the equity chart: tier changes,
    /// lockouts, halts and resumes (`Store.disciplineTimeline`).
    public var timeline: [DisciplineEvent] = []
    /// Each change of the tilt level (`gen-report tilt`), marked too.
    public var tiltChanges: [(time: Timestamp, level: TiltLevel)] = []
    /// One chart per traded symbol, in symbol order.
    public var prices: [PriceChart] = []
    /// Why a traded symbol has no price chart, said on the page ("" when each has one).
    public var pricesMissing = ""
    /// The tier events (`gen-report tiers`); nil leaves the section out.
    public var tierEvents: [AuditEntry]?
    /// `gen-report tilt`; nil leaves the section out.
    public var tilt: TiltHistoryReport?
    /// The newest events of the session, oldest first (`gen-report audit`).
    public var audit: [AuditEntry]?
    /// `gen-report health`; nil leaves the section out.
    public var health: HealthReport?
    /// "What discipline did": the session beside its signals run unguarded
    /// (`gen-report discipline`); nil when the session cannot be compared.
    public var discipline: DisciplineSection?
    /// Why the discipline section is missing, said on the page instead.
    public var disciplineMissing: String?

    public init(title: String, equity: [(day: Int64, value: Double)], tables: [(caption: String, rows: [(String, String)])]) {
        self.title = title
        self.equity = equity
        self.tables = tables
    }

    /// Drawdown from the running peak, as a negative percentage, per day.
    public var drawdown: [(day: Int64, value: Double)] {
        var peak = -Double.infinity
        return equity.map { point in
            peak = max(peak, point.value)
            return (point.day, peak > 0 ? (point.value - peak) / peak * 100 : 0)
        }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    public static func date(_ day: Int64) -> String { Timestamp(milliseconds: day * Timestamp.millisecondsPerDay).utcDate }

    /// Marker colour of each kind of discipline event.
    static func color(_ kind: DisciplineEvent.Kind) -> String {
        switch kind {
        case .promotion: "#2e7d32"
        case .demotion: "#ef6c00"
        case .emergency: "#c62828"
        case .lockout: "#6a1b9a"
        case .unlock: "#9e9e9e"
        case .halt: "#212121"
        case .resume: "#757575"
        case .deleveraging: "#8d6e63"
        case .override: "#1565c0"
        }
    }

    /// The timeline as event markers: its kind as the label and class, the
    /// time and detail as the tooltip.
    public static func markers(_ timeline: [DisciplineEvent]) -> [HTMLChart.Marker] {
        timeline.map { event in
            HTMLChart.Marker(time: event.time.milliseconds, shape: .event, kind: event.kind.rawValue, label: event.kind.rawValue,
                             detail: event.time.iso8601 + " " + event.kind.rawValue + ": " + event.detail, color: color(event.kind))
        }
    }

    /// Tilt level changes as event markers (class `marker tilt`), the new level as the label.
    public static func markers(tilt changes: [(time: Timestamp, level: TiltLevel)]) -> [HTMLChart.Marker] {
        changes.map { change in
            let color = switch change.level {
            case .normal: "#43a047"
            case .caution: "#f9a825"
            case .warning: "#ef6c00"
            case .locked: "#6a1b9a"
            }
            return HTMLChart.Marker(time: change.time.milliseconds, shape: .event, kind: "tilt", label: "tilt " + change.level.rawValue,
                                    detail: change.time.iso8601 + " tilt level " + change.level.rawValue, color: color)
        }
    }

    /// The equity curve with the timeline on it.
    public var equityChart: HTMLChart {
        HTMLChart(title: "Equity (daily close)", series: [HTMLChart.Series(name: "equity", points: HTMLChart.points(days: equity), color: "#1565c0")],
                  markers: (Self.markers(timeline) + Self.markers(tilt: tiltChanges)).sorted { $0.time < $1.time }, height: 300)
    }

    public var drawdownChart: HTMLChart {
        HTMLChart(title: "Drawdown from the peak", unit: "%",
                  series: [HTMLChart.Series(name: "drawdown", points: HTMLChart.points(days: drawdown), color: "#c62828", fill: true)])
    }

    /// A table with a header row; every cell escaped.
    public static func table(_ caption: String, header: [String], rows: [[String]], empty: String = "none") -> String {
        var html = "<table><caption>\(escape(caption))</caption><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        for row in rows { html += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }
        if rows.isEmpty { html += "<tr><td colspan=\"\(header.count)\">\(escape(empty))</td></tr>" }
        return html + "</table>\n"
    }

    /// A two-column table of (label, value) rows.
    static func table(_ caption: String, rows: [(String, String)]) -> String {
        var html = "<table><caption>\(escape(caption))</caption>"
        for (label, value) in rows { html += "<tr><th>\(escape(label))</th><td>\(escape(value))</td></tr>" }
        return html + "</table>\n"
    }

    static func section(_ id: String, _ heading: String, _ body: String) -> String {
        "<section id=\"\(id)\"><h2>\(escape(heading))</h2>\n" + body + "</section>\n"
    }

    /// The tier events as `gen-report tiers` prints them.
    static func tierSection(_ entries: [AuditEntry]) -> String {
        section("tiers", "Tiers", table("Tier events", header: ["time", "event", "payload"],
                                        rows: entries.map { [$0.occurredAt.iso8601, $0.type, $0.payload] }, empty: "no tier event: the tier never changed"))
    }

    /// `gen-report tilt`: results by level, the counts, and the level changes.
    static func tiltSection(_ report: TiltHistoryReport) -> String {
        let levels = report.levels.map { level in
            [level.level.rawValue, "\(level.trades)", ReportFormat.percent(level.winRate),
             ReportFormat.money(level.netPnL)]
        }
        var body = table("Results by the tilt level at each close", header: ["level", "trades", "win rate", "net P&L"], rows: levels)
        body += table("Lockouts and journals", rows: [
            ("correlation of the level with trade P&L", ReportFormat.number(report.correlation) + " (negative: results worsen as tilt rises)"),
            ("lockouts", "\(report.lockouts)"),
            ("journal entries", "\(report.journals.accepted) accepted, \(report.journals.rejected) refused"),
        ])
        body += table("Level changes", header: ["time", "level"], rows: report.changes.map { [$0.0.iso8601, $0.1.rawValue] }, empty: "the level never changed")
        return section("tilt", "Tilt", body)
    }

    static func auditSection(_ entries: [AuditEntry]) -> String {
        section("audit", "Audit trail (the newest \(entries.count) events of the session)",
                table("Audit excerpt", header: ["seq", "time", "type", "aggregate", "payload"],
                      rows: entries.map { ["\($0.seq)", $0.occurredAt.iso8601, $0.type, $0.aggregate, $0.payload] }))
    }

    static func healthSection(_ report: HealthReport) -> String {
        section("health", "Health", table("GENESIS health at \(report.now.iso8601)", rows: report.rows))
    }

    public var html: String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
            <style>body{font-family:sans-serif;max-width:1040px;margin:2em auto;color:#222}figure{margin:1em 0}table{border-collapse:collapse;margin:1em 0}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #eee;vertical-align:top;white-space:nowrap}td:last-child{white-space:normal;overflow-wrap:anywhere}caption{text-align:left;font-weight:bold;padding:4px 0}figcaption{font-size:12px;color:#555}</style>
            </head><body><h1>\(Self.escape(title))</h1>

            """
        page += "<figure class=\"equity-chart\">" + equityChart.svg + "</figure>\n"
        page += "<figure class=\"drawdown-chart\">" + drawdownChart.svg + "</figure>\n"
        let missing = pricesMissing.isEmpty ? (prices.isEmpty ? "No trades." : "") : pricesMissing
        page += Self.section("prices", "Prices and trades", prices.map(\.html).joined() + (missing.isEmpty ? "" : "<p>\(Self.escape(missing))</p>\n"))
        for table in tables { page += Self.table(table.caption, rows: table.rows) }
        if let tierEvents { page += Self.tierSection(tierEvents) }
        if let tilt { page += Self.tiltSection(tilt) }
        if let audit { page += Self.auditSection(audit) }
        if let health { page += Self.healthSection(health) }
        if let discipline {
            page += discipline.html
        } else if let disciplineMissing {
            page += "<section id=\"discipline\"><h2>What discipline did</h2><p>\(Self.escape(disciplineMissing))</p></section>\n"
        }
        page += "<p><small>Generated by gen-report html from the GENESIS store.</small></p></body></html>\n"
        return page
    }
}
