import Foundation
import GRDB

/// The four tilt levels of SPEC §4, from the configured score thresholds.
public enum TiltLevel: String, Sendable, CaseIterable {
    case normal = "NORMAL"
    case caution = "CAUTION"
    case warning = "WARNING"
    case locked = "LOCKED"

    public init(score: Double, config: GenesisConfig.Tilt) {
        switch score {
        case Double(config.lockedAt)...: self = .locked
        case Double(config.warningAt)...: self = .warning
        case Double(config.cautionAt)...: self = .caution
        default: self = .normal
        }
    }
}

/// What `gen-tilt status` shows: the stored score and any lockout in force.
public struct TiltStatus: Sendable, Equatable {
    public var score: Double
    public var level: TiltLevel
    public var lockoutEndsAt: Timestamp?
    public var lockoutReason: String?

    public var text: String {
        var lines = ["tilt score \(String(format: "%.0f", score)) of 100: \(level.rawValue)"]
        if let end = lockoutEndsAt {
            lines.append("locked out until \(end.iso8601) (\(lockoutReason ?? "")); write a journal entry with `gen-tilt journal` once it expires")
        } else {
            lines.append("no lockout in force")
        }
        return lines.joined(separator: "\n")
    }

    public func json() -> String {
        var line = JSONLineBuilder()
        line.field("score", approximate: score, places: 1)
        line.field("level", level.rawValue)
        line.field("lockout_ends_at", lockoutEndsAt?.iso8601)
        line.field("lockout_reason", lockoutReason)
        return line.finish()
    }
}

extension Store {
    /// Reads the persisted tilt profile and the lockout in force at `time`.
    public func tiltStatus(at time: Timestamp, config: GenesisConfig.Tilt) throws -> TiltStatus {
        try writer.read { db in
            let score = try Double.fetchOne(db, sql: "SELECT score FROM tilt_profiles WHERE id = 1") ?? 0
            let lockout = try Row.fetchOne(db, sql: """
                SELECT reason, ends_at FROM lockouts WHERE lifted_at IS NULL AND ends_at > ? ORDER BY ends_at DESC LIMIT 1
                """, arguments: [time.milliseconds])
            return TiltStatus(score: score, level: TiltLevel(score: score, config: config),
                              lockoutEndsAt: (lockout?["ends_at"] as Int64?).map(Timestamp.init(milliseconds:)), lockoutReason: lockout?["reason"])
        }
    }
}
