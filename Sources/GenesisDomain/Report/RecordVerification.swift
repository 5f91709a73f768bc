import Foundation

/// One thing `gen-report verify` found (DESIGN §1.2).
public struct VerifyFinding: Sendable, Equatable {
    public enum Severity: String, Sendable, Equatable {
        /// The record was changed outside GENESIS: verify exits 7.
        case tampered
        /// Worth knowing, not proof of tampering (events past the head).
        case warning
        /// A row written before this build recorded what is needed to check it.
        case notCheckable = "not_checkable"

        var label: String {
            switch self {
            case .tampered: "TAMPERED"
            case .warning: "WARNING"
            case .notCheckable: "NOT CHECKABLE"
            }
        }
    }

    /// Which part of the record: the chain, its head, the triggers, or a ledger table.
    public enum Area: String, Sendable, Equatable {
        case chain, head, triggers, accounts, positions, fills, lockouts
        case tierState = "tier_states"
        case tiltState = "tilt_states"
        case tradingState = "trading_state"
        case baseline = "verify_baseline"
    }

    public var severity: Severity
    public var area: Area
    /// The row or object concerned (`default`, `trade 123`, `event 45`).
    public var subject: String
    public var message: String

    public init(_ severity: Severity, _ area: Area, _ subject: String, _ message: String) {
        self.severity = severity
        self.area = area
        self.subject = subject
        self.message = message
    }

    /// The finding on one line, as the text output prints it.
    public var line: String { "\(severity.label) \(area.rawValue) \(subject): \(message)" }

    var json: JSONLineBuilder {
        var object = JSONLineBuilder()
        object.field("severity", severity.rawValue)
        object.field("area", area.rawValue)
        object.field("subject", subject)
        object.field("message", message)
        return object
    }
}

/// Everything `gen-report verify` checked and found: the hash chain, the
/// head kept beside the database, the append-only triggers, and the ledger
/// tables cross-checked against the events that wrote them.
public struct RecordVerification: Sendable, Equatable {
    public var chain: ChainVerification
    /// The newest event's sequence number (0 when there are none).
    public var lastSeq: Int64
    public var headPath: String
    public var head: HeadFileState
    /// Rows compared with their events, by table.
    public var checked: [String: Int]
    public var findings: [VerifyFinding]

    public init(chain: ChainVerification, lastSeq: Int64, headPath: String, head: HeadFileState, checked: [String: Int] = [:], findings: [VerifyFinding] = []) {
        self.chain = chain
        self.lastSeq = lastSeq
        self.headPath = headPath
        self.head = head
        self.checked = checked
        self.findings = findings
    }

    /// Nothing points to tampering (warnings and unchecked rows may remain).
    public var intact: Bool { !findings.contains { $0.severity == .tampered } }

    public var tampered: [VerifyFinding] { findings.filter { $0.severity == .tampered } }

    /// The closing line of the text output.
    public var summary: String {
        let rows = checked.values.reduce(0, +)
        let head = self.head.head.map { "head \($0.seq)" } ?? "no head file"
        if intact {
            return "audit trail intact: \(chain.checked) events, hash chain verified, \(head), append-only triggers in place, \(rows) ledger rows match their events"
        }
        let events = chain.ok ? "\(chain.checked) events in an unbroken chain" : "\(chain.checked) events verified before the first broken link"
        return "audit trail TAMPERED: \(tampered.count) finding\(tampered.count == 1 ? "" : "s") (\(events), \(head))"
    }

    /// Text output: each finding on its own line, then the summary.
    public var lines: [String] { findings.map(\.line) + [summary] }

    /// One JSON object (`gen-report verify --json`).
    public func json() -> String {
        var line = JSONLineBuilder()
        line.field("intact", intact)
        line.field("events", chain.checked)
        line.field("last_seq", lastSeq)
        line.field("head_file", headPath)
        if let head = head.head {
            line.field("head_seq", head.seq)
            line.field("head_hash", head.hash)
        }
        if let bad = chain.firstBadSeq { line.field("first_bad_seq", bad) }
        line.field("checked", objects: checked.keys.sorted().map { table in
            var object = JSONLineBuilder()
            object.field("table", table)
            object.field("rows", checked[table]!)
            return object
        })
        line.field("findings", objects: findings.map(\.json))
        return line.finish()
    }
}
