import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisCommandLine

/// Number formats shared by the report tables (`ReportFormat`'s, with `n/a` for a missing value).
extension ReportData {
    static func number(_ value: Double?, places: Int = 2) -> String { ReportFormat.number(value, places: places) }
    static func money(_ value: Decimal?) -> String { value.map(ReportFormat.money) ?? ReportFormat.missing(nil) }
    static func percent(_ value: Double?) -> String { ReportFormat.percent(value) }
}

/// The table formats of a report command: `--json` (one JSON array of
/// objects, `ReportTable`) or `--csv`, never both.
func requireOneFormat(json: Bool, csv: Bool) throws {
    if json && csv { throw ValidationError("--json and --csv cannot be combined: choose one output format") }
}

extension SummaryPeriod: ExpressibleByArgument {}

struct Equity: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The daily equity curve the metrics are computed from: date, equity, daily return (docs/METRICS.md).",
        discussion: """
            One line per UTC day. --csv: date,equity,daily_return (equity exact, the return with 8 decimals, empty when \
            there is none). --json: one JSON array, an object per day with date, equity (exact decimal string) and \
            daily_return (a JSON number, null when there is none).

            Examples:
              gen-report equity --csv > equity.csv
              gen-report equity --json --session backtest-2020
            """)
    @OptionGroup var global: GlobalOptions
    @Flag(help: "CSV: date,equity,daily_return.") var csv = false
    @Flag(help: "One JSON array, an object per day: date, equity, daily_return.") var json = false
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func validate() throws { try requireOneFormat(json: json, csv: csv) }

    func run() throws {
        _ = global.logger("gen-report")
        let store = try global.openStore("gen-report equity", create: false)
        let data = try ReportData(store: store, session: session)
        if json {
            let rows = data.curve.points.map { point -> [(String, JSONValue)] in
                [("date", .string(point.date)), ("equity", .string(point.equity.plainText)), ("daily_return", ReportFormat.json(point.dailyReturn))]
            }
            print(ReportTable(columns: ["date", "equity", "daily_return"], rows: rows).json(), terminator: "")
            return
        }
        if csv {
            print(data.curve.csv(), terminator: "")
            return
        }
        for point in data.curve.points {
            print("\(point.date)  \(ReportData.money(point.equity))  \(point.dailyReturn.map { String(format: "%+.4f%%", $0 * 100) } ?? "")")
        }
    }
}

struct Breakdown: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Trades, win rate, P&L, profit factor and expectancy by strategy, pair, tier, hour of day (UTC), day, week or month.",
        discussion: """
            Periods are the UTC time of each close. --csv: the table's columns as printed (win rate in percent, n/a when \
            missing). --json: one JSON array with the same columns, as `summary --json` writes them: trades a number, \
            win_rate a fraction and profit_factor a JSON number (null when missing), net_pnl an exact decimal string, \
            expectancy a decimal string (8 places, null without trades).

            Examples:
              gen-report breakdown --by strategy
              gen-report breakdown --by month --csv
              gen-report breakdown --by pair --json
            """)
    enum Dimension: String, ExpressibleByArgument, CaseIterable { case strategy, pair, tier, hour, day, week, month }

    @OptionGroup var global: GlobalOptions
    @Option(help: "strategy, pair, tier, hour, day, week or month.") var by: Dimension = .strategy
    @Flag(help: "CSV instead of a table.") var csv = false
    @Flag(help: "One JSON array, an object per group.") var json = false
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func validate() throws { try requireOneFormat(json: json, csv: csv) }

    func run() throws {
        _ = global.logger("gen-report")
        let store = try global.openStore("gen-report breakdown", create: false)
        let data = try ReportData(store: store, session: session)
        let groups: [TradeGroup] = by == .tier
            ? PerformanceMetrics.grouped(data.trades) { data.tier(at: $0.closedAt).rawValue }
            : PerformanceMetrics.breakdown(data.trades, by: TradeBreakdown(rawValue: by.rawValue)!)
        let header = [by.rawValue, "trades", "win_rate", "net_pnl", "profit_factor", "expectancy"]
        if json {
            let rows = groups.map { group -> [(String, JSONValue)] in
                let t = group.statistics
                return [(by.rawValue, .string(group.key)), ("trades", .integer(Int64(t.trades))), ("win_rate", ReportFormat.json(t.winRate)),
                        ("net_pnl", .string(t.netPnL.plainText)), ("profit_factor", ReportFormat.json(t.profitFactor)),
                        ("expectancy", t.expectancy.map { .string($0.rounded(scale: 8, .plain).plainText) } ?? .null)]
            }
            print(ReportTable(columns: header, rows: rows).json(), terminator: "")
            return
        }
        let rows = groups.map { group in
            [group.key, String(group.statistics.trades), ReportData.percent(group.statistics.winRate), ReportData.money(group.statistics.netPnL),
             ReportData.number(group.statistics.profitFactor), ReportData.money(group.statistics.expectancy)]
        }
        if csv {
            print(([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n"))
            return
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for line in [header] + rows {
            print(line.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
    }
}

struct HTML: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "html",
        abstract: "One self-contained HTML page: equity (with the tier/tilt/halt timeline) and drawdown charts, a price chart per traded symbol with its entries and exits, the metrics, breakdown, tiers, tilt, audit and health tables, and for a backtest what discipline did.",
        discussion: """
            Every chart is inline SVG (no script, no external file); scripts/html-check.sh
            renders the page in headless Chromium and checks it.

            Examples:
              gen-report html --output report.html
              gen-report html --session backtest-2020 --output backtest.html
              gen-report html --at 2024-03-01T12:00:00Z > report.html
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions
    @Option(help: "File to write (default: standard output).") var output: String?
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func run() throws {
        let logger = global.logger("gen-report")
        let store = try global.openStore("gen-report html", create: false)
        // Health judged as `gen-report health` judges it by default: 3 × the configured heartbeat interval.
        let thresholds = HealthReport.Thresholds.forHeartbeat(seconds: try global.loadConfigWithoutStore().watcher.heartbeatSeconds)
        var report = try HTMLReport(store: store, session: session, now: time.now, health: thresholds)
        // A backtest's report says what discipline did; a session without a replayed period cannot be compared.
        if try store.replayedPeriod(session: session) != nil {
            report.discipline = DisciplineSection(report: try DisciplineReport(store: store, session: session,
                                                                               config: try DisciplineCommand.config(store: store, session: session, global: global, logger: logger)))
        } else {
            report.disciplineMissing = "Session \(session) has no replayed period, so there is no fixed data to run its signals unguarded on."
        }
        if let output {
            try report.html.write(toFile: output, atomically: true, encoding: .utf8)
            FileHandle.standardError.write(Data("gen-report: wrote \(output)\n".utf8))
        } else {
            print(report.html, terminator: "")
        }
    }
}

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The audit trail (append-only, hash-chained events), filtered by type, aggregate and time.",
        discussion: """
            Examples:
              gen-report audit --type tier. --since 2024-03-01
              gen-report audit --type order. --aggregate gen-1fd2685ca45585179c0adee9c87073d5 --json
              gen-report audit --type behaviour. --csv
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "Event types starting with this (e.g. `tier.`, `order.filled`).") var type: String?
    @Option(help: "Only this aggregate id (a client order id, a session…).") var aggregate: String?
    @Option(help: "From this time (YYYY-MM-DD, ISO-8601 or epoch ms).") var since: String?
    @Option(help: "Before this time.") var until: String?
    @Option(help: "At most this many events.") var limit = 1000
    @Flag(help: "One JSON object per line.") var json = false
    @Flag(help: "CSV.") var csv = false

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, Timestamp(parsing: value) == nil { throw ValidationError("\(name) '\(value)' is not a date (YYYY-MM-DD), ISO-8601 time or epoch ms") }
        }
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        try requireOneFormat(json: json, csv: csv)
    }

    func run() throws {
        _ = global.logger("gen-report")
        let store = try global.openStore("gen-report audit", create: false)
        let entries = try store.auditTrail(AuditFilter(typePrefix: type, aggregateID: aggregate, since: since.flatMap(Timestamp.init(parsing:)),
                                                       until: until.flatMap(Timestamp.init(parsing:)), limit: limit))
        if csv { print("seq,time,type,aggregate,payload") }
        for entry in entries {
            if json {
                var line = JSONLineBuilder()
                line.field("seq", entry.seq)
                line.field("time", entry.occurredAt.iso8601)
                line.field("type", entry.type)
                line.field("aggregate", entry.aggregate)
                line.field("payload", entry.payload)
                print(line.finish(), terminator: "")
            } else if csv {
                print([String(entry.seq), entry.occurredAt.iso8601, entry.type, entry.aggregate, "\"" + entry.payload.replacingOccurrences(of: "\"", with: "\"\"") + "\""].joined(separator: ","))
            } else {
                print("\(entry.seq)  \(entry.occurredAt.iso8601)  \(entry.type)  \(entry.aggregate)  \(entry.payload)")
            }
        }
    }
}

struct TiltReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tilt",
        abstract: "Tilt history: level changes, lockouts, journal entries, and results by the level in force at each close, with their correlation.",
        discussion: """
            --csv: the levels table, level,trades,wins,win_rate,net_pnl (win_rate a fraction, empty without trades). \
            --json: one object with the levels (win_rate a fraction or null, net_pnl an exact decimal string), \
            the correlation (null without variety), lockouts, journal_entries {accepted, refused} and \
            level_changes [{time, level}].

            Examples:
              gen-report tilt --session backtest-2020
              gen-report tilt --json
              gen-report tilt --csv > tilt-levels.csv
            """)
    @OptionGroup var global: GlobalOptions
    @Flag(help: "One JSON object: levels, correlation, lockouts, journal entries, level changes.") var json = false
    @Flag(help: "CSV of the levels table.") var csv = false
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func validate() throws { try requireOneFormat(json: json, csv: csv) }

    func run() throws {
        _ = global.logger("gen-report")
        let store = try global.openStore("gen-report tilt", create: false)
        _ = try store.reportedAccount(session: session)
        let report = try store.tiltHistory(session: session)
        let levels = ReportTable(columns: ["level", "trades", "wins", "win_rate", "net_pnl"], rows: report.levels.map { level in
            [("level", .string(level.level.rawValue)), ("trades", .integer(Int64(level.trades))), ("wins", .integer(Int64(level.wins))),
             ("win_rate", ReportFormat.json(level.winRate)),
             ("net_pnl", .string(level.netPnL.plainText))]
        })
        if csv {
            print(levels.csv(), terminator: "")
            return
        }
        if json {
            let object = JSONValue.object([
                ("session", .string(session)),
                ("levels", .array(levels.rows.map(JSONValue.object))),
                ("correlation", ReportFormat.json(report.correlation)),
                ("lockouts", .integer(Int64(report.lockouts))),
                ("journal_entries", .object([("accepted", .integer(Int64(report.journals.accepted))), ("refused", .integer(Int64(report.journals.rejected)))])),
                ("level_changes", .array(report.changes.map { .object([("time", .string($0.0.iso8601)), ("level", .string($0.1.rawValue))]) })),
            ])
            print(object.text)
            return
        }
        print("level      trades  win rate  net P&L")
        for level in report.levels {
            let rate = ReportFormat.percent(level.winRate)
            print(level.level.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + "  " + String(format: "%6d", level.trades) + "  "
                  + rate.padding(toLength: 8, withPad: " ", startingAt: 0) + "  " + ReportData.money(level.netPnL))
        }
        print("correlation of the tilt level with trade P&L: \(ReportData.number(report.correlation)) (negative: results worsen as tilt rises)")
        print("lockouts \(report.lockouts); journal entries \(report.journals.accepted) accepted, \(report.journals.rejected) refused")
        for (time, level) in report.changes { print("  \(time.iso8601)  \(level.rawValue)") }
    }
}

struct TiersReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiers",
        abstract: "Tier progress: the tier over time (promotions, demotions and why) and each daily gate evaluation.",
        discussion: """
            One line per tier event (tier.evaluated, tier.promoted, tier.demoted, …), oldest first. --csv: time,type,payload \
            (the payload's JSON text, quoted). --json: one JSON array, an object per event with time, type and the \
            payload as a JSON object.

            Examples:
              gen-report tiers
              gen-report tiers --json --session backtest-2020
              gen-report tiers --csv > tiers.csv
            """)
    @OptionGroup var global: GlobalOptions
    @Flag(help: "One JSON array, an object per event: time, type, payload.") var json = false
    @Flag(help: "CSV: time,type,payload.") var csv = false
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func validate() throws { try requireOneFormat(json: json, csv: csv) }

    func run() throws {
        _ = global.logger("gen-report")
        let store = try global.openStore("gen-report tiers", create: false)
        _ = try store.reportedAccount(session: session)
        let entries = try store.auditTrail(AuditFilter(typePrefix: "tier.", aggregateID: session, limit: 100_000))
        if json || csv {
            // In JSON the payload is an object (it is stored as JSON text); in CSV, that text.
            let rows = entries.map { entry -> [(String, JSONValue)] in
                let payload = json ? (try? JSONValue.parse(Data(entry.payload.utf8))) ?? .string(entry.payload) : .string(entry.payload)
                return [("time", .string(entry.occurredAt.iso8601)), ("type", .string(entry.type)), ("payload", payload)]
            }
            let table = ReportTable(columns: ["time", "type", "payload"], rows: rows)
            print(json ? table.json() : table.csv(), terminator: "")
            return
        }
        for entry in entries {
            print("\(entry.occurredAt.iso8601)  \(entry.type)  \(entry.payload)")
        }
    }
}
