import Foundation
import GRDB
import GenesisDomain

extension Store {
    public func openPositionCount(session: String) throws -> Int {
        try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM positions WHERE status = 'OPEN' AND session = ?", arguments: [session]) ?? 0 }
    }

    public func registerSession(_ id: String, kind: String, venue: String, at time: Timestamp) throws {
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO trading_sessions (id, type, venue, started_at) VALUES (?, ?, ?, ?)",
                           arguments: [id, kind, venue, time.milliseconds])
        }
    }

    /// Walks the audit trail's hash chain (`gen-report verify`).
    public func verifyEvents() throws -> EventLog.Verification {
        try read { try EventLog.verify($0) }
    }
}

/// What the equity curve of a session is made from (DESIGN §8: metrics come
/// from the daily equity curve, not only from closed trades).
public struct EquityInputs: Sendable {
    public var initialBalance: Decimal
    /// The curve's first day: the day the session's account opened (a
    /// backtest's opens at its first replayed event), or the first day of
    /// its replayed data or of its first position if either is earlier.
    public var startDay: Int64
    /// The curve's last day: the last day of the replayed data, or the
    /// report's now for a session without a replayed period (live); a later
    /// position moves it on.
    public var endDay: Int64
    /// The replayed period on the data's clock, nil for a live session.
    public var replayed: (from: Timestamp, to: Timestamp)?
    /// Realised profit or loss (after every fee) of each closed trade, at its close.
    public var changes: [(time: Timestamp, change: Decimal)]
    /// Unrealised profit or loss of the positions open at each day's close,
    /// valued at the last stored candle of that day.
    public var marks: [Int64: Decimal]
    public var positions: [Position]
    /// Indices into `positions` of the closed ones, in the order they closed
    /// (`Store.closedPositions`), from the same read.
    public var closedOrder: [Int] = []
}

extension Store {
    /// The inputs of `session`'s equity curve. The curve is dated by the data:
    /// a backtest's runs from its first replayed day to its last, trades or
    /// none; only a session without a replayed period (the live account) runs
    /// to `now`, the report's own time.
    public func equityInputs(session: String = Account.defaultSession, now: Timestamp = .now()) throws -> EquityInputs {
        let account = try reportedAccount(session: session)
        let replayed = try replayedPeriod(session: session)
        return try read { db in
            let read = try fetchReportPositions(db, session: session)
            let positions = read.all
            let opened = try Int64.fetchOne(db, sql: "SELECT created_at FROM accounts WHERE session = ?", arguments: [session])
                .map(Timestamp.init(milliseconds:)) ?? account.tierStartedAt
            // Days as the curve counts them: an opening (the account's, a position's) on the day it starts; an event
            // of the data (a candle's close, a trade's close) on the day it closes, so midnight exactly ends the day
            // before (`EquityCurve.day(closedBy:)`).
            let dayOf = EquityCurve.day(closedBy:)
            // One pass by index over the positions for the days and the changes (each pass by value copied all of them).
            var startDay = min(opened.utcDay, replayed.map { dayOf($0.from) } ?? .max)
            var lastActivity: Int64?
            var changes: [(time: Timestamp, change: Decimal)] = []
            changes.reserveCapacity(read.closedOrder.count)
            for index in positions.indices {
                let openedDay = positions[index].openedAt.utcDay, closed = positions[index].closedAt
                startDay = min(startDay, openedDay)
                let activity = closed.map(dayOf) ?? openedDay
                lastActivity = max(lastActivity ?? activity, activity)
                if let closed, let pnl = positions[index].realizedPnL { changes.append((closed, pnl)) }
            }
            let endDay = max(dayOf(replayed?.to ?? now), lastActivity ?? startDay, startDay)
            var marks: [Int64: Decimal] = [:]
            for index in positions.indices {
                let openedDay = positions[index].openedAt.utcDay
                let lastDay = positions[index].closedAt.map { dayOf($0) - 1 } ?? endDay
                guard lastDay >= openedDay else { continue }
                let position = positions[index]
                for day in openedDay...lastDay {
                    guard let close = try lastClose(db, symbol: position.symbol, before: (day + 1) * Timestamp.millisecondsPerDay) else { continue }
                    marks[day, default: 0] += (close - position.entryPrice) * position.quantity
                }
            }
            return EquityInputs(initialBalance: account.initialBalance, startDay: startDay, endDay: endDay, replayed: replayed,
                                changes: changes, marks: marks, positions: positions, closedOrder: read.closedOrder)
        }
    }

    public func latestClose(symbol: String, before time: Timestamp) throws -> Decimal? {
        try read { try lastClose($0, symbol: symbol, before: time.milliseconds) }
    }

    /// The close of the newest stored candle of `symbol` that had closed by
    /// `time` (any interval): a candle still forming at `time` holds a later
    /// price, which in a replay would be the future.
    func lastClose(_ db: StoreDatabase, symbol: String, before time: Int64) throws -> Decimal? {
        try newestCandle(db, symbol: symbol, closedBy: time)?.close
    }

    /// The newest candle of `symbol`, of any interval, that had closed by
    /// `time` (`.max`: the newest stored, forming or not). One lookup per
    /// interval on the candles' key (symbol, interval, open_time): ordering
    /// every candle of the symbol by time alone cannot use the key, and
    /// sorted a year of 1-minute candles for each day a position was held.
    /// Of candles opened at the same time, the longer one (which closed
    /// last) wins.
    func newestCandle(_ db: StoreDatabase, symbol: String, closedBy time: Int64) throws -> (openTime: Int64, close: Decimal)? {
        let statement = try db.cachedStatement(sql: """
            SELECT open_time, close FROM candles WHERE symbol = ? AND interval = ? AND open_time <= ? ORDER BY open_time DESC LIMIT 1
            """)
        var newest: (openTime: Int64, close: String)?
        for (interval, milliseconds) in Interval.known {
            guard let row = try Row.fetchOne(statement, arguments: [symbol, interval, time - milliseconds]) else { continue }
            let openTime: Int64 = row["open_time"]
            if openTime >= newest?.openTime ?? .min { newest = (openTime, row["close"]) }
        }
        return newest.flatMap { newest in Decimal.parse(newest.close).map { (newest.openTime, $0) } }
    }
}

extension Store {
    /// The tier in force from each time on: the opening tier, then every promotion and demotion.
    public func tierHistory(session: String) throws -> [(Timestamp, Tier)] {
        let account = try reportedAccount(session: session)
        let changes = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT occurred_at, json_extract(payload, '$.from') AS from_tier, json_extract(payload, '$.to') AS to_tier FROM events
                WHERE aggregate_type = 'tier' AND aggregate_id = ? AND type IN ('tier.promoted', 'tier.demoted') ORDER BY seq
                """, arguments: [session])
        }
        guard let first = changes.first else { return [(Timestamp(milliseconds: .min), account.tier)] }
        var history: [(Timestamp, Tier)] = [(Timestamp(milliseconds: .min), Tier(rawValue: first["from_tier"] ?? "") ?? account.tier)]
        for row in changes { history.append((Timestamp(milliseconds: row["occurred_at"]), Tier(rawValue: row["to_tier"] ?? "") ?? account.tier)) }
        return history
    }
}
