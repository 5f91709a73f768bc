import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

/// `gen-report html`: the one chart function, the price charts with their
/// trades, the timeline on the equity chart and the terminal reports' tables,
/// checked on the HTML string (scripts/html-check.sh renders it in Chromium).
@Suite struct HTMLReportTests {
    static let hour: Int64 = 3_600_000
    static let start = Timestamp(parsing: "2024-03-01T00:00:00Z")!
    static func at(hours: Int64) -> Timestamp { start.adding(milliseconds: hours * hour) }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The text of the first `<figure class="…">` of that class.
    static func figure(_ cssClass: String, in html: String) throws -> String {
        let opening = try #require(html.range(of: "<figure class=\"\(cssClass)\""))
        let closing = try #require(html.range(of: "</figure>", range: opening.upperBound..<html.endIndex))
        return String(html[opening.lowerBound..<closing.upperBound])
    }

    /// A session of two days of hourly BTCUSDT closing at 100, 101, … 147;
    /// a trade bought at 105 (hour 5) and sold at its target 120 (hour 20),
    /// another bought at 130 (hour 30) and still open; a demotion whose
    /// reason holds markup, a tilt level change, a halt and its resume.
    static func session(path: String = TestSupport.temporaryDirectory().appendingPathComponent("genesis.db").path) throws -> Store {
        let store = try Store(path: path, origin: ["command": "tests"])
        try store.createAccount(.opening(balance: 1000, at: start), at: start)
        let candles = (0..<48).map { index -> KlineRow in
            let close = 100 + index
            return KlineRow(openTime: start.milliseconds + Int64(index) * hour, open: "\(close)", high: "\(close + 1)", low: "\(close - 1)", close: "\(close)", volume: "10")
        }
        _ = try store.insertCandles(symbol: "BTCUSDT", interval: Interval("1h")!, rows: candles)

        var book = PositionBook(session: Account.defaultSession, account: try store.loadAccount(session: Account.defaultSession), positions: [])
        func entry(_ id: String, hours: Int64, price: Decimal) throws {
            let order = OrderIntent(clientOrderID: id, ts: at(hours: hours), session: Account.defaultSession, signalID: "sig-\(id)", strategy: "momentum_breakout",
                                    symbol: "BTCUSDT", side: .buy, purpose: .entry, quantity: 1, referencePrice: price, stop: price - 5, target: price + 15)
            try store.recordAccepted(order, venue: "paper", at: at(hours: hours))
            try store.recordFill(book.enter(order, venue: "paper", trades: [TradeFill(id: "\(id)-1", price: price, quantity: 1, fee: 0, feeAsset: "USDT")],
                                            time: at(hours: hours)))
        }
        try entry("gen-a", hours: 5, price: 105)
        let held = try #require(book.positions["BTCUSDT"])
        let close = book.exitOrder(for: held, purpose: .takeProfit, reference: 120, time: at(hours: 20))
        try store.recordAccepted(close, venue: "paper", at: at(hours: 20))
        try store.recordFill(book.exit(held, order: close, venue: "paper", trades: [TradeFill(id: "gen-a-2", price: 120, quantity: 1, fee: 0, feeAsset: "USDT")],
                                       time: at(hours: 20)))
        try entry("gen-b", hours: 30, price: 130)

        try store.write { db in
            try store.append(AuditEvent(type: "tier.demoted", aggregateType: "tier", aggregateID: Account.defaultSession, occurredAt: at(hours: 22),
                                        payload: ["from": "HUNTER", "to": "SNIPER", "reason": "<script>alert(1)</script> & \"loss\""]), in: db)
            try store.append(AuditEvent(type: "tilt.level_changed", aggregateType: "tilt", aggregateID: Account.defaultSession, occurredAt: at(hours: 24),
                                        payload: ["from": "NORMAL", "level": "CAUTION", "score": "30"]), in: db)
        }
        try store.halt(.manual, reason: "lunch", by: "tests", at: at(hours: 26))
        try store.setTradingState(.active, reason: "back", by: "tests", at: at(hours: 28))
        return store
    }

    static func report(_ store: Store) throws -> HTMLReport {
        try HTMLReport(store: store, session: Account.defaultSession, now: at(hours: 48), health: .forHeartbeat(seconds: 5))
    }

    @Test func oneChartDrawsEverySeriesAndMarkerWithAxesALegendAndEscapedText() throws {
        let day = Self.start.milliseconds
        let chart = HTMLChart(title: "Equity <&> \"both\"", series: [
            HTMLChart.Series(name: "guarded", points: [(day, 100), (day + 86_400_000, 110), (day + 4 * 86_400_000, 105)], color: "#1565c0"),
            HTMLChart.Series(name: "unguarded <b>", points: [(day, 100), (day + 4 * 86_400_000, 90)], color: "#9e9e9e", dashed: true),
            HTMLChart.Series(name: "empty", points: [], color: "#000"),
        ], markers: [
            HTMLChart.Marker(time: day + 3_600_000, shape: .event, kind: "halt", label: "halt", detail: "halted: <script>", color: "#212121"),
            HTMLChart.Marker(time: day + 7_200_000, value: 101, shape: .up, kind: "entry", label: "", detail: "bought", color: "#2e7d32"),
            HTMLChart.Marker(time: day + 86_400_000, value: 109, shape: .down, kind: "exit", label: "TAKE_PROFIT & more", detail: "sold", color: "#c62828"),
        ])
        let svg = chart.svg
        #expect(svg.contains("data-series=\"2\""), "a series without points is not drawn")
        #expect(Self.count("class=\"series\"", in: svg) == 2)
        #expect(Self.count("stroke-dasharray=\"5,3\"", in: svg) == 2, "the dashed series and its legend swatch")
        #expect(svg.contains("data-markers=\"3\""))
        #expect(Self.count("<g class=\"marker ", in: svg) == 3)
        #expect(svg.contains("<g class=\"marker halt\">") && svg.contains("<g class=\"marker entry\">") && svg.contains("<g class=\"marker exit\">"))
        // Axes: the first and last dates, values from the lowest to the highest.
        for date in ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-03-05"] { #expect(svg.contains(">\(date)</text>"), "no \(date) on the time axis") }
        #expect(Self.count("class=\"axis time\"", in: svg) == 5)
        #expect(Self.count("class=\"axis value\"", in: svg) == 5)
        // The legend names each series and each marker kind.
        let legend = try #require(svg.components(separatedBy: "<g class=\"legend\"").last?.components(separatedBy: "</g>").first)
        for name in ["guarded", "unguarded &lt;b&gt;", "▲ entry", "▼ exit", "halt"] { #expect(legend.contains(name), "legend lacks \(name)") }
        // Every text escaped.
        #expect(svg.contains("Equity &lt;&amp;&gt; &quot;both&quot;"))
        #expect(svg.contains("halted: &lt;script&gt;"))
        #expect(svg.contains("TAKE_PROFIT &amp; more"))
        #expect(!svg.contains("<script>") && !svg.contains("<b>") && !svg.contains("<&>"))

        #expect(HTMLChart(title: "Nothing", series: [HTMLChart.Series(name: "x", points: [], color: "#000")]).svg.contains("Nothing: no data"))
    }

    @Test func thePriceSeriesIsTheCloseOfEachBucketReadInOneQuery() throws {
        let store = try Self.session()
        let series = try #require(try store.priceSeries(symbol: "BTCUSDT", from: Self.start, to: Self.at(hours: 48), maxPoints: 10))
        // 48 hours over at most 10 points: buckets of 5 hours, the last one 3 hours long.
        #expect(series.bucketMilliseconds == 5 * Self.hour)
        #expect(series.points.count == 10)
        #expect(series.points.first?.time == Self.at(hours: 5))
        #expect(series.points.first?.close == 104)
        #expect(series.points.last?.time == Self.at(hours: 48))
        #expect(series.points.last?.close == 147)
        let full = try #require(try store.priceSeries(symbol: "BTCUSDT", from: Self.start, to: Self.at(hours: 48)))
        #expect(full.points.count == 48)
        #expect(try store.priceSeries(symbol: "ETHUSDT", from: Self.start, to: Self.at(hours: 48)) == nil)
        // A year of minute candles stays under the cap.
        let minute = Interval("1m")!, year = (Timestamp(parsing: "2024-01-01")!, Timestamp(parsing: "2025-01-01")!)
        let bucket = PriceSeries.bucket(interval: minute, from: year.0, to: year.1, maxPoints: 1500)
        #expect(bucket % minute.milliseconds == 0)
        #expect((year.1.milliseconds - year.0.milliseconds + bucket - 1) / bucket <= 1500)
    }

    @Test func aPriceChartMarksEveryEntryAndExitAtItsTimeAndPrice() throws {
        let report = try Self.report(try Self.session())
        #expect(report.prices.map(\.series.symbol) == ["BTCUSDT"])
        let markers = report.prices[0].markers
        #expect(markers.map(\.kind) == ["entry", "exit", "entry"])
        #expect(markers.map(\.time) == [Self.at(hours: 5), Self.at(hours: 20), Self.at(hours: 30)].map(\.milliseconds))
        #expect(markers.map(\.value) == [105, 120, 130])
        #expect(markers[1].label == "TAKE_PROFIT")
        let html = report.html
        #expect(Self.count("<figure class=\"price-chart\"", in: html) == 1)
        let figure = try Self.figure("price-chart", in: html)
        #expect(figure.contains("data-symbol=\"BTCUSDT\""))
        #expect(Self.count("<g class=\"marker entry\">", in: figure) == 2)
        #expect(Self.count("<g class=\"marker exit\">", in: figure) == 1)
        #expect(figure.contains(">TAKE_PROFIT</text>"))
        #expect(figure.contains("48 closes, 2 entries, 1 exits"))
    }

    @Test func theEquityChartCarriesTheTierTiltAndHaltTimeline() throws {
        let html = try Self.report(try Self.session()).html
        let equity = try Self.figure("equity-chart", in: html)
        for kind in ["demotion", "tilt", "halt", "resume"] {
            #expect(Self.count("<g class=\"marker \(kind)\">", in: equity) == 1, "no \(kind) marker on the equity chart")
        }
        #expect(equity.contains("tilt CAUTION"))
        #expect(equity.contains("HUNTER → SNIPER: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;loss&quot;"))
        #expect(!(try Self.figure("drawdown-chart", in: html)).contains("class=\"marker"), "the timeline is on the equity chart only")
    }

    @Test func theTablesOfTheTerminalReportsAreOnThePageEscaped() throws {
        let store = try Self.session()
        let html = try Self.report(store).html
        for id in ["prices", "tiers", "tilt", "audit", "health"] { #expect(html.contains("<section id=\"\(id)\">"), "no \(id) section") }
        #expect(html.contains("<td>tier.demoted</td>"))
        #expect(html.contains("<caption>Results by the tilt level at each close</caption>"))
        #expect(html.contains("<td>CAUTION</td>"))
        #expect(html.contains("<th>verdict</th>"))
        #expect(html.contains("<caption>Closed trades (USDT)</caption>"))
        #expect(!html.contains("<script>"), "the demotion's reason is escaped everywhere")

        // The audit excerpt: the session's newest events, oldest first, its fills included.
        let excerpt = try store.sessionAuditTail(session: Account.defaultSession)
        #expect(excerpt.count < 50, "the whole session fits")
        #expect(excerpt.map(\.seq) == excerpt.map(\.seq).sorted())
        for type in ["account.created", "order.placed", "order.filled", "position.closed", "tier.demoted", "tilt.level_changed", "behaviour.halt"] {
            #expect(excerpt.contains { $0.type == type }, "the excerpt lacks \(type)")
        }
        #expect(!excerpt.contains { $0.type.hasPrefix("trading.") }, "the trading state is the store's, not the session's")
        let tail = try store.sessionAuditTail(session: Account.defaultSession, limit: 3)
        #expect(tail.map(\.seq) == excerpt.suffix(3).map(\.seq), "the newest, oldest first")
        #expect(Self.count("<tr><td>", in: html.components(separatedBy: "<section id=\"audit\">")[1].components(separatedBy: "</section>")[0]) == excerpt.count)
    }

    @Test func theCommandWritesThePageWithTheSessionsChartsAndTables() throws {
        let directory = TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("genesis.db").path
        _ = try Self.session(path: db)
        let output = directory.appendingPathComponent("report.html").path
        let run = try TestSupport.run("gen-report", ["html", "--db", db, "--at", "2024-03-03", "--output", output])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(html.contains("<figure class=\"price-chart\" id=\"price-BTCUSDT\""))
        #expect(html.contains("<g class=\"marker demotion\">"))
        #expect(html.contains("GENESIS health at 2024-03-03T00:00:00.000Z"))
        #expect(html.contains("has no replayed period"))
    }
}
