import Foundation

/// How long a tilt lockout lasts (DESIGN §4): 5 min → 30 min → 24 h, then
/// ×1.5 per repeat, capped at one week — all from the configuration. The
/// caller persists each lockout's escalation and start, so a restart never
/// resets the ladder.
public enum LockoutSchedule {
    /// Minutes of the `escalation`-th lockout (1-based; 0 or less counts as
    /// the first): the matching entry of `lockoutMinutes`, and beyond the
    /// list the previous length × `lockoutRepeatMultiplier` per step, never
    /// above `lockoutCapMinutes`. The product is kept exact and rounded to a
    /// whole minute (half up) only at the end.
    public static func minutes(forEscalation escalation: Int, config: GenesisConfig.Tilt) -> Int {
        let cap = config.lockoutCapMinutes
        guard let last = config.lockoutMinutes.last else { return cap }
        let n = max(1, escalation)
        if n <= config.lockoutMinutes.count { return min(cap, config.lockoutMinutes[n - 1]) }
        var value = Decimal(last)
        let multiple = config.lockoutRepeatMultiplier.value
        for _ in config.lockoutMinutes.count..<n {
            value *= multiple
            if value >= Decimal(cap) { return cap }
            // A multiplier of 1 or less would never reach the cap; the value is then final.
            if multiple <= 1 { break }
        }
        return min(cap, NSDecimalNumber(decimal: value.rounded(scale: 0, .plain)).intValue)
    }

    /// The escalation of a lockout starting at `now`: one more than the
    /// previous while that one started at most `lockoutEscalationResetDays`
    /// (30) days ago, otherwise back to 1.
    public static func escalation(previous: (escalation: Int, startedAt: Timestamp)?, now: Timestamp, config: GenesisConfig.Tilt) -> Int {
        guard let previous else { return 1 }
        let reset = Int64(config.lockoutEscalationResetDays) * Timestamp.millisecondsPerDay
        return now.milliseconds - previous.startedAt.milliseconds <= reset ? max(1, previous.escalation + 1) : 1
    }

    /// When a lockout of `escalation` starting at `startedAt` ends.
    public static func endsAt(startedAt: Timestamp, escalation: Int, config: GenesisConfig.Tilt) -> Timestamp {
        startedAt.adding(milliseconds: Int64(minutes(forEscalation: escalation, config: config)) * 60_000)
    }
}
