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
    ///
    /// `since`: when a journal entry last lifted a lock. The entry clears the
    /// slate — only evidence after it counts, and a losing streak counts the
    /// losses after it (a loss the trader has reflected on does not make the
    /// next one the fourth of a streak) — but a forced break already running
    /// at the unlock runs its course: a journal does not shorten a break.
    public func assess(_ history: TiltHistory, baseline: TiltBaseline?, now: Timestamp, since: Timestamp? = nil) -> TiltAssessment {
        let window = Double(config.decayMinutes) * 60_000
        let decayed = TiltIndicators.readings(history, baseline: baseline, now: now, config: config, since: since).compactMap { reading -> DecayedReading? in
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
                              forcedBreakUntil: forcedBreakUntil(history, now: now, since: since), at: now)
    }

    /// The hard rule: a current streak of `lossStreak` (3) or more losses
    /// forces a break of `forcedBreakMinutes` (30) from the close of the
    /// latest loss; nil once it has passed or the streak is broken.
    ///
    /// Each further loss of the same streak starts the break again from its
    /// own close: the streak is still running, and a fourth loss straight
    /// after a break says the break did not help. (Losses of positions opened
    /// before the break count too: a loss is a loss, and the break only ever
    /// holds back new entries.)
    ///
    /// With `since` (a journal unlock) the streak counts from the unlock, but
    /// a break imposed before it still runs to its end.
    public func forcedBreakUntil(_ history: TiltHistory, now: Timestamp, since: Timestamp? = nil) -> Timestamp? {
        let length = Int64(config.forcedBreakMinutes) * 60_000
        let streak = TiltIndicators.currentLossStreak(history, now: now)
        var until: Timestamp?
        let counted = since.map { unlock in streak.filter { $0.closedAt > unlock } } ?? streak
        if counted.count >= config.lossStreak, let last = counted.last {
            until = last.closedAt.adding(milliseconds: length)
        } else if let unlock = since {
            let before = streak.filter { $0.closedAt <= unlock }
            if before.count >= config.lossStreak, let last = before.last { until = last.closedAt.adding(milliseconds: length) }
        }
        guard let until, until > now else { return nil }
        return until
    }
}
