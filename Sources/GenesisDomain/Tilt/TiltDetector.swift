import Foundation

/// A reading as it counts at assessment time: its points after decay.
public struct DecayedReading: Sendable, Equatable {
    public var indicator: TiltIndicator
    /// Points now: the reading's points × its decay factor.
    public var points: Double
    /// Points when it tripped, before decay.
    public var initialPoints: Double
    public var evidence: String
    public var at: Timestamp

    public init(indicator: TiltIndicator, points: Double, initialPoints: Double, evidence: String, at: Timestamp) {
        self.indicator = indicator
        self.points = points
        self.initialPoints = initialPoints
        self.evidence = evidence
        self.at = at
    }
}

/// The detector's verdict at one moment: the score, its level, what makes it
/// up, and the forced break of the hard loss-streak rule.
public struct TiltAssessment: Sendable, Equatable {
    /// 0–100: the decayed points of every reading, summed and rounded.
    public var score: Int
    public var level: TiltLevel
    /// Readings still counting, largest contribution first.
    public var readings: [DecayedReading]
    /// End of the break forced by a losing streak, while it lies ahead.
    public var forcedBreakUntil: Timestamp?
    /// When the assessment was made (the clock for the explanation's times).
    public var at: Timestamp

    public init(score: Int, level: TiltLevel, readings: [DecayedReading], forcedBreakUntil: Timestamp?, at: Timestamp) {
        self.score = score
        self.level = level
        self.readings = readings
        self.forcedBreakUntil = forcedBreakUntil
        self.at = at
    }

    /// For `gen-tilt status`: one calm line per reading (its title, evidence
    /// and points now), then a line on the forced break when there is one.
    public var explanation: [String] {
        var lines = readings.map { reading in
            let points = Int(reading.points.rounded())
            return "\(reading.indicator.title): \(reading.evidence) \(points) point\(points == 1 ? "" : "s") now."
        }
        if let until = forcedBreakUntil {
            lines.append("After a run of losses, new entries pause until \(until.tiltClockText(now: at)) for a short break; exits still go through.")
        }
        return lines
    }
}

/// Scores the trader's recent behaviour (DESIGN §4). Pure: the caller loads
/// the history and the stored baseline, and supplies `now` (the wall clock
/// live, the event time in a replay).
public struct TiltDetector: Sendable {
    public var config: GenesisConfig.Tilt

    public init(config: GenesisConfig.Tilt) { self.config = config }

    /// The assessment at `now`. Each reading counts its points × decay, with
    /// decay = max(0, 1 − age / `decayMinutes`): a linear fade, so evidence
    /// ages out of the score over the window instead of dropping off a cliff.
    /// The sum is rounded (half away from zero) and clamped to 0…100.
    public func assess(_ history: TiltHistory, baseline: TiltBaseline?, now: Timestamp) -> TiltAssessment {
        let window = Double(config.decayMinutes) * 60_000
        let decayed = TiltIndicators.readings(history, baseline: baseline, now: now, config: config).compactMap { reading -> DecayedReading? in
            let age = Double(now.milliseconds - reading.at.milliseconds)
            guard age >= 0, window > 0 else { return nil }
            let factor = max(0, 1 - age / window)
            guard factor > 0, reading.points > 0 else { return nil }
            return DecayedReading(indicator: reading.indicator, points: reading.points * factor, initialPoints: reading.points,
                                  evidence: reading.evidence, at: reading.at)
        }
        .sorted { a, b in
            if a.points != b.points { return a.points > b.points }
            if a.at != b.at { return a.at > b.at }
            return a.indicator.rawValue < b.indicator.rawValue
        }
        let total = decayed.reduce(0) { $0 + $1.points }
        let score = min(100, max(0, Int(total.rounded())))
        return TiltAssessment(score: score, level: TiltLevel(score: score, config: config), readings: decayed,
                              forcedBreakUntil: forcedBreakUntil(history, now: now), at: now)
    }

    /// The hard rule: a current streak of `lossStreak` (3) or more losses
    /// forces a break of `forcedBreakMinutes` (30) from the close of the
    /// latest loss; nil once it has passed or the streak is broken.
    public func forcedBreakUntil(_ history: TiltHistory, now: Timestamp) -> Timestamp? {
        let streak = TiltIndicators.currentLossStreak(history, now: now)
        guard streak.count >= config.lossStreak, let last = streak.last else { return nil }
        let until = last.closedAt.adding(milliseconds: Int64(config.forcedBreakMinutes) * 60_000)
        return until > now ? until : nil
    }
}
