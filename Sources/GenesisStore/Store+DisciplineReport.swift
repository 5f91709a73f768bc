import Foundation
import GRDB
import GenesisDomain

/// What `gen-report discipline` reads: the session's judged signals, its
/// candles for the unguarded replay, the configuration it ran with and the
/// events of its timeline.
extension Store {
    /// Every signal of `session` in the order gen-risk judged them, with the
    /// decision: the refusing rule, or for an approved entry the rules that
    /// shrank it (`sized_down_by` of its `risk.approved` event).
    public func judgedSignals(session: String) throws -> [JudgedSignal] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.id, s.strategy, s.symbol, s.side, s.price, s.stop_price, s.target_price, s.reason, s.created_at, s.decision, s.rule,
                       (SELECT json_extract(e.payload, '$.sized_down_by') FROM events e
                        WHERE e.aggregate_type = 'signal' AND e.aggregate_id = s.id AND e.type = 'risk.approved'
                          AND json_extract(e.payload, '$.session') = s.session ORDER BY e.seq LIMIT 1) AS sized_down_by
                FROM signals s WHERE s.session = ? ORDER BY s.created_at, s.rowid
                """, arguments: [session]).map { row in
                guard let side = Side(rawValue: row["side"]), let price = Decimal.parse(row["price"] as String) else {
                    throw GenesisError.internalError("signal \(row["id"] as String) of session '\(session)' is stored without a side or price")
                }
                let signal = Signal(id: row["id"], ts: Timestamp(milliseconds: row["created_at"]), strategy: row["strategy"], symbol: row["symbol"], side: side,
                                    price: price, stop: (row["stop_price"] as String?).flatMap { Decimal.parse($0) },
                                    target: (row["target_price"] as String?).flatMap { Decimal.parse($0) }, reason: row["reason"])
                let refused = (row["decision"] as String) == "REJECTED" ? (row["rule"] as String? ?? "unknown") : nil
                let sized = (row["sized_down_by"] as String?).map { $0.split(separator: ",").map(String.init) }
                return JudgedSignal(signal: signal, refusedBy: refused, sizedDownBy: sized)
            }
        }
    }

    /// The configuration `session` last ran with (the snapshot every command
    /// that reads the configuration keeps, `adoptConfiguration`), over the
    /// built-in defaults; nil when none was kept.
    public func sessionConfig(session: String) throws -> GenesisConfig? {
        guard let text = try read({ try String.fetchOne($0, sql: "SELECT config FROM config_snapshots WHERE session = ?", arguments: [session]) }) else {
            return nil
        }
        // Only the keys that differ from the defaults: the rest are the defaults already.
        let defaults = GenesisConfig()
        let flat = ConfigChange.flatten(defaults)
        return try ConfigChange.applying(ConfigChange.decodeSnapshot(text).filter { flat[$0.key] != nil && flat[$0.key] != $0.value }, to: defaults)
    }

    /// The finest stored interval of each symbol: its candles decide fills,
    /// stops and targets, as gen-exec lets the finest interval decide.
    public func finestIntervals(symbols: [String]) throws -> [String: Interval] {
        var finest: [String: Interval] = [:]
        for symbol in Set(symbols) {
            finest[symbol] = try storedIntervals(symbol: symbol).min { $0.milliseconds < $1.milliseconds }
        }
        return finest
    }

    /// Calls `body` with every stored candle of `intervals` (symbol → interval)
    /// that closed within `from...to`, in close-time order (ties by symbol),
    /// prices as stored.
    public func forEachBar(_ intervals: [String: Interval], from: Timestamp, to: Timestamp, _ body: (ReplayBar) throws -> Void) throws {
        let symbols = intervals.keys.sorted()
        guard !symbols.isEmpty else { return }
        try read { db in
            var conditions: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            var closeCase = "CASE symbol"
            for symbol in symbols {
                let interval = intervals[symbol]!
                conditions.append("(symbol = ? AND interval = ? AND open_time >= ? AND open_time <= ?)")
                arguments += [symbol, interval.name, from.milliseconds - interval.milliseconds, to.milliseconds - interval.milliseconds]
                closeCase += " WHEN '\(symbol.replacingOccurrences(of: "'", with: "''"))' THEN \(interval.milliseconds)"
            }
            closeCase += " END"
            let order = symbols.count == 1 ? "open_time" : "open_time + \(closeCase), symbol"
            var cursor = try Row.fetchCursor(db, sql: """
                SELECT symbol, open_time, open, high, low, close, volume, \(closeCase) AS length FROM candles
                WHERE \(conditions.joined(separator: " OR ")) ORDER BY \(order)
                """, arguments: arguments)
            while let row = try cursor.next() {
                let open: Int64 = row["open_time"], length: Int64 = row["length"]
                try body(ReplayBar(symbol: row["symbol"], openTime: Timestamp(milliseconds: open), closeTime: Timestamp(milliseconds: open + length),
                                   open: row["open"], high: row["high"], low: row["low"], close: row["close"], volume: row["volume"]))
            }
        }
    }

    /// What discipline did in `session`, in time order: tier changes,
    /// emergencies, deleveraging steps, overrides, tilt lockouts and their
    /// end, and the halts and resumes of trading within `from...to` (the
    /// trading state is the store's, not a session's).
    public func disciplineTimeline(session: String, from: Timestamp, to: Timestamp) throws -> [DisciplineEvent] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT occurred_at, type, payload FROM events WHERE
                    (aggregate_type = 'tier' AND aggregate_id = ? AND type IN ('tier.promoted', 'tier.demoted', 'tier.deleveraged', 'tier.override'))
                    OR (aggregate_type = 'tilt' AND aggregate_id = ? AND type IN ('tilt.locked', 'tilt.unlocked'))
                    OR (aggregate_type = 'trading_state' AND type IN ('trading.halted', 'trading.reducing', 'trading.active') AND occurred_at BETWEEN ? AND ?)
                ORDER BY occurred_at, seq
                """, arguments: [session, session, from.milliseconds, to.milliseconds])
        }
        return rows.compactMap { row -> DisciplineEvent? in
            let type: String = row["type"]
            let time = Timestamp(milliseconds: row["occurred_at"])
            let payload = ((try? JSONSerialization.jsonObject(with: Data((row["payload"] as String).utf8))) as? [String: Any] ?? [:])
                .compactMapValues { $0 as? String }
            let p = { (key: String) in payload[key] ?? "?" }
            switch type {
            case "tier.promoted":
                return DisciplineEvent(time: time, kind: .promotion, type: type, detail: "\(p("from")) → \(p("to")): \(p("reason"))")
            case "tier.demoted":
                let emergency = payload["trigger"].flatMap(DemotionTrigger.init(rawValue:))?.isEmergency ?? false
                return DisciplineEvent(time: time, kind: emergency ? .emergency : .demotion, type: type,
                                       detail: "\(p("from")) → \(p("to")): \(p("reason"))" + (emergency ? "; every position closed" : ""))
            case "tier.deleveraged":
                return DisciplineEvent(time: time, kind: .deleveraging, type: type, detail: "stage \(p("stage")): sold \(p("sell_share")) of each position")
            case "tier.override":
                return DisciplineEvent(time: time, kind: .override, type: type, detail: "emergency pause lifted until \(p("until")): \(p("reason"))")
            case "tilt.locked":
                return DisciplineEvent(time: time, kind: .lockout, type: type, detail: "tilt score \(p("score")), locked until \(p("ends_at")): \(p("reason"))")
            case "tilt.unlocked":
                return DisciplineEvent(time: time, kind: .unlock, type: type, detail: payload["reason"] ?? "lockout over")
            case "trading.halted", "trading.reducing":
                return DisciplineEvent(time: time, kind: .halt, type: type, detail: "\(p("state")): \(p("reason"))")
            case "trading.active":
                return DisciplineEvent(time: time, kind: .resume, type: type, detail: "ACTIVE: \(p("reason"))")
            default:
                return nil
            }
        }
    }
}

extension DisciplineReport {
    /// `gen-report discipline` of a backtest session as stored, the unguarded
    /// side replayed with `config` (the session's own: `Store.sessionConfig`).
    /// A session without a replayed period (the live account) has no fixed
    /// data to replay and is refused.
    public init(store: Store, session: String, config: GenesisConfig) throws {
        let account = try store.reportedAccount(session: session)
        guard let period = try store.replayedPeriod(session: session) else {
            throw GenesisError.stateConflict("session '\(session)' has no replayed period: the discipline report compares a backtest "
                                             + "(gen-fetch replay … | gen-signal | gen-risk --session \(session) | gen-exec --session \(session)) with its signals run unguarded")
        }
        let inputs = try store.equityInputs(session: session, now: period.to)
        let judged = try store.judgedSignals(session: session)
        let replay = try UnguardedReplay(session: "unguarded:" + session, balance: account.initialBalance, quoteAsset: account.quoteAsset,
                                         opening: period.from, config: config, filters: try store.paperFilterBook(paper: config.paper))
        replay.start(signals: judged.map(\.signal))
        try store.forEachBar(try store.finestIntervals(symbols: judged.map(\.signal.symbol)), from: period.from, to: period.to) { try replay.feed($0) }
        try replay.finish(endDay: inputs.endDay)
        let unguardedPositions = replay.positions
        let changes = unguardedPositions.compactMap { position -> (time: Timestamp, change: Decimal)? in
            guard let closed = position.closedAt, let pnl = position.realizedPnL else { return nil }
            return (closed, pnl)
        }
        self.init(session: session, quoteAsset: account.quoteAsset, signals: judged,
                  guardedCurve: EquityCurve(initialBalance: inputs.initialBalance, startDay: inputs.startDay, endDay: inputs.endDay,
                                            changes: inputs.changes, markToMarket: inputs.marks),
                  guardedPositions: inputs.positions,
                  unguardedCurve: EquityCurve(initialBalance: account.initialBalance, startDay: inputs.startDay, endDay: inputs.endDay,
                                              changes: changes, markToMarket: replay.marks),
                  unguardedPositions: unguardedPositions, unguardedSkipped: replay.skipped,
                  timeline: try store.disciplineTimeline(session: session, from: period.from, to: period.to))
        unguardedFraction = config.risk.positionFraction.value
    }
}
