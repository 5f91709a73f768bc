import Foundation

/// The "What discipline did" section of `gen-report html`: the guarded
/// equity curve with the unguarded one beside it and the timeline marked on
/// them, then the side-by-side, per-rule and timeline tables.
public struct DisciplineSection: Sendable {
    public var report: DisciplineReport

    public init(report: DisciplineReport) { self.report = report }

    /// Both equity curves (guarded solid, unguarded dashed) with a marker
    /// per timeline event: a vertical line at its day, its kind as a label,
    /// the detail as the marker's tooltip.
    public var chart: String {
        let days = { (curve: EquityCurve) in HTMLChart.points(days: curve.points.map { ($0.day, $0.equity.approximateDouble) }) }
        return HTMLChart(title: "Equity, guarded and unguarded (daily close)", series: [
            HTMLChart.Series(name: "unguarded (same signals)", points: days(report.unguarded.curve), color: "#9e9e9e", dashed: true),
            HTMLChart.Series(name: "guarded (the session)", points: days(report.guarded.curve), color: "#1565c0"),
        ], markers: HTMLReport.markers(report.timeline), height: 300).svg
    }

    static func table(_ caption: String, header: [String], rows: [[String]]) -> String {
        HTMLReport.table(caption, header: header, rows: rows, empty: "none")
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
