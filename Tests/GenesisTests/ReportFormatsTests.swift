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

/// Every gen-report table as JSON and CSV, and `summary --by day|week|month`,
/// run as the real executable over a small store whose figures are worked
/// out by hand below (docs/METRICS.md, "Per-period summaries").
///
/// Session `bt`, 1000 USDT, replayed 2024-02-28 .. 2024-03-04 (6 curve days;
/// 2024-W09 is Mon 02-26 .. Sun 03-03). One AAAUSDT unit a trade, no fees:
///
///     T1 02-28 10:00 → 02-28 12:00   100 → 110.1   +10.1
///     T2 02-29 09:00 → 02-29 12:00   100 →  80.2   −19.8
///     T3 02-29 20:00 → 03-01 00:00   100 → 105.3    +5.3  (midnight: the curve's 02-29)
///     T5 03-02 10:00 → 03-02 11:00   100 →  99.9    −0.1
///     T4 03-04 08:00 → 03-04 09:00   100 → 112     +12    (tilt CAUTION from 03-04)
///
/// Daily closes: 1010.1, 995.6, 995.6, 995.5, 995.5, 1007.5; net P&L 7.5.
@Suite struct ReportFormatsTests {
    static func time(_ text: String) -> Timestamp { Timestamp(parsing: text)! }

    /// The store above, built once for the suite (the commands only read it).
    static let store: Result<String, any Error> = Result {
        let store = try TestSupport.makeStore(balance: 1000, openedAt: time("2024-02-28T00:00:00Z"))
        _ = try store.requireAccount(session: "bt", openingAt: time("2024-02-28T00:00:00Z"))
        try store.registerSession("bt", kind: "PAPER", venue: "paper", at: time("2024-02-28T00:00:00Z"))
        try store.recordProgress(session: "bt", ts: time("2024-03-05T00:00:00Z"), consumed: 1, replayedFrom: time("2024-02-28T01:00:00Z"))
        var book = PositionBook(session: "bt", account: try store.loadAccount(session: "bt"), positions: [])
        for (id, open, close, exit) in [("t1", "2024-02-28T10:00:00Z", "2024-02-28T12:00:00Z", "110.1"), ("t2", "2024-02-29T09:00:00Z", "2024-02-29T12:00:00Z", "80.2"),
                                        ("t3", "2024-02-29T20:00:00Z", "2024-03-01T00:00:00Z", "105.3"), ("t5", "2024-03-02T10:00:00Z", "2024-03-02T11:00:00Z", "99.9"),
                                        ("t4", "2024-03-04T08:00:00Z", "2024-03-04T09:00:00Z", "112")] {
            let opened = time(open), closed = time(close)
            let entry = OrderIntent(clientOrderID: "gen-\(id)", ts: opened, session: "bt", signalID: "sig-\(id)", strategy: "manual", symbol: "AAAUSDT",
                                    side: .buy, purpose: .entry, quantity: 1, referencePrice: 100, stop: 90, target: 120)
            try store.recordAccepted(entry, venue: "paper", at: opened)
            try store.recordFill(book.enter(entry, venue: "paper", trades: [TradeFill(id: "\(id)-in", price: 100, quantity: 1, fee: 0, feeAsset: "USDT")], time: opened))
            let position = try #require(book.positions["AAAUSDT"])
            var exitOrder = book.exitOrder(for: position, purpose: .takeProfit, reference: Decimal(string: exit)!, time: closed)
            exitOrder.clientOrderID = "gen-\(id)-exit"
            try store.recordAccepted(exitOrder, venue: "paper", at: closed)
            try store.recordFill(book.exit(position, order: exitOrder, venue: "paper",
                                           trades: [TradeFill(id: "\(id)-out", price: Decimal(string: exit)!, quantity: 1, fee: 0, feeAsset: "USDT")], time: closed))
        }
        try store.write { db in
            _ = try store.append(AuditEvent(type: "tilt.level_changed", aggregateType: "tilt", aggregateID: "bt", occurredAt: time("2024-03-04T00:00:00Z"),
                                            payload: ["level": "CAUTION"]), in: db)
        }
        _ = try store.recordTierEvaluation(session: "bt", config: GenesisConfig(), now: time("2024-03-04T12:00:00Z"))
        return store.path
    }

    func report(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let outcome = try TestSupport.run("gen-report", arguments + ["--session", "bt", "--db", try Self.store.get()])
        #expect(outcome.status == 0, "gen-report \(arguments.joined(separator: " ")): \(outcome.stderr)", sourceLocation: sourceLocation)
        return outcome.stdout
    }

    /// `--json` of a table: one JSON array of objects.
    func objects(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let text = try report(arguments + ["--json"], sourceLocation: sourceLocation)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], "\(text)", sourceLocation: sourceLocation)
    }

    /// `--csv`: the header and the rows as dictionaries, parsed as RFC 4180 (quoted fields, doubled quotes).
    func csv(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> (header: [String], rows: [[String: String]]) {
        var records: [[String]] = [], record: [String] = [], field = "", quoted = false
        var characters = Array(try report(arguments + ["--csv"], sourceLocation: sourceLocation))[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else { field.append(character) }
            } else if character == "\"" { quoted = true
            } else if character == "," { record.append(field); field = ""
            } else if character == "\n" { record.append(field); records.append(record); record = []; field = ""
            } else { field.append(character) }
        }
        #expect(record.isEmpty && field.isEmpty, "the CSV ends with a line break", sourceLocation: sourceLocation)
        let header = try #require(records.first, sourceLocation: sourceLocation)
        for row in records.dropFirst() { #expect(row.count == header.count, "\(row)", sourceLocation: sourceLocation) }
        return (header, records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) })
    }

    func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
    func close(_ value: Any?, _ expected: Double) -> Bool { number(value).map { abs($0 - expected) < 1e-12 } ?? false }

    // MARK: - summary --by

    @Test func monthlyRowsCarryTheHandComputedFiguresAndAddUpToTheWholeSession() throws {
        let months = try objects(["summary", "--by", "month"])
        #expect(months.map { $0["period"] as? String } == ["2024-02", "2024-03"])
        let february = months[0], march = months[1]
        // February: T1, T2 and T3 (closed at midnight, the curve's 02-29), 1000 → 995.6.
        #expect(february["period_start"] as? String == "2024-02-28" && february["period_end"] as? String == "2024-02-29" && february["days"] as? Int == 2)
        #expect(february["trades"] as? Int == 3 && february["wins"] as? Int == 2 && february["losses"] as? Int == 1)
        #expect(close(february["win_rate"], 2.0 / 3.0) && close(february["profit_factor"], 15.4 / 19.8))
        #expect(february["net_pnl"] as? String == "-4.4" && february["expectancy"] as? String == "-1.46666667")
        #expect(february["opening_equity"] as? String == "1000" && february["closing_equity"] as? String == "995.6")
        #expect(february["equity_change"] as? String == "-4.4" && february["return_pct"] as? String == "-0.44")
        // Peak 1010.1 (02-28) to 995.6 (02-29): 14.5, 1.43550143…%.
        #expect(february["equity_max_drawdown"] as? String == "14.5" && february["equity_max_drawdown_pct"] as? String == "1.4355")
        // March opens at February's close: T5 and T4, 995.6 → 1007.5; its dip is 995.6 → 995.5.
        #expect(march["opening_equity"] as? String == "995.6" && march["closing_equity"] as? String == "1007.5" && march["days"] as? Int == 4)
        #expect(march["trades"] as? Int == 2 && march["net_pnl"] as? String == "11.9" && march["expectancy"] as? String == "5.95")
        #expect(close(march["win_rate"], 0.5) && close(march["profit_factor"], 120))
        #expect(march["return_pct"] as? String == "1.1953")                 // 11.9 / 995.6 = 1.19525913…%
        #expect(march["equity_max_drawdown"] as? String == "0.1" && march["equity_max_drawdown_pct"] as? String == "0.01")
        #expect((march["why_null"] as? [String: Any])?.isEmpty == true)

        // The periods' net P&L adds up to the session's, exactly, for every period length.
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(try report(["summary", "--json"]).utf8)) as? [String: Any])
        let whole = try #require((summary["net_pnl"] as? String).flatMap { Decimal.parse($0) })
        #expect(whole == Decimal(string: "7.5"))
        for period in ["day", "week", "month"] {
            let rows = try objects(["summary", "--by", period])
            let sum = rows.compactMap { ($0["net_pnl"] as? String).flatMap { Decimal.parse($0) } }.reduce(Decimal(0), +)
            #expect(sum == whole, "\(period)")
            #expect(rows.map { $0["trades"] as? Int ?? 0 }.reduce(0, +) == 5, "\(period)")
            // Chained returns: each period opens at the previous one's close.
            #expect(rows.last?["closing_equity"] as? String == summary["final_equity"] as? String, "\(period)")
            for (previous, next) in zip(rows, rows.dropFirst()) { #expect(next["opening_equity"] as? String == previous["closing_equity"] as? String) }
        }
    }

    @Test func weeksAreISOWeeksAndADayWithoutTradesSaysWhyItsRatiosAreNull() throws {
        let weeks = try objects(["summary", "--by", "week"])
        #expect(weeks.map { $0["period"] as? String } == ["2024-W09", "2024-W10"])
        // W09: T1, T2, T3, T5; peak 1010.1 to 995.5 on 03-02: 14.6, 1.44540144…%.
        #expect(weeks[0]["trades"] as? Int == 4 && weeks[0]["net_pnl"] as? String == "-4.5" && weeks[0]["closing_equity"] as? String == "995.5")
        #expect(weeks[0]["equity_max_drawdown"] as? String == "14.6" && weeks[0]["equity_max_drawdown_pct"] as? String == "1.4454")
        #expect(weeks[0]["return_pct"] as? String == "-0.45")
        // W10: T4 alone, a win: no loss to divide by, no drawdown; 12 / 995.5 = 1.20542441…%.
        #expect(weeks[1]["profit_factor"] is NSNull && weeks[1]["return_pct"] as? String == "1.2054")
        #expect(weeks[1]["equity_max_drawdown"] as? String == "0" && weeks[1]["equity_max_drawdown_pct"] as? String == "0")
        #expect((weeks[1]["why_null"] as? [String: String])?["profit_factor"] == "no losing trade: the gross loss it divides by is 0")

        let days = try objects(["summary", "--by", "day"])
        #expect(days.map { $0["period"] as? String } == ["2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04"])
        let quiet = days[2]
        #expect(quiet["trades"] as? Int == 0 && quiet["net_pnl"] as? String == "0" && quiet["return_pct"] as? String == "0")
        #expect(quiet["win_rate"] is NSNull && quiet["expectancy"] is NSNull)
        #expect((quiet["why_null"] as? [String: String])?["win_rate"] == "no closed trades")
        #expect(days[1]["trades"] as? Int == 2 && days[1]["net_pnl"] as? String == "-14.5")   // T2 and T3 (its midnight close)
    }

    @Test func theCSVHasTheJSONColumnsAndValuesAndTheTextHasARowPerPeriod() throws {
        let json = try objects(["summary", "--by", "week"])
        let table = try csv(["summary", "--by", "week"])
        #expect(table.header == PeriodSummary.columns)
        #expect(table.rows.count == json.count)
        for (row, object) in zip(table.rows, json) {
            for column in table.header {
                switch object[column] {
                case is NSNull: #expect(row[column] == "", "\(column)")
                case let text as String: #expect(row[column] == text, "\(column)")
                case let number as NSNumber: #expect(Double(row[column] ?? "") == number.doubleValue, "\(column)")
                default: Issue.record("\(column): no value in the JSON")
                }
            }
        }
        let text = try report(["summary", "--by", "month"])
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3, "\(text)")
        #expect(lines[0].hasPrefix("month") && lines[1].hasPrefix("2024-02") && lines[2].hasPrefix("2024-03"))
        #expect(lines[1].contains(" -4.4 ") && lines[1].contains(" 66.67% ") && lines[1].contains(" -0.44% ") && lines[1].hasSuffix(" 14.5 (1.44%)"), "\(text)")
        #expect(lines[2].contains(" 1.20% ") && lines[2].hasSuffix(" 0.1 (0.01%)"), "\(text)")
    }

    @Test func theWholeSummaryAsCSVIsOneRowOfItsJSONFigures() throws {
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(try report(["summary", "--json"]).utf8)) as? [String: Any])
        let table = try csv(["summary"])
        #expect(Set(table.header) == Set(summary.keys).subtracting(["why_null"]))
        #expect(table.rows.count == 1)
        #expect(table.rows.first?["net_pnl"] == "7.5" && table.rows.first?["trades"] == "5" && table.rows.first?["session"] == "bt")
        #expect(table.rows.first?["sharpe"] == "")              // null: fewer than 30 daily returns
    }

    // MARK: - The other tables

    @Test func equityAsJSONMatchesItsCSV() throws {
        let days = try objects(["equity"])
        #expect(days.map { $0["date"] as? String } == ["2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04"])
        #expect(days.map { $0["equity"] as? String } == ["1010.1", "995.6", "995.6", "995.5", "995.5", "1007.5"])
        #expect(close(days[0]["daily_return"], 0.0101) && close(days[2]["daily_return"], 0))
        let table = try csv(["equity"])
        #expect(table.header == ["date", "equity", "daily_return"])
        #expect(table.rows.map { $0["equity"] } == days.map { $0["equity"] as? String })
        for (row, day) in zip(table.rows, days) { #expect(abs(Double(row["daily_return"]!)! - number(day["daily_return"])!) < 1e-8) }
    }

    @Test func breakdownAsJSONHasTheCSVColumnsWithSummaryConventions() throws {
        // The breakdown keys a trade by the UTC time of its close: T3 (00:00 on 03-01) is March's here.
        let months = try objects(["breakdown", "--by", "month"])
        #expect(months.map { $0["month"] as? String } == ["2024-02", "2024-03"])
        #expect(months[0]["trades"] as? Int == 2 && months[0]["net_pnl"] as? String == "-9.7" && months[0]["expectancy"] as? String == "-4.85")
        #expect(close(months[0]["win_rate"], 0.5) && close(months[0]["profit_factor"], 10.1 / 19.8))
        #expect(months[1]["trades"] as? Int == 3 && months[1]["net_pnl"] as? String == "17.2")
        let table = try csv(["breakdown", "--by", "month"])
        #expect(table.header == ["month", "trades", "win_rate", "net_pnl", "profit_factor", "expectancy"])
        #expect(table.rows.map { $0["trades"] } == ["2", "3"] && table.rows.first?["net_pnl"] == "-9.7")
        let pairs = try objects(["breakdown", "--by", "pair"])
        #expect(pairs.count == 1 && pairs[0]["pair"] as? String == "AAAUSDT" && pairs[0]["net_pnl"] as? String == "7.5")
    }

    @Test func tiltAsJSONAndCSV() throws {
        let text = try report(["tilt", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let levels = try #require(object["levels"] as? [[String: Any]])
        #expect(levels.map { $0["level"] as? String } == ["NORMAL", "CAUTION", "WARNING", "LOCKED"])
        #expect(levels[0]["trades"] as? Int == 4 && levels[0]["wins"] as? Int == 2 && levels[0]["net_pnl"] as? String == "-4.5" && close(levels[0]["win_rate"], 0.5))
        #expect(levels[1]["trades"] as? Int == 1 && levels[1]["net_pnl"] as? String == "12" && close(levels[1]["win_rate"], 1))
        #expect(levels[2]["trades"] as? Int == 0 && levels[2]["win_rate"] is NSNull)
        // Pearson ρ of the level (0 NORMAL, 1 CAUTION) with each P&L, in close order.
        let x = [0.0, 0, 0, 0, 1], y = [10.1, -19.8, 5.3, -0.1, 12]
        let mx = x.reduce(0, +) / 5, my = y.reduce(0, +) / 5
        let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let rho = sxy / (x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +) * y.map { ($0 - my) * ($0 - my) }.reduce(0, +)).squareRoot()
        #expect(abs(try #require(number(object["correlation"])) - rho) < 1e-9)
        #expect(object["lockouts"] as? Int == 0)
        #expect(object["journal_entries"] as? [String: Int] == ["accepted": 0, "refused": 0])
        let changes = try #require(object["level_changes"] as? [[String: String]])
        #expect(changes == [["time": Self.time("2024-03-04T00:00:00Z").iso8601, "level": "CAUTION"]])
        let table = try csv(["tilt"])
        #expect(table.header == ["level", "trades", "wins", "win_rate", "net_pnl"])
        #expect(table.rows.map { $0["net_pnl"] } == ["-4.5", "12", "0", "0"] && table.rows[0]["win_rate"] == "0.5" && table.rows[2]["win_rate"] == "")
    }

    @Test func tiersAsJSONAndCSVCarryThePayload() throws {
        let stored = try Store(path: try Self.store.get()).auditTrail(AuditFilter(typePrefix: "tier.", aggregateID: "bt"))
        let evaluation = try #require(stored.first { $0.type == "tier.evaluated" })
        let events = try objects(["tiers"])
        #expect(events.count == stored.count)
        let json = try #require(events.first { $0["type"] as? String == "tier.evaluated" })
        #expect(json["time"] as? String == evaluation.occurredAt.iso8601)
        let payload = try #require(json["payload"] as? [String: String])
        #expect(payload == (try JSONSerialization.jsonObject(with: Data(evaluation.payload.utf8)) as? [String: String]))
        #expect(payload["tier"] != nil && payload["passed"] != nil)
        let table = try csv(["tiers"])
        #expect(table.header == ["time", "type", "payload"])
        let row = try #require(table.rows.first { $0["type"] == "tier.evaluated" })
        #expect(row["payload"] == evaluation.payload && row["time"] == evaluation.occurredAt.iso8601)
    }

    @Test func jsonAndCSVTogetherIsAUsageErrorOnOneLine() throws {
        let db = try Self.store.get()
        for command in [["summary"], ["summary", "--by", "week"], ["equity"], ["breakdown"], ["tiers"], ["tilt"], ["audit"]] {
            let outcome = try TestSupport.run("gen-report", command + ["--json", "--csv", "--db", db])
            #expect(outcome.status == 2, "\(command)")
            #expect(outcome.stdout.isEmpty && outcome.stderr.split(separator: "\n").count == 1, "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.contains("--json and --csv cannot be combined"), "\(command): \(outcome.stderr)")
        }
    }

    // MARK: - The domain function, on a marked-to-market curve

    @Test func aPeriodsDrawdownCountsTheMarksAndItsOpeningAsAPeak() {
        // 2024-01-30 .. 2024-02-02: a position marked −30 on 01-31 and −40 on 02-01, closed +5 on 02-02.
        let start = Timestamp(parsing: "2024-01-30T00:00:00Z")!.utcDay
        let curve = EquityCurve(initialBalance: 100, startDay: start, endDay: start + 3,
                                changes: [(Timestamp(parsing: "2024-02-02T12:00:00Z")!, 5)], markToMarket: [start + 1: -30, start + 2: -40])
        let trade = TradeResult(closedAt: Timestamp(parsing: "2024-02-02T12:00:00Z")!, openedAt: Timestamp(parsing: "2024-01-31T08:00:00Z")!,
                                symbol: "AAAUSDT", strategy: "manual", pnl: 5)
        let months = PeriodSummary.periods(by: .month, curve: curve, trades: [trade])
        #expect(months.map(\.period) == ["2024-01", "2024-02"])
        // January: 100 → 100 → 70; down 30 from the opening.
        #expect(months[0].maxDrawdown?.amount == 30 && months[0].returnFraction == Decimal(string: "-0.3") && months[0].trading.trades == 0)
        // February opens at 70 (January's close), the peak its first close falls from: 60 on paper, then 105.
        #expect(months[1].openingEquity == 70 && months[1].closingEquity == 105)
        #expect(months[1].maxDrawdown == Drawdown(amount: 10, fraction: (Decimal(10) / 70).approximateDouble, peak: 70, startDay: start + 2, endDay: start + 2))
        #expect(months[1].returnFraction == Decimal(string: "0.5") && months[1].trading.netPnL == 5)
        // A trade closed outside the curve still counts, in a period of its own without equity figures.
        let outside = TradeResult(closedAt: Timestamp(parsing: "2024-04-01T12:00:00Z")!, openedAt: Timestamp(parsing: "2024-04-01T10:00:00Z")!,
                                  symbol: "AAAUSDT", strategy: "manual", pnl: -2)
        let withOutside = PeriodSummary.periods(by: .month, curve: curve, trades: [trade, outside])
        #expect(withOutside.map(\.period) == ["2024-01", "2024-02", "2024-04"])
        #expect(withOutside[2].trading.netPnL == -2 && withOutside[2].openingEquity == nil && withOutside[2].whyNull["return_pct"] != nil)
    }
}
