import Foundation

/// A moment discipline acted, for the timeline (`gen-report discipline`
/// and the HTML report's equity chart): a tier change, a lockout and its
/// end, a halt and the resume, a deleveraging step, an emergency close.
public struct DisciplineEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case promotion, demotion, emergency, lockout, unlock, halt, resume, deleveraging, override
    }

    public var time: Timestamp
    public var kind: Kind
    /// The audit-trail event it comes from (`tier.demoted`, `tilt.locked`…).
    public var type: String
    /// One line for people: what happened and why.
    public var detail: String

    public init(time: Timestamp, kind: Kind, type: String, detail: String) {
        self.time = time
        self.kind = kind
        self.type = type
        self.detail = detail
    }
}

/// One side of the comparison: the figures the summary computes, from the
/// same functions (`TradeStatistics`, `PerformanceMetrics` over the daily
/// equity curve marked to market).
public struct DisciplineSide: Sendable {
    public var statistics: TradeStatistics
    public var metrics: PerformanceMetrics
    public var curve: EquityCurve
    /// Positions still open at the end of the period.
    public var openPositions: Int

    public init(trades: [TradeResult], curve: EquityCurve, openPositions: Int) {
        statistics = TradeStatistics(trades: trades)
        metrics = PerformanceMetrics(curve: curve, trades: trades)
        self.curve = curve
        self.openPositions = openPositions
    }

    var members: [(String, JSONValue)] {
        let drawdown = metrics.maxDrawdown
        return [
            ("trades", .integer(Int64(statistics.trades))), ("wins", .integer(Int64(statistics.wins))), ("losses", .integer(Int64(statistics.losses))),
            ("net_pnl", .string(statistics.netPnL.plainText)),
            ("equity_net_pnl", .string(metrics.netPnL.plainText)),
            ("equity_net_pnl_pct", metrics.initialBalance > 0 ? ReportFormat.jsonPercent(metrics.netPnL / metrics.initialBalance * 100) : .null),
            ("final_equity", .string(metrics.finalEquity.plainText)),
            ("equity_max_drawdown", .string((drawdown?.amount ?? 0).plainText)),
            ("equity_max_drawdown_pct", ReportFormat.jsonPercent(drawdown?.percent ?? 0)),
            ("longest_loss_streak", .integer(Int64(statistics.longestLossStreak))),
            ("open_positions", .integer(Int64(openPositions))),
        ]
    }

    /// The column of the side-by-side table, in `DisciplineReport.figureNames` order.
    var column: [String] {
        let drawdown = metrics.maxDrawdown
        return [
            "\(statistics.trades) (\(statistics.wins) won, \(statistics.losses) lost)",
            ReportFormat.money(statistics.netPnL),
            ReportFormat.money(metrics.netPnL),
            metrics.initialBalance > 0 ? ReportFormat.percent(metrics.netPnL / metrics.initialBalance) : "n/a",
            ReportFormat.money(metrics.finalEquity),
            drawdown.map { "\(ReportFormat.money($0.amount)) (\(ReportFormat.money($0.percent))%)" } ?? "none",
            "\(statistics.longestLossStreak)",
            "\(openPositions)",
        ]
    }
}

/// What one rule did to the session: the signals it refused and the
/// entries it made smaller, each with what the same signal made unguarded.
public struct RuleEffect: Sendable, Equatable {
    public var rule: String
    /// Signals this rule refused.
    public var refused = 0
    /// Of those, the ones the unguarded account traded and closed, and
    /// what they made there (P&L after fees, wins and losses).
    public var refusedTraded = 0
    public var refusedPnL: Decimal = 0
    public var refusedWins = 0
    public var refusedLosses = 0
    /// Approved entries this rule made smaller than the strategy's size.
    public var shrunk = 0
    /// Of those, the ones closed on both sides, with the P&L of each side
    /// and the difference (unguarded − guarded): what the smaller size
    /// gave up on winners, or saved on losers.
    public var shrunkClosed = 0
    public var shrunkUnguardedPnL: Decimal = 0
    public var shrunkGuardedPnL: Decimal = 0
    public var shrunkDifference: Decimal { shrunkUnguardedPnL - shrunkGuardedPnL }

    public init(rule: String) { self.rule = rule }

    var json: JSONValue {
        .object([
            ("rule", .string(rule)), ("refused", .integer(Int64(refused))), ("refused_unguarded_trades", .integer(Int64(refusedTraded))),
            ("refused_unguarded_pnl", .string(refusedPnL.plainText)), ("refused_unguarded_wins", .integer(Int64(refusedWins))),
            ("refused_unguarded_losses", .integer(Int64(refusedLosses))), ("shrunk", .integer(Int64(shrunk))),
            ("shrunk_closed", .integer(Int64(shrunkClosed))), ("shrunk_unguarded_pnl", .string(shrunkUnguardedPnL.plainText)),
            ("shrunk_guarded_pnl", .string(shrunkGuardedPnL.plainText)), ("shrunk_difference", .string(shrunkDifference.plainText)),
        ])
    }
}

/// `gen-report discipline`: the session as it ran (guarded) beside the same
/// signals run without discipline (`UnguardedReplay`), the effect of each
/// rule, and the timeline of what discipline did. Every figure comes from
/// the stored data and the replay, none from the clock, so a second run
/// prints the same bytes. Formulas: docs/METRICS.md, "What discipline did".
public struct DisciplineReport: Sendable {
    public var session: String
    public var quoteAsset: String
    public var guarded: DisciplineSide
    public var unguarded: DisciplineSide
    /// Per rule, sorted by name; only rules that refused or shrank something.
    public var rules: [RuleEffect]
    public var timeline: [DisciplineEvent]
    /// Signals the unguarded account did not execute, by reason.
    public var unguardedSkipped: [String: Int]
    /// Approved entries whose approval recorded no sizing reasons (judged
    /// by a build before `sized_down_by`): their shrinking is not counted.
    public var sizingUnrecorded: Int
    public var signals: Int
    /// What each signal's closed unguarded position made (P&L after fees), by signal id.
    public var unguardedPnLBySignal: [String: Decimal]

    /// - `guardedPositions`, `unguardedPositions`: every position of each
    ///   side (open ones count as open; closed ones are the trades).
    public init(session: String, quoteAsset: String, signals judged: [JudgedSignal], guardedCurve: EquityCurve, guardedPositions: [Position],
                unguardedCurve: EquityCurve, unguardedPositions: [Position], unguardedSkipped: [String: Int], timeline: [DisciplineEvent]) {
        self.session = session
        self.quoteAsset = quoteAsset
        guarded = DisciplineSide(trades: guardedPositions.compactMap(TradeResult.init(closed:)), curve: guardedCurve,
                                 openPositions: guardedPositions.filter(\.isOpen).count)
        unguarded = DisciplineSide(trades: unguardedPositions.compactMap(TradeResult.init(closed:)), curve: unguardedCurve,
                                   openPositions: unguardedPositions.filter(\.isOpen).count)
        self.unguardedSkipped = unguardedSkipped
        self.timeline = timeline.sorted { ($0.time, $0.kind.rawValue) < ($1.time, $1.kind.rawValue) }
        signals = judged.count
        func closedPnL(_ positions: [Position]) -> [String: Decimal] {
            var pnl: [String: Decimal] = [:]
            for position in positions { if let value = position.realizedPnL { pnl[position.signalID, default: 0] += value } }
            return pnl
        }
        let unguardedPnL = closedPnL(unguardedPositions), guardedPnL = closedPnL(guardedPositions)
        unguardedPnLBySignal = unguardedPnL
        var effects: [String: RuleEffect] = [:]
        var unrecorded = 0
        for item in judged {
            let id = item.signal.id
            if let rule = item.refusedBy {
                var effect = effects[rule] ?? RuleEffect(rule: rule)
                effect.refused += 1
                if let pnl = unguardedPnL[id] {
                    effect.refusedTraded += 1
                    effect.refusedPnL += pnl
                    if pnl > 0 { effect.refusedWins += 1 } else if pnl < 0 { effect.refusedLosses += 1 }
                }
                effects[rule] = effect
            } else if item.signal.side == .buy {
                guard let reasons = item.sizedDownBy else {
                    unrecorded += 1
                    continue
                }
                for rule in Set(reasons) {
                    var effect = effects[rule] ?? RuleEffect(rule: rule)
                    effect.shrunk += 1
                    if let free = unguardedPnL[id], let held = guardedPnL[id] {
                        effect.shrunkClosed += 1
                        effect.shrunkUnguardedPnL += free
                        effect.shrunkGuardedPnL += held
                    }
                    effects[rule] = effect
                }
            }
        }
        sizingUnrecorded = unrecorded
        rules = effects.values.sorted { $0.rule < $1.rule }
    }

    static let figureNames = ["closed trades", "net P&L, realised", "net P&L, marked to market", "return", "final equity",
                              "max drawdown, marked to market (daily closes)", "longest losing streak", "open at the end"]

    /// The side-by-side rows: figure, guarded, unguarded.
    public var comparisonRows: [[String]] {
        zip(Self.figureNames, zip(guarded.column, unguarded.column)).map { [$0.0, $0.1.0, $0.1.1] }
    }

    public static let comparisonHeader = ["", "guarded (the session)", "unguarded (same signals)"]
    public static let ruleHeader = ["rule", "refused", "refused: traded unguarded", "their P&L unguarded", "won/lost",
                                    "shrank", "shrunk: P&L unguarded", "shrunk: P&L guarded", "difference"]

    /// The per-rule rows for people.
    public var ruleRows: [[String]] {
        rules.map { effect in
            [effect.rule, "\(effect.refused)", "\(effect.refusedTraded)", ReportFormat.money(effect.refusedPnL), "\(effect.refusedWins)/\(effect.refusedLosses)",
             "\(effect.shrunk)", ReportFormat.money(effect.shrunkUnguardedPnL), ReportFormat.money(effect.shrunkGuardedPnL), ReportFormat.money(effect.shrunkDifference)]
        }
    }

    /// The timeline rows for people: time, what, detail.
    public var timelineRows: [[String]] { timeline.map { [$0.time.iso8601, $0.kind.rawValue, $0.detail] } }

    /// What a reader needs to read the tables right.
    public var notes: [String] {
        var notes = ["Unguarded: every signal at a fixed \(ReportFormat.percent(unguardedFraction)) of its own balance, one position per symbol, "
                     + "the same paper fills, fees and stops; no tier, tilt, loss limit or halt."]
        if !unguardedSkipped.isEmpty {
            notes.append("Not executed unguarded: " + unguardedSkipped.keys.sorted().map { "\(unguardedSkipped[$0]!) \($0)" }.joined(separator: ", ") + ".")
        }
        if sizingUnrecorded > 0 {
            notes.append("\(sizingUnrecorded) approved entr\(sizingUnrecorded == 1 ? "y was" : "ies were") judged before gen-risk recorded why sizes shrank; they are not counted under any rule.")
        }
        notes.append("A refused signal's P&L is what it made unguarded; a shrunk entry's difference is unguarded minus guarded P&L of the same signal, where both closed.")
        return notes
    }

    /// Set by the caller that knows the configuration (for the notes only).
    public var unguardedFraction: Decimal = 0

    /// The text report: three tables and the notes.
    public var text: String {
        var text = "What discipline did — session \(session) (\(quoteAsset))\n\n"
        text += Self.grid(title: "Guarded beside unguarded", header: Self.comparisonHeader, rows: comparisonRows) + "\n"
        text += Self.grid(title: "By rule", header: Self.ruleHeader, rows: ruleRows.isEmpty ? [["(no rule refused or shrank anything)"] + Array(repeating: "", count: 8)] : ruleRows) + "\n"
        text += Self.grid(title: "Timeline", header: ["time", "what", "detail"], rows: timelineRows.isEmpty ? [["(nothing happened)", "", ""]] : timelineRows) + "\n"
        for note in notes { text += "- \(note)\n" }
        return text
    }

    /// One JSON object and a newline.
    public func json() -> String {
        let members: [(String, JSONValue)] = [
            ("session", .string(session)), ("quote_asset", .string(quoteAsset)),
            ("period_start", ReportFormat.jsonDay(guarded.metrics.firstDay)), ("period_end", ReportFormat.jsonDay(guarded.metrics.lastDay)),
            ("signals", .integer(Int64(signals))),
            ("guarded", .object(guarded.members)),
            ("unguarded", .object(unguarded.members + [("position_fraction", .string(unguardedFraction.plainText)),
                                                       ("skipped", .object(unguardedSkipped.keys.sorted().map { ($0, .integer(Int64(unguardedSkipped[$0]!))) }))])),
            ("rules", .array(rules.map(\.json))),
            ("sizing_unrecorded", .integer(Int64(sizingUnrecorded))),
            ("timeline", .array(timeline.map { .object([("time", .string($0.time.iso8601)), ("kind", .string($0.kind.rawValue)),
                                                        ("type", .string($0.type)), ("detail", .string($0.detail))]) })),
        ]
        return JSONValue.object(members).text + "\n"
    }

    /// A table with a header row for people, columns padded to their widest cell.
    public static func grid(title: String, header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        var text = "\(title)\n\(String(repeating: "-", count: title.count))\n"
        for row in all {
            let cells = header.indices.map { column in
                let cell = column < row.count ? row[column] : ""
                return column == header.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            var line = cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            text += line + "\n"
        }
        return text
    }
}
