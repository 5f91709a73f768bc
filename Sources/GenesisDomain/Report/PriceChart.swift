import Foundation

/// A symbol's stored closes over a period, downsampled to the close of each
/// bucket so a year of minute candles stays a chart of at most ~1500 points
/// (`Store.priceSeries`).
public struct PriceSeries: Sendable {
    public var symbol: String
    /// The stored interval the closes are read from (the finest one).
    public var interval: Interval
    /// Length of a bucket (a multiple of the interval); each point is the
    /// close of the last candle of its bucket, at that candle's close time.
    public var bucketMilliseconds: Int64
    public var points: [(time: Timestamp, close: Decimal)]

    public init(symbol: String, interval: Interval, bucketMilliseconds: Int64, points: [(time: Timestamp, close: Decimal)]) {
        self.symbol = symbol
        self.interval = interval
        self.bucketMilliseconds = bucketMilliseconds
        self.points = points
    }

    /// The bucket length for `maxPoints` over `from...to`: the interval, or
    /// the smallest multiple of it that keeps the points under the cap.
    public static func bucket(interval: Interval, from: Timestamp, to: Timestamp, maxPoints: Int) -> Int64 {
        let length = interval.milliseconds, span = max(0, to.milliseconds - from.milliseconds)
        let wanted = (span + Int64(max(1, maxPoints)) - 1) / Int64(max(1, maxPoints))
        return max(length, (wanted + length - 1) / length * length)
    }
}

/// `gen-report html`'s chart of one traded symbol: its closes, every entry
/// (▲ green at the fill price) and every exit (▼ red at the exit price,
/// labelled with why it closed).
public struct PriceChart: Sendable {
    public var series: PriceSeries
    /// The session's positions in this symbol, open ones included (an entry without an exit).
    public var positions: [Position]

    public init(series: PriceSeries, positions: [Position]) {
        self.series = series
        self.positions = positions.filter { $0.symbol == series.symbol }
    }

    static let entryColor = "#2e7d32", exitColor = "#c62828"

    public var markers: [HTMLChart.Marker] {
        var markers: [HTMLChart.Marker] = []
        for position in positions.sorted(by: { $0.openedAt < $1.openedAt }) {
            markers.append(HTMLChart.Marker(time: position.openedAt.milliseconds, value: position.entryPrice.approximateDouble, shape: .up, kind: "entry", label: "",
                                            detail: "\(series.symbol) entry \(position.openedAt.iso8601): \(position.quantity.plainText) at \(position.entryPrice.plainText)"
                                                + " (\(position.strategy))" + (position.stop.map { ", stop \($0.plainText)" } ?? ""),
                                            color: Self.entryColor))
            if let closed = position.closedAt, let price = position.exitPrice {
                let reason = position.exitReason ?? "exit"
                markers.append(HTMLChart.Marker(time: closed.milliseconds, value: price.approximateDouble, shape: .down, kind: "exit", label: reason,
                                                detail: "\(series.symbol) exit \(closed.iso8601): \(reason) at \(price.plainText)"
                                                    + (position.realizedPnL.map { ", P&L \(ReportFormat.money($0))" } ?? ""),
                                                color: Self.exitColor))
            }
        }
        return markers
    }

    public var chart: HTMLChart {
        HTMLChart(title: "\(series.symbol): closes and trades", series: [
            HTMLChart.Series(name: "close (\(series.interval.name) candles" + (series.bucketMilliseconds > series.interval.milliseconds
                                                                               ? ", last of each \(Self.duration(series.bucketMilliseconds)))" : ")"),
                             points: series.points.map { ($0.time.milliseconds, $0.close.approximateDouble) }, color: "#455a64"),
        ], markers: markers, height: 300)
    }

    /// "6h", "1d 12h", "35m" for a bucket length.
    static func duration(_ ms: Int64) -> String {
        let minutes = ms / 60_000, days = minutes / 1440, hours = minutes % 1440 / 60, rest = minutes % 60
        let parts = [days > 0 ? "\(days)d" : nil, hours > 0 ? "\(hours)h" : nil, rest > 0 ? "\(rest)m" : nil].compactMap { $0 }
        return parts.isEmpty ? "\(ms / 1000)s" : parts.joined(separator: " ")
    }

    public var html: String {
        let entries = positions.count, exits = positions.filter { $0.closedAt != nil }.count
        return "<figure class=\"price-chart\" id=\"price-\(HTMLReport.escape(series.symbol))\" data-symbol=\"\(HTMLReport.escape(series.symbol))\">" + chart.svg
            + "<figcaption>\(HTMLReport.escape("\(series.symbol): \(series.points.count) closes, \(entries) entries, \(exits) exits"))</figcaption></figure>\n"
    }
}
