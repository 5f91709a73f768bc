import Foundation

/// The "What discipline did" section of `gen-report html`: the guarded
/// equity curve with the unguarded one beside it and the timeline marked on
/// them, then the side-by-side, per-rule and timeline tables.
public struct DisciplineSection: Sendable {
    public var report: DisciplineReport

    public init(report: DisciplineReport) { self.report = report }

    /// Marker colour of each kind of event.
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

    /// Both equity curves (guarded solid, unguarded dashed) with a marker
    /// per timeline event: a vertical line at its day, its kind as a label,
    /// the detail as the marker's tooltip.
    public var chart: String {
        let guarded = report.guarded.curve.points.map { ($0.day, $0.equity.approximateDouble) }
        let unguarded = report.unguarded.curve.points.map { ($0.day, $0.equity.approximateDouble) }
        let width = 800.0, height = 280.0, left = 70.0, right = 10.0, top = 40.0, bottom = 28.0
        let title = "Equity, guarded and unguarded (daily close)"
        guard let first = guarded.first, let last = guarded.last else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"60\" role=\"img\"><text x=\"10\" y=\"30\">\(HTMLReport.escape(title)): no data</text></svg>"
        }
        let values = (guarded + unguarded).map(\.1)
        var low = values.min()!, high = values.max()!
        if high - low < 1e-9 { low -= 1; high += 1 }
        let span = Double(max(1, last.0 - first.0))
        func x(_ day: Int64) -> Double { left + (Double(min(max(day, first.0), last.0) - first.0) / span) * (width - left - right) }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * (height - top - bottom) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(HTMLReport.escape(title))\">"
        svg += "<title>\(HTMLReport.escape(title))</title>"
        svg += "<text x=\"\(Int(left))\" y=\"16\" font-size=\"13\" font-family=\"sans-serif\">\(HTMLReport.escape(title))</text>"
        svg += "<text x=\"\(Int(width - right))\" y=\"16\" font-size=\"11\" text-anchor=\"end\" font-family=\"sans-serif\"><tspan fill=\"#1565c0\">— guarded</tspan> <tspan fill=\"#9e9e9e\">- - unguarded</tspan></text>"
        for step in 0...4 {
            let value = low + (high - low) * Double(step) / 4
            svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, y(value), width - right, y(value))
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" font-family=\"sans-serif\">%.2f</text>", left - 4, y(value) + 3, value)
        }
        svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" font-family=\"sans-serif\">%@</text>", left, height - 8, HTMLReport.date(first.0))
        svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" font-family=\"sans-serif\">%@</text>", width - right, height - 8, HTMLReport.date(last.0))
        for event in report.timeline {
            let day = EquityCurve.day(closedBy: event.time), color = Self.color(event.kind)
            svg += "<g class=\"marker \(event.kind.rawValue)\"><title>\(HTMLReport.escape(event.time.iso8601 + " " + event.kind.rawValue + ": " + event.detail))</title>"
            svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-dasharray=\"2,2\"/>", x(day), top - 6, x(day), height - bottom, color)
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" fill=\"%@\" font-family=\"sans-serif\" transform=\"rotate(-30 %.1f %.1f)\">%@</text></g>",
                          x(day), top - 8, color, x(day), top - 8, event.kind.rawValue)
        }
        let line = { (points: [(Int64, Double)]) in points.map { String(format: "%.1f,%.1f", x($0.0), y($0.1)) }.joined(separator: " ") }
        svg += "<polyline points=\"\(line(unguarded))\" fill=\"none\" stroke=\"#9e9e9e\" stroke-width=\"1.5\" stroke-dasharray=\"5,3\"/>"
        svg += "<polyline points=\"\(line(guarded))\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"1.5\"/>"
        svg += "</svg>"
        return svg
    }

    static func table(_ caption: String, header: [String], rows: [[String]]) -> String {
        var html = "<table><caption>\(HTMLReport.escape(caption))</caption><tr>" + header.map { "<th>\(HTMLReport.escape($0))</th>" }.joined() + "</tr>"
        for row in rows { html += "<tr>" + row.map { "<td>\(HTMLReport.escape($0))</td>" }.joined() + "</tr>" }
        return html + "</table>\n"
    }

    public var html: String {
        var html = "<section id=\"discipline\"><h2>What discipline did</h2>\n<figure>" + chart + "</figure>\n"
        html += Self.table("Guarded beside unguarded", header: DisciplineReport.comparisonHeader, rows: report.comparisonRows)
        html += Self.table("By rule", header: DisciplineReport.ruleHeader, rows: report.ruleRows)
        html += Self.table("Timeline", header: ["time", "what", "detail"], rows: report.timelineRows)
        html += "<ul>" + report.notes.map { "<li>\(HTMLReport.escape($0))</li>" }.joined() + "</ul></section>\n"
        return html
    }
}
