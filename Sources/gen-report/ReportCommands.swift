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

struct Equity: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The daily equity curve the metrics are computed from: date, equity, daily return (docs/METRICS.md).",
        discussion: "Examples:\n  gen-report equity --csv > equity.csv\n  gen-report equity --session backtest-2020")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "CSV: date,equity,daily_return.") var csv = false
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func run() throws {
        _ = global.logger("gen-report")
        let store = try global.openStore("gen-report equity", create: false)
        let data = try ReportData(store: store, session: session)
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
        discussion: "Examples:\n  gen-report breakdown --by strategy\n  gen-report breakdown --by month --csv")
    enum Dimension: String, ExpressibleByArgument, CaseIterable { case strategy, pair, tier, hour, day, week, month }

    @OptionGroup var global: GlobalOptions
    @Option(help: "strategy, pair, tier, hour, day, week or month.") var by: Dimension = .strategy
    @Flag(help: "CSV instead of a table.") var csv = false
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func run() throws {
        _ = global.logger("gen-report")
        let store = try global.openStore("gen-report breakdown", create: false)
        let data = try ReportData(store: store, session: session)
        let groups: [TradeGroup] = by == .tier
            ? PerformanceMetrics.grouped(data.trades) { data.tier(at: $0.closedAt).rawValue }
            : PerformanceMetrics.breakdown(data.trades, by: TradeBreakdown(rawValue: by.rawValue)!)
        let header = [by.rawValue, "trades", "win_rate", "net_pnl", "profit_factor", "expectancy"]
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
        abstract: "One self-contained HTML page: equity and drawdown charts (inline SVG), the metrics and breakdown tables, and for a backtest what discipline did.",
        discussion: "Example:\n  gen-report html --output report.html")
    @OptionGroup var global: GlobalOptions
    @Option(help: "File to write (default: standard output).") var output: String?
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func run() throws {
        let logger = global.logger("gen-report")
        let store = try global.openStore("gen-report html", create: false)
        let data = try ReportData(store: store, session: session)
        let performance = try PerformanceReport(store: store, session: session, data: data)
        var tables: [(caption: String, rows: [(String, String)])] = performance.tables.map { (caption: $0.title, rows: $0.rows) }
        for dimension in [TradeBreakdown.strategy, .pair, .month] {
            tables.append((caption: "By \(dimension.rawValue)", rows: PerformanceMetrics.breakdown(data.trades, by: dimension).map { group in
                (group.key, "\(group.statistics.trades) trades, win rate \(ReportData.percent(group.statistics.winRate)), net \(ReportData.money(group.statistics.netPnL))")
            }))
        }
        var report = HTMLReport(title: "GENESIS report — session \(session)",
                                equity: data.curve.points.map { ($0.day, $0.equity.approximateDouble) }, tables: tables)
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
        discussion: "Example:\n  gen-report tilt --session backtest-2020")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func run() throws {
        _ = global.logger("gen-report")
        let store = try global.openStore("gen-report tilt", create: false)
        _ = try store.requireAccount(session: session)
        let report = try store.tiltHistory(session: session)
        print("level      trades  win rate  net P&L")
        for level in report.levels {
            let rate = level.trades == 0 ? "n/a" : String(format: "%.2f%%", Double(level.wins) / Double(level.trades) * 100)
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
        discussion: "Example:\n  gen-report tiers")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func run() throws {
        _ = global.logger("gen-report")
        let store = try global.openStore("gen-report tiers", create: false)
        _ = try store.requireAccount(session: session)
        for entry in try store.auditTrail(AuditFilter(typePrefix: "tier.", aggregateID: session, limit: 100_000)) {
            print("\(entry.occurredAt.iso8601)  \(entry.type)  \(entry.payload)")
        }
    }
}
