import Foundation
import GRDB
import GenesisDomain

/// One row of `alert_deliveries`: what became of one alert on one channel.
public struct AlertDeliveryRecord: Sendable, Equatable {
    public var id: Int64?
    public var decidedAt: Timestamp
    public var alertTs: Timestamp
    public var level: String
    public var code: String
    public var symbol: String?
    public var source: String
    public var message: String
    /// `webhook <host>`, `command`, or `-` when no channel was tried.
    public var channel: String
    /// delivered, failed, deduplicated or rate_limited.
    public var status: String
    public var attempts: Int
    /// The channel's answer or why it was not sent (never a secret).
    public var detail: String?

    public init(id: Int64? = nil, decidedAt: Timestamp, alertTs: Timestamp, level: String, code: String, symbol: String?, source: String,
                message: String, channel: String, status: String, attempts: Int, detail: String?) {
        self.id = id
        self.decidedAt = decidedAt
        self.alertTs = alertTs
        self.level = level
        self.code = code
        self.symbol = symbol
        self.source = source
        self.message = message
        self.channel = channel
        self.status = status
        self.attempts = attempts
        self.detail = detail
    }
}

/// An audit event as `gen-alert events` reads it.
public struct AlertableEvent: Sendable, Equatable {
    public var seq: Int64
    public var type: String
    public var aggregateID: String
    public var occurredAt: Timestamp
    public var payload: [String: String]
}

extension Store {
    public func recordAlertDelivery(_ record: AlertDeliveryRecord) throws {
        try write { db in
            try db.cachedStatement(sql: """
                INSERT INTO alert_deliveries (decided_at, alert_ts, level, code, symbol, source, message, channel, status, attempts, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [record.decidedAt.milliseconds, record.alertTs.milliseconds, record.level, record.code, record.symbol, record.source,
                                 record.message, record.channel, record.status, record.attempts, record.detail])
        }
    }

    /// Deliveries decided at or after `since` (all when nil), oldest first,
    /// at most the newest `limit`.
    public func alertDeliveries(since: Timestamp? = nil, limit: Int = 1000) throws -> [AlertDeliveryRecord] {
        try read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM (SELECT * FROM alert_deliveries WHERE decided_at >= ? ORDER BY id DESC LIMIT ?) AS newest ORDER BY id
                """), arguments: [since?.milliseconds ?? Int64.min, limit])
            return rows.map { row in
                AlertDeliveryRecord(id: row["id"], decidedAt: Timestamp(milliseconds: row["decided_at"]), alertTs: Timestamp(milliseconds: row["alert_ts"]),
                                    level: row["level"], code: row["code"], symbol: row["symbol"], source: row["source"], message: row["message"],
                                    channel: row["channel"], status: row["status"], attempts: row["attempts"], detail: row["detail"])
            }
        }
    }

    /// The last event `gen-alert events` has looked at; nil before its first run.
    public func alertCursor() throws -> Int64? {
        try read { try Int64.fetchOne($0, sql: "SELECT last_seq FROM alert_cursor WHERE id = 1") }
    }

    /// Moves the cursor forward (never back: two overlapping runs cannot rewind it).
    public func advanceAlertCursor(to seq: Int64, at time: Timestamp) throws {
        try write { db in
            try db.cachedStatement(sql: """
                INSERT INTO alert_cursor (id, last_seq, updated_at) VALUES (1, ?, ?)
                ON CONFLICT(id) DO UPDATE SET last_seq = MAX(alert_cursor.last_seq, excluded.last_seq), updated_at = excluded.updated_at
                """).execute(arguments: [seq, time.milliseconds])
        }
    }

    /// The newest event's sequence number (0 when there is none), and the
    /// newest one recorded before `time` (where a first run starts).
    public func lastEventSeq(recordedBefore time: Timestamp? = nil) throws -> Int64 {
        try read { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(seq), 0) FROM events WHERE recorded_at < ?"),
                               arguments: [time?.milliseconds ?? Int64.max]) ?? 0
        }
    }

    /// Events of `types` with `after < seq <= upTo`, in order.
    public func alertableEvents(after: Int64, upTo: Int64, types: [String]) throws -> [AlertableEvent] {
        guard !types.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: types.count).joined(separator: ", ")
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT seq, type, aggregate_id, occurred_at, payload FROM events WHERE seq > ? AND seq <= ? AND type IN (\(marks)) ORDER BY seq",
                             arguments: [after, upTo] + types.map { $0 }).map { row in
                let text: String = row["payload"]
                let payload = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
                return AlertableEvent(seq: row["seq"], type: row["type"], aggregateID: row["aggregate_id"], occurredAt: Timestamp(milliseconds: row["occurred_at"]),
                                      payload: payload.compactMapValues { $0 as? String })
            }
        }
    }
}
