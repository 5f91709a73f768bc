import Foundation

/// `gen-report html`: one self-contained page — no script, no external file —
/// with the equity and drawdown charts drawn as inline SVG, and the tables.
public struct HTMLReport: Sendable {
    public var title: String
    /// (UTC day number, equity) in day order.
    public var equity: [(day: Int64, value: Double)]
    /// Tables: a caption and its rows of (label, value).
    public var tables: [(caption: String, rows: [(String, String)])]
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

    /// A line chart as an SVG element: axes, four labelled gridlines, first and last dates.
    public static func chart(_ points: [(day: Int64, value: Double)], title: String, unit: String, color: String, fill: Bool = false) -> String {
        let width = 800.0, height = 240.0, left = 70.0, right = 10.0, top = 24.0, bottom = 28.0
        guard let first = points.first, let last = points.last else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"60\" role=\"img\"><text x=\"10\" y=\"30\">\(escape(title)): no data</text></svg>"
        }
        var low = points.map(\.value).min()!, high = points.map(\.value).max()!
        if fill { high = max(high, 0) }
        if high - low < 1e-9 { low -= 1; high += 1 }
        let span = Double(max(1, last.day - first.day))
        func x(_ day: Int64) -> Double { left + (Double(day - first.day) / span) * (width - left - right) }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * (height - top - bottom) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += "<title>\(escape(title))</title>"
        svg += "<text x=\"\(Int(left))\" y=\"16\" font-size=\"13\" font-family=\"sans-serif\">\(escape(title))</text>"
        for step in 0...4 {
            let value = low + (high - low) * Double(step) / 4
            let gy = y(value)
            svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, gy, width - right, gy)
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" font-family=\"sans-serif\">%@</text>", left - 4, gy + 3, escape(String(format: "%.2f", value) + unit))
        }
        svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>", left, height - bottom, width - right, height - bottom)
        svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" font-family=\"sans-serif\">%@</text>", left, height - 8, date(first.day))
        svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" font-family=\"sans-serif\">%@</text>", width - right, height - 8, date(last.day))
        let path = points.map { String(format: "%.1f,%.1f", x($0.day), y($0.value)) }.joined(separator: " ")
        if fill {
            svg += String(format: "<polygon points=\"%.1f,%.1f %@ %.1f,%.1f\" fill=\"%@\" fill-opacity=\"0.3\" stroke=\"none\"/>", x(first.day), y(0), path, x(last.day), y(0), color)
        }
        svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"/>"
        svg += "</svg>"
        return svg
    }

    public var html: String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
            <style>body{font-family:sans-serif;max-width:840px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #eee}caption{text-align:left;font-weight:bold;padding:4px 0}</style>
            </head><body><h1>\(Self.escape(title))</h1>

            """
        page += "<figure>" + Self.chart(equity, title: "Equity (daily close)", unit: "", color: "#1565c0") + "</figure>\n"
        page += "<figure>" + Self.chart(drawdown, title: "Drawdown from the peak", unit: "%", color: "#c62828", fill: true) + "</figure>\n"
        for table in tables {
            page += "<table><caption>\(Self.escape(table.caption))</caption>"
            for (label, value) in table.rows { page += "<tr><th>\(Self.escape(label))</th><td>\(Self.escape(value))</td></tr>" }
            page += "</table>\n"
        }
        if let discipline {
            page += discipline.html
        } else if let disciplineMissing {
            page += "<section id=\"discipline\"><h2>What discipline did</h2><p>\(Self.escape(disciplineMissing))</p></section>\n"
        }
        page += "<p><small>Generated by gen-report html from the GENESIS store.</small></p></body></html>\n"
        return page
    }
}
