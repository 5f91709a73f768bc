import Foundation
import GenesisDomain

/// How urgent an alert is (docs/PROTOCOL.md §8.10): `alert.minLevel` and
/// `gen-alert send --level` compare on this order.
public enum AlertLevel: String, Sendable, CaseIterable, Comparable, Codable {
    case info = "INFO"
    case warning = "WARNING"
    case critical = "CRITICAL"

    var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (a: AlertLevel, b: AlertLevel) -> Bool { a.rank < b.rank }
}

/// What is delivered to the trader: an `alert` line, a CRITICAL event of
/// the audit trail, or a message from a shell (`gen-alert send`), all in
/// one shape so the policy and the formats treat them alike.
public struct AlertMessage: Sendable, Equatable {
    public var level: AlertLevel
    /// Stable dotted name (`tier.demoted`); with `symbol` it is what
    /// de-duplication compares.
    public var code: String
    public var message: String
    public var symbol: String?
    /// When the condition was detected.
    public var ts: Timestamp
    /// Where it came from: `stream` (line N), `events` (#seq), `send`, `test`.
    public var source: String

    public init(level: AlertLevel, code: String, message: String, symbol: String? = nil, ts: Timestamp, source: String) {
        self.level = level
        self.code = code
        self.message = message
        self.symbol = symbol
        self.ts = ts
        self.source = source
    }

    /// Reads an `alert` line (docs/PROTOCOL.md §8.10).
    public init(line: JSONLine, source: String) throws {
        let levelText = try line.string("level")
        guard let level = AlertLevel(rawValue: levelText) else {
            throw LineError("field 'level' must be INFO, WARNING or CRITICAL, got '\(levelText.prefix(40))'")
        }
        let code = try line.string("code")
        guard Self.isCode(code) else { throw LineError("field 'code' must be a lowercase dotted name like tier.demoted, got '\(code.prefix(60))'") }
        let message = try line.string("message")
        guard !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw LineError("field 'message' is empty") }
        self.init(level: level, code: code, message: message, symbol: try line.optionalString("symbol"), ts: try line.timestamp("ts"), source: source)
    }

    /// A lowercase dotted name: letters, digits, `_` and `.`, 1…80 characters.
    public static func isCode(_ text: String) -> Bool {
        (1...80).contains(text.count) && text.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "." }
    }

    /// De-duplication key: the same code about the same symbol.
    public var key: String { code + "|" + (symbol ?? "") }

    /// One line for a person (Telegram, Slack, Discord, a command):
    /// `GENESIS CRITICAL tier.demoted BTCUSDT: The account …`.
    public var text: String {
        "GENESIS \(level.rawValue) \(code)\(symbol.map { " \($0)" } ?? ""): \(message)"
    }
}
