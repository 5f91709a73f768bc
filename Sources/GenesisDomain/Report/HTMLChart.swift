import Foundation

/// The one chart drawing of `gen-report html`: several line series over a
/// time axis in epoch milliseconds, with markers, drawn as an inline SVG
/// element (no script, no external file). The equity, drawdown, discipline
/// and price charts are all this, so they read alike: the same axes, date
/// and value labels, legend and marker look. Doubles here are for drawing
/// only; the figures themselves stay Decimal in the tables.
public struct HTMLChart: Sendable {
    /// One line: its name (in the legend), points in time order, colour.
    public struct Series: Sendable {
        public var name: String
        public var points: [(time: Int64, value: Double)]
        public var color: String
        /// Drawn dashed (e.g. the unguarded curve beside the guarded one).
        public var dashed: Bool
        /// The area between the line and zero is shaded (the drawdown).
        public var fill: Bool

        public init(name: String, points: [(time: Int64, value: Double)], color: String, dashed: Bool = false, fill: Bool = false) {
            self.name = name
            self.points = points
            self.color = color
            self.dashed = dashed
            self.fill = fill
        }
    }

    /// Something that happened at a time: an event across the whole plot
    /// (a tier change, a halt) or a trade at its price.
    public struct Marker: Sendable {
        public enum Shape: String, Sendable {
            /// A dashed vertical line at the time, its label along it.
            case event
            /// ▲ at (time, value): an entry.
            case up
            /// ▼ at (time, value): an exit.
            case down
        }

        public var time: Int64
        /// Where an `up` or `down` marker sits; ignored by `event`.
        public var value: Double
        public var shape: Shape
        /// Its class (`marker <kind>`) and its legend entry.
        public var kind: String
        /// Shown beside the marker ("" for none).
        public var label: String
        /// The tooltip: the full story.
        public var detail: String
        public var color: String

        public init(time: Int64, value: Double = 0, shape: Shape, kind: String, label: String, detail: String, color: String) {
            self.time = time
            self.value = value
            self.shape = shape
            self.kind = kind
            self.label = label
            self.detail = detail
            self.color = color
        }
    }

    public var title: String
    /// Appended to the value labels ("%" for the drawdown).
    public var unit: String
    public var series: [Series]
    public var markers: [Marker]
    public var width: Double
    public var height: Double

    public init(title: String, unit: String = "", series: [Series], markers: [Marker] = [], width: Double = 1000, height: Double = 260) {
        self.title = title
        self.unit = unit
        self.series = series
        self.markers = markers
        self.width = width
        self.height = height
    }

    /// A time axis in ms from UTC day numbers (the equity curve's).
    public static func points(days: [(day: Int64, value: Double)]) -> [(time: Int64, value: Double)] {
        days.map { ($0.day * Timestamp.millisecondsPerDay, $0.value) }
    }

    /// Decimal places that tell the value gridlines apart: 2 for prices and
    /// money of ordinary size, more for a coin priced in fractions of a cent.
    static func places(step: Double) -> Int {
        guard step > 0, step < 1, step.isFinite else { return 2 }
        return min(8, max(2, Int((-log10(step)).rounded(.up)) + 1))
    }

    /// A date label: the day, or the hour as well when the whole chart spans a few days.
    static func timeLabel(_ time: Int64, span: Int64) -> String {
        let iso = Timestamp(milliseconds: time).iso8601
        return span > 3 * Timestamp.millisecondsPerDay ? String(iso.prefix(10)) : String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// The chart as one `<svg class="chart">` element.
    public var svg: String {
        let escape = HTMLReport.escape
        let drawn = series.filter { !$0.points.isEmpty }
        let times = drawn.flatMap { $0.points.map(\.time) }
        guard let firstTime = times.min(), let lastTime = times.max() else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart empty\" width=\"\(Int(width))\" height=\"60\" role=\"img\"><text x=\"10\" y=\"30\" font-family=\"sans-serif\">\(escape(title)): no data</text></svg>"
        }
        let hasEvents = markers.contains { $0.shape == .event }
        let left = 80.0, right = 12.0, top = 44.0, bottom = 30.0
        var values = drawn.flatMap { $0.points.map(\.value) } + markers.filter { $0.shape != .event }.map(\.value)
        if drawn.contains(where: \.fill) { values.append(0) }
        var low = values.min()!, high = values.max()!
        if high - low < 1e-9 { low -= 1; high += 1 }
        let pad = (high - low) * 0.04
        low -= pad
        high += pad
        let span = max(1, lastTime - firstTime)
        let plotWidth = width - left - right, plotBottom = height - bottom
        func x(_ time: Int64) -> Double { left + Double(min(max(time, firstTime), lastTime) - firstTime) / Double(span) * plotWidth }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * (plotBottom - top) }

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\""
        svg += " role=\"img\" aria-label=\"\(escape(title))\" data-series=\"\(drawn.count)\" data-markers=\"\(markers.count)\">"
        svg += "<title>\(escape(title))</title>"
        svg += "<text x=\"\(Int(left))\" y=\"16\" font-size=\"13\" font-weight=\"bold\" font-family=\"sans-serif\">\(escape(title))</text>"
        svg += legend(drawn, at: left)

        // Value gridlines and labels.
        let places = Self.places(step: (high - low) / 4)
        for step in 0...4 {
            let value = low + (high - low) * Double(step) / 4, gy = y(value)
            svg += "<line x1=\"\(Self.number(left))\" y1=\"\(Self.number(gy))\" x2=\"\(Self.number(width - right))\" y2=\"\(Self.number(gy))\" stroke=\"#e0e0e0\"/>"
            svg += "<text class=\"axis value\" x=\"\(Self.number(left - 4))\" y=\"\(Self.number(gy + 3))\" font-size=\"10\" text-anchor=\"end\" font-family=\"sans-serif\">"
                + escape(String(format: "%.\(places)f", value) + unit) + "</text>"
        }
        // Time axis: five dates, the first and last at the ends.
        svg += "<line x1=\"\(Self.number(left))\" y1=\"\(Self.number(plotBottom))\" x2=\"\(Self.number(width - right))\" y2=\"\(Self.number(plotBottom))\" stroke=\"#888\"/>"
        let ticks = span < 4 ? 1 : 4
        for step in 0...ticks {
            let time = firstTime + span * Int64(step) / Int64(ticks)
            let anchor = step == 0 ? "start" : step == ticks ? "end" : "middle"
            svg += "<line x1=\"\(Self.number(x(time)))\" y1=\"\(Self.number(plotBottom))\" x2=\"\(Self.number(x(time)))\" y2=\"\(Self.number(plotBottom + 4))\" stroke=\"#888\"/>"
            svg += "<text class=\"axis time\" x=\"\(Self.number(x(time)))\" y=\"\(Self.number(height - 10))\" font-size=\"10\" text-anchor=\"\(anchor)\" font-family=\"sans-serif\">"
                + escape(Self.timeLabel(time, span: span)) + "</text>"
        }

        // Events behind the lines, trades on top of them.
        for marker in markers where marker.shape == .event {
            let mx = x(marker.time)
            svg += "<g class=\"marker \(escape(marker.kind))\"><title>\(escape(marker.detail))</title>"
            svg += "<line x1=\"\(Self.number(mx))\" y1=\"\(Self.number(top))\" x2=\"\(Self.number(mx))\" y2=\"\(Self.number(plotBottom))\" stroke=\"\(escape(marker.color))\" stroke-dasharray=\"2,2\"/>"
            if !marker.label.isEmpty {
                svg += "<text x=\"\(Self.number(mx - 2))\" y=\"\(Self.number(top + 2))\" font-size=\"9\" fill=\"\(escape(marker.color))\" text-anchor=\"end\" font-family=\"sans-serif\""
                    + " transform=\"rotate(-90 \(Self.number(mx - 2)) \(Self.number(top + 2)))\">\(escape(marker.label))</text>"
            }
            svg += "</g>"
        }
        for line in drawn {
            let path = line.points.map { "\(Self.number(x($0.time))),\(Self.number(y($0.value)))" }.joined(separator: " ")
            if line.fill, let first = line.points.first, let last = line.points.last {
                svg += "<polygon points=\"\(Self.number(x(first.time))),\(Self.number(y(0))) \(path) \(Self.number(x(last.time))),\(Self.number(y(0)))\" fill=\"\(escape(line.color))\" fill-opacity=\"0.3\" stroke=\"none\"/>"
            }
            svg += "<polyline points=\"\(path)\" class=\"series\" data-name=\"\(escape(line.name))\" fill=\"none\" stroke=\"\(escape(line.color))\" stroke-width=\"1.5\""
                + (line.dashed ? " stroke-dasharray=\"5,3\"" : "") + "/>"
        }
        for marker in markers where marker.shape != .event {
            let mx = x(marker.time), my = y(marker.value)
            // The tip touches the price: ▲ from below, ▼ from above.
            let tip = marker.shape == .up ? my + 1 : my - 1, base = marker.shape == .up ? tip + 9 : tip - 9
            svg += "<g class=\"marker \(escape(marker.kind))\"><title>\(escape(marker.detail))</title>"
            svg += "<polygon points=\"\(Self.number(mx)),\(Self.number(tip)) \(Self.number(mx - 5)),\(Self.number(base)) \(Self.number(mx + 5)),\(Self.number(base))\" fill=\"\(escape(marker.color))\"/>"
            if !marker.label.isEmpty {
                // Kept inside the plot at either end.
                let ly = marker.shape == .up ? base + 9 : base - 3, room = Double(marker.label.count) * 2.5
                let anchor = mx + room > width - right ? "end" : mx - room < left ? "start" : "middle"
                svg += "<text x=\"\(Self.number(mx))\" y=\"\(Self.number(ly))\" font-size=\"8\" fill=\"\(escape(marker.color))\" text-anchor=\"\(anchor)\" font-family=\"sans-serif\">\(escape(marker.label))</text>"
            }
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    /// One row under the title: each series' line, then each marker kind
    /// present (its first marker's colour and shape).
    private func legend(_ drawn: [Series], at left: Double) -> String {
        let escape = HTMLReport.escape
        var svg = "<g class=\"legend\" font-size=\"11\" font-family=\"sans-serif\">"
        var cursor = left
        let y = 32.0
        for line in drawn {
            svg += "<line x1=\"\(Self.number(cursor))\" y1=\"\(Self.number(y - 4))\" x2=\"\(Self.number(cursor + 18))\" y2=\"\(Self.number(y - 4))\" stroke=\"\(escape(line.color))\" stroke-width=\"2\""
                + (line.dashed ? " stroke-dasharray=\"5,3\"" : "") + "/>"
            svg += "<text x=\"\(Self.number(cursor + 22))\" y=\"\(Self.number(y))\">\(escape(line.name))</text>"
            cursor += 30 + Double(line.name.count) * 6.2
        }
        var seen: Set<String> = []
        for marker in markers where seen.insert(marker.kind).inserted {
            let symbol: String
            switch marker.shape {
            case .event: symbol = "┆"
            case .up: symbol = "▲"
            case .down: symbol = "▼"
            }
            svg += "<text x=\"\(Self.number(cursor))\" y=\"\(Self.number(y))\" fill=\"\(escape(marker.color))\">\(symbol) \(escape(marker.kind))</text>"
            cursor += 24 + Double(marker.kind.count) * 6.2
        }
        return svg + "</g>"
    }
}
