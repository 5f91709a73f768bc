import Foundation

/// What `gen-tilt status` shows: the score now with the evidence behind it,
/// the stored level and lock, and — in one calm sentence — what lifts it.
///
/// The level printed and the advice come from one place (`level`), so the
/// report can never print LOCKED above "carry on". `gen-tilt status` applies
/// the level before it reports (the lockout starts when the trader first sees
/// LOCKED); a read-only report (the control API) whose score reached LOCKED
/// before anything applied it says so plainly.
public struct TiltReport: Sendable {
    public var assessment: TiltAssessment
    public var standing: TiltStanding
    public var debt: Decimal
    public var baselineEstablished: Bool
    public var now: Timestamp
    /// For the warm-up footnote's figures.
    public var config: GenesisConfig.Tilt

    /// The level in force: LOCKED while a lock stands, else the score's level.
    public var level: TiltLevel { standing.locked ? .locked : assessment.level }

    /// The score says LOCKED but no lockout has been started yet.
    public var lockPending: Bool { !standing.locked && assessment.level == .locked }

    public var howToResume: String {
        if lockPending {
            return "The score is in the LOCKED range: the next check (gen-risk, before it judges any signal, or `gen-tilt evaluate`) starts a lockout, and new entries are refused from then; exits still go through. A journal entry with `gen-tilt journal` lifts it once the lockout has ended."
        }
        if standing.locked {
            if let ends = standing.lockoutEndsAt, now < ends {
                return "New entries are paused until \(ends.iso8601); write a journal entry with `gen-tilt journal` (it may be written now), and the lock lifts when the lockout ends. Exits still go through."
            }
            return "The lockout has ended; a journal entry with `gen-tilt journal` lifts the lock, then positions are half size for an hour. Exits still go through."
        }
        if let until = standing.recoveryUntil, now < until { return "In the recovery hour: positions are half size until \(until.iso8601)." }
        if let until = assessment.forcedBreakUntil, now < until { return "A short break after a run of losses: new entries resume at \(until.iso8601)." }
        return level.message
    }

    public var text: String {
        var lines = ["tilt score \(assessment.score) of 100: \(level.rawValue)"]
        lines += assessment.explanation.map { "  " + $0 }
        if assessment.readings.isEmpty { lines.append("  no indicator is active") }
        if !baselineEstablished { lines.append("  (\(TiltIndicator.warmUpNote(config: config)))") }
        if debt > 0 { lines.append("tilt debt \(debt.rounded(scale: 2, .plain).plainText): profits repay it before a promotion gate can pass") }
        lines.append(howToResume)
        return lines.joined(separator: "\n")
    }

    public var json: String {
        var line = JSONLineBuilder()
        line.field("score", assessment.score)
        line.field("level", level.rawValue)
        line.field("locked", standing.locked)
        line.field("lock_pending", lockPending)
        line.field("lockout_ends_at", standing.lockoutEndsAt?.iso8601)
        line.field("recovery_until", standing.recoveryUntil?.iso8601)
        line.field("forced_break_until", assessment.forcedBreakUntil?.iso8601)
        line.field("tilt_debt", debt)
        line.field("baseline_established", baselineEstablished)
        line.field("how_to_resume", howToResume)
        line.field("indicators", objects: assessment.readings.map { reading in
            var item = JSONLineBuilder()
            item.field("indicator", reading.indicator.rawValue)
            item.field("points", approximate: reading.points, places: 1)
            item.field("evidence", reading.evidence)
            item.field("at", reading.at.iso8601)
            return item
        })
        return line.finish().trimmingCharacters(in: .newlines)
    }

    public init(assessment: TiltAssessment, standing: TiltStanding, debt: Decimal, baselineEstablished: Bool, now: Timestamp,
                config: GenesisConfig.Tilt = GenesisConfig().tilt) {
        self.config = config
        self.assessment = assessment
        self.standing = standing
        self.debt = debt
        self.baselineEstablished = baselineEstablished
        self.now = now
    }
}


extension TiltBaseline {
    /// `gen-tilt baseline` for people: each band with what it was learned from.
    public func summary(config: GenesisConfig.Tilt) -> String {
        func band(_ band: Band?, _ unit: String) -> String {
            guard let band else { return "not enough history yet" }
            return String(format: "normal %.2f–%.2f %@ (median %.2f, %d samples)", band.low, band.high, unit, band.median, band.samples)
        }
        var lines = ["baseline learned \(learnedAt.iso8601) from the last \(config.baselineDays) days"
                     + (established ? "" : " — not established yet: \(TiltIndicator.warmUpNote(config: config))")]
        lines.append("  trades per active hour: " + band(tradesPerHour.overall, "/h"))
        lines.append("  hours with their own band: " + (tradesPerHour.byHour.isEmpty ? "none yet" : tradesPerHour.byHour.keys.sorted().map { String(format: "%02d", $0) }.joined(separator: " ")))
        lines.append("  usual hours (UTC): " + (usualHours.map { $0.map { String(format: "%02d", $0) }.joined(separator: " ") } ?? "unknown (\(manualActions) manual actions so far)"))
        lines.append("  daily cancel rate: " + band(cancelRate, ""))
        lines.append("  typical size: " + band(typicalSize.overall, "USDT"))
        return lines.joined(separator: "\n")
    }
}
