import Foundation

/// DESIGN §1.3: loosening a risk limit takes effect only after a cooling-off
/// delay (`risk.loosenCoolingOffMinutes`, default 1 h), so a limit cannot be
/// widened in the heat of a losing streak and used the same minute.
/// Tightening takes effect at once.
public enum LimitCoolingOff {
    /// Risk limits where a larger value allows more risk (`*` is any tier).
    public static let looserWhenLarger = [
        "tiers.*.maxOpenPositions", "tiers.*.maxPairs", "tiers.*.dailyLossLimit", "tiers.*.kellyMaximumFraction",
        "risk.positionFraction", "risk.kellyFraction", "risk.kellyCap", "risk.tiltWarningMultiplier", "risk.recoveryHourMultiplier",
        "risk.adjustmentPeriodMultiplier", "risk.losingDaysMultiplier", "risk.losingDaysInARow", "risk.dailyLossReduceAt",
        "risk.dailyLossReduceMultiplier", "risk.dailyLossNoNewPositionsAt", "risk.dailyLossPrepareHaltAt", "risk.maxTradesPerDay",
        "risk.maxDrawdown", "risk.maxCorrelatedExposure", "risk.correlationAlert", "risk.correlationForceReduce",
        "demotion.dailyLossFraction", "demotion.drawdownFraction",
    ]
    /// Risk limits where a smaller value allows more risk.
    public static let looserWhenSmaller = ["risk.loosenCoolingOffMinutes", "risk.correlationReduceShare"]

    public static func matches(_ key: String, _ pattern: String) -> Bool {
        let keyParts = key.split(separator: "."), patternParts = pattern.split(separator: ".")
        return keyParts.count == patternParts.count && zip(keyParts, patternParts).allSatisfy { $1 == "*" || $0 == $1 }
    }

    /// The keys of `new` that allow more risk than in `old`.
    public static func loosened(from old: [String: String], to new: [String: String]) -> [String] {
        new.keys.sorted().filter { key in
            guard let before = old[key].flatMap({ Decimal.parse($0) }), let after = new[key].flatMap({ Decimal.parse($0) }), before != after else { return false }
            if looserWhenLarger.contains(where: { matches(key, $0) }) { return after > before }
            if looserWhenSmaller.contains(where: { matches(key, $0) }) { return after < before }
            return false
        }
    }
}
