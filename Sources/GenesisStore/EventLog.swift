import Crypto
import Foundation
import GRDB
import GenesisDomain

/// One row of the audit trail.
public struct AuditEvent: Sendable, Equatable {
    public var type: String
    public var aggregateType: String
    public var aggregateID: String
    public var occurredAt: Timestamp
    /// Flat JSON object describing what happened.
    public var payload: [String: String]
    /// Who or what did it (command, pid, session).
    public var metadata: [String: String]

    public init(type: String, aggregateType: String, aggregateID: String, occurredAt: Timestamp, payload: [String: String], metadata: [String: String] = [:]) {
        self.type = type
        self.aggregateType = aggregateType
        self.aggregateID = aggregateID
        self.occurredAt = occurredAt
        self.payload = payload
        self.metadata = metadata
    }
}

/// The append-only, hash-chained event log (DESIGN §1.2). Appends happen inside
/// the caller's transaction so an event exists exactly when its change does.
public enum EventLog {
    public static let genesisHash = String(repeating: "0", count: 64)

    static func canonicalJSON(_ object: [String: String]) -> String {
        var line = JSONLineBuilder()
        for key in object.keys.sorted() { line.field(key, object[key]!) }
        var text = line.finish()
        text.removeLast()
        return text
    }

    /// SHA-256 over every column of the row and the previous row's hash.
    static func hash(previous: String, seq: Int64, occurredAt: Int64, recordedAt: Int64, type: String, aggregateType: String, aggregateID: String, payload: String, metadata: String) -> String {
        let material = [previous, String(seq), String(occurredAt), String(recordedAt), type, aggregateType, aggregateID, payload, metadata].joined(separator: "\u{1F}")
        return SHA256.hash(data: Data(material.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Appends `event` and returns its sequence number. Must run in a write
    /// transaction (the immediate transaction serialises the chain).
    @discardableResult
    public static func append(_ event: AuditEvent, origin: [String: String] = [:], in db: StoreDatabase) throws -> Int64 {
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"))
        let previous: String = last?["hash"] ?? genesisHash
        let seq: Int64 = (last?["seq"] ?? 0) + 1
        var metadata = origin
        metadata.merge(event.metadata) { _, new in new }
        let payloadJSON = canonicalJSON(event.payload)
        let metadataJSON = canonicalJSON(metadata)
        let recordedAt = Timestamp.now().milliseconds
        let digest = hash(previous: previous, seq: seq, occurredAt: event.occurredAt.milliseconds, recordedAt: recordedAt, type: event.type,
                          aggregateType: event.aggregateType, aggregateID: event.aggregateID, payload: payloadJSON, metadata: metadataJSON)
        try db.cachedStatement(sql: """
            INSERT INTO events (seq, occurred_at, recorded_at, type, aggregate_type, aggregate_id, payload, metadata, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [seq, event.occurredAt.milliseconds, recordedAt, event.type, event.aggregateType,
                             event.aggregateID, payloadJSON, metadataJSON, previous, digest])
        return seq
    }

    /// The newest event's sequence number and hash (what the head file holds).
    public static func lastLink(_ db: StoreDatabase) throws -> ChainHead? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")).map { ChainHead(seq: $0["seq"], hash: $0["hash"]) }
    }

    /// The stored hash of event `seq`, or nil when there is no such event.
    public static func storedHash(seq: Int64, in db: StoreDatabase) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM events WHERE seq = ?"), arguments: [seq])
    }

    public typealias Verification = ChainVerification

    /// Recomputes every hash from the rows and checks each link.
    public static func verify(_ db: StoreDatabase) throws -> Verification {
        var previous = genesisHash
        var expectedSeq: Int64 = 1
        var checked = 0
        var rows = try Row.fetchCursor(db, sql: "SELECT * FROM events ORDER BY seq")
        while let row = try rows.next() {
            let seq: Int64 = row["seq"]
            let stored: String = row["hash"]
            let link: String = row["prev_hash"]
            if seq != expectedSeq {
                return Verification(checked: checked, firstBadSeq: seq, problem: "sequence jumps from \(expectedSeq - 1) to \(seq): rows are missing")
            }
            if link != previous {
                return Verification(checked: checked, firstBadSeq: seq, problem: "event \(seq) does not link to the hash of event \(seq - 1)")
            }
            let recomputed = hash(previous: link, seq: seq, occurredAt: row["occurred_at"], recordedAt: row["recorded_at"], type: row["type"], aggregateType: row["aggregate_type"],
                                  aggregateID: row["aggregate_id"], payload: row["payload"], metadata: row["metadata"])
            if recomputed != stored {
                return Verification(checked: checked, firstBadSeq: seq, problem: "event \(seq) was altered after it was written")
            }
            previous = stored
            expectedSeq += 1
            checked += 1
        }
        return Verification(checked: checked, firstBadSeq: nil, problem: nil)
    }
}
