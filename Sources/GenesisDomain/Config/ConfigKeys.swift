import Foundation

/// Which way a setting gives the trader more room (DESIGN §1.3). A loosening
/// of a protective setting waits out `risk.loosenCoolingOffMinutes`;
/// tightening applies at once. Every key of `GenesisConfig` is classified in
/// `ConfigKeys.rules`, protective or deliberately not, so that a key added
/// later cannot escape the cooling-off unnoticed (ConfigTests checks it).
public enum Loosening: Sendable, Equatable {
    /// A larger number allows more (a loss limit, a threshold score). Lists: item by item.
    case whenLarger
    /// A smaller number allows more (a lockout's length, a gate's minimum). Lists: item by item.
    case whenSmaller
    /// A list of names allows more when it gains a name (a tier's order types);
    /// removing one applies at once.
    case whenSetGrows
    /// Any change allows more: there is no safe direction (a confirmation
    /// phrase, the staged deleveraging).
    case onAnyChange
    /// Not protective, and why: the change applies at once.
    case notProtective(String)

    public var isProtective: Bool {
        if case .notProtective = self { return false }
        return true
    }
}

/// What an absent optional value (`null`) means when it is compared.
public enum AbsentMeans: Sendable, Equatable {
    /// No limit at all: the loosest value there is (a tier without promotion gates).
    case noLimit
    /// An endless figure: +∞ (no ceiling, never sliced).
    case infinite
    /// Not comparable with a number: any change to or from `null` loosens.
    case incomparable
}

/// The values a key may take, checked when the file is loaded; the message
/// names the key and this range.
public indirect enum AllowedRange: Sendable, Equatable {
    /// A whole number in `low…high` (`high` nil: no upper bound), with an optional unit.
    case whole(Int, Int?, unit: String?)
    /// A decimal between `low` and `high`, either end open or closed.
    case decimal(low: Decimal, lowOpen: Bool, high: Decimal?, highOpen: Bool, unit: String?)
    /// A list of `count` items each in `item`, optionally never falling or strictly rising.
    case list(item: AllowedRange, count: ClosedRange<Int>, order: ListOrder)
    /// A confirmation phrase: at least this many characters, no spaces at either end.
    case phrase(minimumLength: Int)
    /// One of a few names (a return type, a Binance interval).
    case oneOf([String])
    /// Checked elsewhere (names of order types or strategies, symbols,
    /// relations between keys) or by kind only.
    case elsewhere

    public enum ListOrder: Sendable, Equatable { case any, neverFalling, strictlyRising }

    /// A fraction above 0 up to 1 (`lowOpen: false` allows 0).
    public static func fraction(lowOpen: Bool = true, high: Decimal = 1, highOpen: Bool = false) -> AllowedRange {
        .decimal(low: 0, lowOpen: lowOpen, high: high, highOpen: highOpen, unit: nil)
    }

    public static func above(_ low: Decimal, unit: String? = nil) -> AllowedRange {
        .decimal(low: low, lowOpen: true, high: nil, highOpen: false, unit: unit)
    }

    /// The range in words, as the error message and docs/CONFIGURATION.md give it.
    public var text: String {
        switch self {
        case let .whole(low, high, unit):
            let suffix = unit.map { " \($0)" } ?? ""
            guard let high else { return "a whole number of \(low) or more\(suffix)" }
            return "a whole number from \(low) to \(high)\(suffix)"
        case let .decimal(low, lowOpen, high, highOpen, unit):
            let suffix = unit.map { " \($0)" } ?? ""
            let from = lowOpen ? "above \(low.plainText)" : "from \(low.plainText)"
            guard let high else { return "a number \(lowOpen ? "above" : "of at least") \(low.plainText)\(suffix)" }
            return "a number \(from) \(highOpen ? "to below" : "up to") \(high.plainText)\(suffix)"
        case let .list(item, count, order):
            let size = count.lowerBound == count.upperBound ? "exactly \(count.lowerBound)" : "\(count.lowerBound) to \(count.upperBound)"
            let ordering = switch order {
            case .any: ""
            case .neverFalling: ", never falling from one item to the next"
            case .strictlyRising: ", each above the one before"
            }
            return "a list of \(size) items, each \(item.text)\(ordering)"
        case let .phrase(length):
            return "a phrase of at least \(length) characters with no spaces at either end"
        case let .oneOf(names):
            return "one of " + names.joined(separator: ", ")
        case .elsewhere:
            return "(checked with the keys it depends on)"
        }
    }

    /// Nil when `value` (flattened text) is allowed, else why not.
    public func problem(with value: String) -> String? {
        switch self {
        case .elsewhere:
            return nil
        case let .oneOf(names):
            return names.contains(value) ? nil : "'\(value)' is not allowed; use \(text)"
        case .phrase(let length):
            guard value.count >= length, value.trimmingCharacters(in: .whitespacesAndNewlines) == value else {
                return "'\(value)' is not allowed; use \(text)"
            }
            return nil
        case let .list(item, count, order):
            guard let items = ConfigKeys.items(of: value) else { return "expected a list like [1, 2]" }
            guard count.contains(items.count) else { return "\(value) has \(items.count) item\(items.count == 1 ? "" : "s"); use \(text)" }
            for (index, entry) in items.enumerated() {
                if let problem = item.problem(with: entry) { return "item \(index + 1) of \(value): \(problem)" }
            }
            let numbers = items.compactMap(Decimal.parse)
            if numbers.count == items.count, numbers.count > 1 {
                let pairs = zip(numbers, numbers.dropFirst())
                switch order {
                case .any: break
                case .neverFalling:
                    if pairs.contains(where: { $0 > $1 }) { return "\(value) is not allowed; use \(text)" }
                case .strictlyRising:
                    if pairs.contains(where: { $0 >= $1 }) { return "\(value) is not allowed; use \(text)" }
                }
            }
            return nil
        case let .whole(low, high, _):
            guard value != "null" else { return nil }
            guard let number = Int(value), number >= low, high.map({ number <= $0 }) ?? true else { return "\(value) is not allowed; use \(text)" }
            return nil
        case let .decimal(low, lowOpen, high, highOpen, _):
            guard value != "null" else { return nil }
            guard let number = Decimal.parse(value) else { return "'\(value)' is not a plain decimal number" }
            let aboveLow = lowOpen ? number > low : number >= low
            let belowHigh = high.map { highOpen ? number < $0 : number <= $0 } ?? true
            guard aboveLow, belowHigh else { return "\(value) is not allowed; use \(text)" }
            return nil
        }
    }
}

/// One key (or family of keys: `*` is any one name, `**` any rest) of the
/// configuration: how it loosens, what it may be, and what `null` means.
public struct ConfigKeyRule: Sendable, Equatable {
    public let pattern: String
    public let loosening: Loosening
    public let range: AllowedRange
    public let absent: AbsentMeans

    let parts: [Substring]

    public init(_ pattern: String, _ loosening: Loosening, _ range: AllowedRange, absent: AbsentMeans = .incomparable) {
        self.pattern = pattern
        self.loosening = loosening
        self.range = range
        self.absent = absent
        parts = pattern.split(separator: ".")
    }

    public func matches(_ key: String) -> Bool { matches(parts: key.split(separator: ".")) }

    func matches(parts keyParts: [Substring]) -> Bool {
        if parts.last == "**" {
            let head = parts.dropLast()
            return keyParts.count > head.count && zip(keyParts, head).allSatisfy { $1 == "*" || $0 == $1 }
        }
        return keyParts.count == parts.count && zip(keyParts, parts).allSatisfy { $1 == "*" || $0 == $1 }
    }
}

/// Every key of the configuration, classified (DESIGN §1.3): the one table
/// the cooling-off (`LimitCoolingOff`), the range checks at load
/// (`ConfigLoader.validate`) and docs/CONFIGURATION.md §4 follow.
///
/// Directions come from the code that reads each key: a key is looser in the
/// direction that lets a trade through, sizes it larger, scores tilt lower,
/// lifts a lock or a halt sooner, or lets a gate pass earlier. Ranges keep
/// every rule able to act (no 0 that switches a rule off) and every figure
/// within what its reader can use (a slice count of at least 1).
public enum ConfigKeys {
    static let minutesInAWeek = 10_080

    public static let rules: [ConfigKeyRule] = tiers + progression + demotion + risk + tilt + execution + others + alert

    static let tiers: [ConfigKeyRule] = [
        // The capital band: a lower floor promotes sooner and demotes later.
        .init("tiers.*.minimumBalance", .whenSmaller, .decimal(low: 0, lowOpen: false, high: nil, highOpen: false, unit: nil)),
        // Shown only; it moves with minimumBalance, so that a partly held change is still a valid band.
        .init("tiers.*.maximumBalance", .whenSmaller, .above(0), absent: .infinite),
        .init("tiers.*.orderTypes", .whenSetGrows, .elsewhere),
        .init("tiers.*.algorithms", .whenSetGrows, .elsewhere),
        .init("tiers.*.strategies", .whenSetGrows, .elsewhere),
        .init("tiers.*.maxOpenPositions", .whenLarger, .whole(1, 1000, unit: nil)),
        .init("tiers.*.maxPairs", .whenLarger, .whole(1, 1000, unit: nil)),
        .init("tiers.*.dailyLossLimit", .whenLarger, .above(0)),
        // Orders at or above it are sliced; absent, none is.
        .init("tiers.*.sliceAboveNotional", .whenLarger, .above(0), absent: .infinite),
        .init("tiers.*.twapAboveNotional", .notProtective("chooses how a large entry is worked; limits nothing"), .above(0), absent: .infinite),
        .init("tiers.*.vwapAboveNotional", .notProtective("chooses how a large entry is worked; limits nothing"), .above(0), absent: .infinite),
        .init("tiers.*.slices", .whenSmaller, .whole(1, 100, unit: nil)),
        .init("tiers.*.kellyMinimumFraction", .whenLarger, .fraction(lowOpen: false)),
        .init("tiers.*.kellyMaximumFraction", .whenLarger, .fraction()),
        .init("tiers.*.promotion.minimumWinRate", .whenSmaller, .fraction(), absent: .noLimit),
        .init("tiers.*.promotion.minimumTrades", .whenSmaller, .whole(1, nil, unit: nil), absent: .noLimit),
        .init("tiers.*.promotion.baselineDays", .whenSmaller, .whole(1, 365, unit: "days"), absent: .noLimit),
        .init("tiers.*.promotion.adjustmentHours", .whenSmaller, .whole(1, 8760, unit: "hours"), absent: .noLimit),
    ]

    static let progression: [ConfigKeyRule] = [
        .init("progression.minimumDaysAtTier", .whenSmaller, .whole(1, 365, unit: "days")),
        .init("progression.minimumProfitableDaysFraction", .whenSmaller, .fraction()),
        .init("progression.minimumExecutionQualityFraction", .whenSmaller, .fraction()),
        .init("progression.adjustmentPhaseLimits", .whenLarger, .list(item: .fraction(), count: 1...10, order: .neverFalling)),
        .init("progression.adjustmentExtensionHours", .whenSmaller, .whole(1, 720, unit: "hours")),
        .init("progression.adjustmentInterventionLimit", .whenLarger, .whole(0, 100, unit: nil)),
        .init("progression.acceptPhrase", .onAnyChange, .phrase(minimumLength: 12)),
    ]

    static let demotion: [ConfigKeyRule] = [
        .init("demotion.dailyLossFraction", .whenLarger, .fraction()),
        .init("demotion.drawdownFraction", .whenLarger, .fraction()),
        .init("demotion.belowFloorMinutes", .whenLarger, .whole(1, minutesInAWeek, unit: "minutes")),
        .init("demotion.stopLossesIn24Hours", .whenLarger, .whole(1, 100, unit: nil)),
        .init("demotion.tiltScore", .whenLarger, .whole(1, 100, unit: "points")),
        .init("demotion.violationsIn24Hours", .whenLarger, .whole(1, 100, unit: nil)),
        .init("demotion.overrideAttemptsIn24Hours", .whenLarger, .whole(1, 100, unit: nil)),
        .init("demotion.emergencyMaxPosition", .whenLarger, .above(0)),
        .init("demotion.reAdvancementDays", .whenSmaller, .whole(1, 365, unit: "days")),
        // Stages of (loss, cut): no direction fits every edit of a stage list.
        .init("demotion.deleveraging", .onAnyChange, .elsewhere),
        // A bound too tight leaves the emergency close unfilled, the risk on.
        .init("demotion.closeAllMaxSlippage", .whenSmaller, .fraction(high: Decimal(string: "0.2")!)),
        .init("demotion.rampAfterEmergency", .whenLarger, .list(item: .fraction(), count: 1...30, order: .neverFalling)),
        .init("demotion.overridePhrase", .onAnyChange, .phrase(minimumLength: 12)),
        .init("demotion.overrideMinutes", .whenLarger, .whole(1, 60, unit: "minutes")),
        .init("demotion.overridesPerDay", .whenLarger, .whole(0, 10, unit: nil)),
    ]

    static let risk: [ConfigKeyRule] = [
        .init("risk.positionFraction", .whenLarger, .fraction()),
        // Positions below it are refused; a lower one lets more through.
        .init("risk.minimumPosition", .whenSmaller, .above(0)),
        .init("risk.kellyFraction", .whenLarger, .fraction()),
        .init("risk.kellyCap", .whenLarger, .fraction(high: Decimal(string: "0.5")!)),
        .init("risk.kellyMinimumTrades", .whenSmaller, .whole(1, 100_000, unit: "trades")),
        // A longer or shorter history can each raise the Kelly size.
        .init("risk.kellyLookbackDays", .onAnyChange, .whole(1, 365, unit: "days")),
        .init("risk.tiltWarningMultiplier", .whenLarger, .fraction()),
        .init("risk.recoveryHourMultiplier", .whenLarger, .fraction()),
        .init("risk.adjustmentPeriodMultiplier", .whenLarger, .fraction()),
        .init("risk.losingDaysMultiplier", .whenLarger, .fraction()),
        .init("risk.losingDaysInARow", .whenLarger, .whole(1, 30, unit: "days")),
        .init("risk.dailyLossReduceAt", .whenLarger, .fraction(highOpen: true)),
        .init("risk.dailyLossReduceMultiplier", .whenLarger, .fraction()),
        .init("risk.dailyLossNoNewPositionsAt", .whenLarger, .fraction(highOpen: true)),
        .init("risk.dailyLossPrepareHaltAt", .whenLarger, .fraction(highOpen: true)),
        .init("risk.maxTradesPerDay", .whenLarger, .whole(1, 10_000, unit: nil)),
        .init("risk.maxDrawdown", .whenLarger, .fraction()),
        // Less assumed slippage lets a bigger position fit the drawdown budget.
        .init("risk.budgetSlippage", .whenSmaller, .fraction(lowOpen: false, high: Decimal(string: "0.1")!)),
        .init("risk.maxCorrelatedExposure", .whenLarger, .fraction()),
        .init("risk.correlationAlert", .whenLarger, .fraction()),
        .init("risk.correlationForceReduce", .whenLarger, .fraction()),
        .init("risk.correlationReduceShare", .whenSmaller, .fraction()),
        // The window ρ is measured over: a longer or shorter one, another
        // interval or return type can each bring ρ under a threshold.
        .init("risk.correlationWindow", .onAnyChange, .whole(3, 10_000, unit: "returns")),
        .init("risk.correlationInterval", .onAnyChange, .oneOf(Interval.buildable)),
        .init("risk.correlationFallbackIntervals", .onAnyChange, .list(item: .oneOf(Interval.buildable), count: 0...13, order: .any)),
        // More shared returns asked for, more pairs left unmeasured and unrefused.
        .init("risk.correlationMinimumReturns", .whenLarger, .whole(3, 10_000, unit: "returns")),
        .init("risk.correlationReturns", .onAnyChange, .oneOf(Correlation.Returns.allCases.map(\.rawValue))),
        // The stop used when a strategy gives none: a wider one risks more per trade.
        .init("risk.defaultStopLoss", .whenLarger, .fraction()),
        // The cooling-off itself: shortening it is a loosening that waits the length in force.
        .init("risk.loosenCoolingOffMinutes", .whenSmaller, .whole(15, minutesInAWeek, unit: "minutes")),
    ]

    static let tilt: [ConfigKeyRule] = [
        // Indicators: a larger trigger (or a shorter window) sees less.
        .init("tilt.lossStreak", .whenLarger, .whole(1, 100, unit: "losses")),
        .init("tilt.lossStreakStrong", .whenLarger, .whole(1, 100, unit: "losses")),
        .init("tilt.revengeWindowSeconds", .whenSmaller, .whole(1, 86_400, unit: "seconds")),
        .init("tilt.quickSuccessionTrades", .whenLarger, .whole(1, 100, unit: "trades")),
        .init("tilt.sizeEscalationMultiple", .whenLarger, .decimal(low: 1, lowOpen: true, high: 100, highOpen: false, unit: nil)),
        .init("tilt.frequencyHighMultiple", .whenLarger, .decimal(low: 1, lowOpen: true, high: 100, highOpen: false, unit: nil)),
        .init("tilt.frequencyLowMultiple", .whenSmaller, .fraction(lowOpen: false, highOpen: true)),
        .init("tilt.cancelRate", .whenLarger, .fraction()),
        .init("tilt.cancelWithinSeconds", .whenSmaller, .whole(1, 3600, unit: "seconds")),
        .init("tilt.modificationsPerOrder", .whenLarger, .whole(1, 1000, unit: nil)),
        .init("tilt.configChangesPerDay", .whenLarger, .whole(0, 100, unit: nil)),
        .init("tilt.impulsiveSeconds", .whenSmaller, .whole(1, 3600, unit: "seconds")),
        .init("tilt.rageRestartsWindowMinutes", .whenSmaller, .whole(1, 1440, unit: "minutes")),
        // Until the baseline is established fewer indicators act: a longer warm-up sees less.
        .init("tilt.baselineDays", .whenLarger, .whole(7, 365, unit: "days")),
        // Either way can widen the bands the baseline sets.
        .init("tilt.baselineRefreshDays", .onAnyChange, .whole(1, 365, unit: "days")),
        .init("tilt.baselineMinimumSamplesPerHour", .whenLarger, .whole(1, 1000, unit: "samples")),
        // Levels: checked together (cautionAt < warningAt < lockedAt) in ConfigLoader.
        .init("tilt.cautionAt", .whenLarger, .whole(1, 100, unit: "points")),
        .init("tilt.warningAt", .whenLarger, .whole(1, 100, unit: "points")),
        .init("tilt.lockedAt", .whenLarger, .whole(1, 100, unit: "points")),
        // Interventions: shorter breaks, lockouts, recovery and memory lift sooner.
        .init("tilt.forcedBreakMinutes", .whenSmaller, .whole(1, 1440, unit: "minutes")),
        .init("tilt.tiltDebtFractions", .whenSmaller, .list(item: .fraction(lowOpen: false), count: 3...3, order: .neverFalling)),
        .init("tilt.journalMinimumWords", .whenSmaller, .whole(100, 10_000, unit: "words")),
        .init("tilt.journalMinimumDistinctWords", .whenSmaller, .whole(10, 10_000, unit: "words")),
        .init("tilt.lockoutMinutes", .whenSmaller, .list(item: .whole(1, 525_600, unit: nil), count: 1...20, order: .neverFalling)),
        .init("tilt.lockoutRepeatMultiplier", .whenSmaller, .decimal(low: 1, lowOpen: false, high: 10, highOpen: false, unit: nil)),
        .init("tilt.lockoutCapMinutes", .whenSmaller, .whole(1, 525_600, unit: "minutes")),
        .init("tilt.recoveryMinutes", .whenSmaller, .whole(1, minutesInAWeek, unit: "minutes")),
        // 0 would switch the score off: points would fade the moment they are earned.
        .init("tilt.decayMinutes", .whenSmaller, .whole(30, minutesInAWeek, unit: "minutes")),
        .init("tilt.journalMinimumPromptWords", .whenSmaller, .whole(5, 1000, unit: "words")),
        .init("tilt.journalMaximumOverlap", .whenLarger, .fraction(lowOpen: false, high: Decimal(string: "0.9")!)),
        .init("tilt.lockoutEscalationResetDays", .whenSmaller, .whole(1, 365, unit: "days")),
        // Before the baseline: more entries an hour pass as calm.
        .init("tilt.warmUpEntriesPerHour", .whenLarger, .whole(1, 100, unit: "entries")),
        // A journal with fewer real words, or fewer of the words sentences are made of, passes.
        // Below one word in two the language check no longer tells text from syllables.
        .init("tilt.journalMinimumKnownWordShare", .whenSmaller, .decimal(low: Decimal(string: "0.5")!, lowOpen: false, high: 1, highOpen: false, unit: nil)),
        .init("tilt.journalMinimumFunctionWordShare", .whenSmaller, .fraction(high: Decimal(string: "0.5")!)),
        // Points per indicator: fewer points, a lower score. 0 would switch an indicator off.
        .init("tilt.weights.*", .whenSmaller, .whole(1, 100, unit: "points")),
    ]

    static let execution: [ConfigKeyRule] = [
        // Budgets of the execution-quality gate: a larger one passes it sooner.
        .init("execution.latencyBudgetMarketMs", .whenLarger, .whole(1, 60_000, unit: "ms")),
        .init("execution.latencyBudgetLimitMs", .whenLarger, .whole(1, 60_000, unit: "ms")),
        .init("execution.slippageBudget", .whenLarger, .fraction()),
        .init("execution.marketImpactAlert", .whenLarger, .fraction()),
        // Working a large order: fewer slices, a higher threshold or a larger share of the volume hit the market harder.
        .init("execution.icebergMandatoryAboveNotional", .whenLarger, .above(0)),
        .init("execution.icebergMinSlices", .whenSmaller, .whole(1, 100, unit: "slices")),
        .init("execution.icebergMaxSlices", .whenSmaller, .whole(1, 100, unit: "slices")),
        .init("execution.icebergSizeJitter", .notProtective("disguises slice sizes; limits nothing"), .fraction(lowOpen: false, high: Decimal(string: "0.9")!)),
        .init("execution.icebergMinDelaySeconds", .notProtective("pacing between slices; limits nothing"), .whole(0, 3600, unit: "seconds")),
        .init("execution.icebergMaxDelaySeconds", .notProtective("pacing between slices; limits nothing"), .whole(0, 3600, unit: "seconds")),
        .init("execution.icebergAbortSlippage", .whenLarger, .fraction()),
        .init("execution.stopLimitOffset", .whenLarger, .fraction(high: 0.1)),
        .init("execution.icebergAbortFailedSlices", .whenLarger, .whole(1, 100, unit: "slices")),
        .init("execution.twapSlices", .whenSmaller, .whole(1, 1000, unit: "slices")),
        .init("execution.twapMinMinutes", .whenSmaller, .whole(1, 1440, unit: "minutes")),
        .init("execution.twapMaxMinutes", .whenSmaller, .whole(1, 1440, unit: "minutes")),
        .init("execution.twapTimingJitter", .notProtective("disguises slice timing; limits nothing"), .fraction(lowOpen: false, high: Decimal(string: "0.9")!)),
        .init("execution.twapMaxVolumeShare", .whenLarger, .fraction()),
        .init("execution.twapEarlyFinishImprovement", .whenSmaller, .fraction(lowOpen: false, high: Decimal(string: "0.5")!)),
        .init("execution.vwapProfileDays", .notProtective("history behind the volume profile; limits nothing"), .whole(1, 365, unit: "days")),
        .init("execution.vwapBucketMinutes", .notProtective("resolution of the volume profile; limits nothing"), .whole(1, 1440, unit: "minutes")),
        .init("execution.vwapParticipation", .whenLarger, .fraction()),
        .init("execution.vwapMaxParticipation", .whenLarger, .fraction()),
        .init("execution.vwapMinSliceNotional", .whenLarger, .above(0)),
        .init("execution.vwapMaxSlices", .whenSmaller, .whole(1, 10_000, unit: "slices")),
        .init("execution.vwapCatchUpPoints", .notProtective("how soon a VWAP behind schedule catches up; the participation cap still limits it"), .whole(0, 100, unit: "points")),
        .init("execution.vwapAbortSlippageBps", .whenLarger, .whole(1, 10_000, unit: "bps")),
        .init("execution.breakerFailures", .notProtective("connection upkeep; limits nothing the trader does"), .whole(1, 1000, unit: nil)),
        .init("execution.breakerWindowSeconds", .notProtective("connection upkeep; limits nothing the trader does"), .whole(1, 3600, unit: "seconds")),
        .init("execution.breakerHalfOpenSeconds", .notProtective("connection upkeep; limits nothing the trader does"), .whole(1, 3600, unit: "seconds")),
        .init("execution.retryBackoffSeconds", .notProtective("connection upkeep; limits nothing the trader does"), .list(item: .whole(0, 3600, unit: nil), count: 0...20, order: .any)),
        .init("execution.connectTimeoutSeconds", .notProtective("connection upkeep; limits nothing the trader does"), .whole(1, 300, unit: "seconds")),
        .init("execution.readTimeoutSeconds", .notProtective("connection upkeep; limits nothing the trader does"), .whole(1, 300, unit: "seconds")),
        .init("execution.totalTimeoutSeconds", .notProtective("connection upkeep; limits nothing the trader does"), .whole(1, 600, unit: "seconds")),
        // How long a signed request stays replayable on the exchange.
        .init("execution.recvWindowMs", .whenLarger, .whole(1, 60_000, unit: "ms")),
        // The share of the exchange's request budget kept in reserve (for exits): less reserve, nearer a ban.
        .init("execution.rateLimitMargin", .whenSmaller, .fraction(lowOpen: false, high: Decimal(string: "0.9")!)),
        .init("execution.exchangeInfoCacheHours", .notProtective("freshness of cached exchange filters; limits nothing the trader does"), .whole(1, 168, unit: "hours")),
        .init("execution.resumeCooldownHoursAfterEmergency", .whenSmaller, .whole(1, 168, unit: "hours")),
        .init("execution.streamReconnectMilliseconds", .notProtective("connection upkeep; limits nothing the trader does"), .list(item: .whole(1, 600_000, unit: nil), count: 1...20, order: .any)),
        .init("execution.haltPhrase", .onAnyChange, .phrase(minimumLength: 12)),
        .init("execution.closeAllPhrase", .onAnyChange, .phrase(minimumLength: 12)),
        .init("execution.closeAllMaxSlippage", .whenSmaller, .fraction(high: Decimal(string: "0.2")!)),
        // How stale (or how far from the exchange's clock) an order may reach an exchange.
        .init("execution.liveOrderMaxAgeSeconds", .whenLarger, .whole(1, 60, unit: "seconds")),
    ]

    static let others: [ConfigKeyRule] = [
        .init("watcher.heartbeatSeconds", .notProtective("connection upkeep; limits nothing the trader does"), .whole(1, 3600, unit: "seconds")),
        .init("watcher.stallSeconds", .notProtective("connection upkeep; limits nothing the trader does"), .whole(2, 3600, unit: "seconds")),
        .init("watcher.reconnectDelaysMs", .notProtective("connection upkeep; limits nothing the trader does"), .list(item: .whole(1, 600_000, unit: nil), count: 1...20, order: .any)),
        .init("watcher.reconcileMinutes", .notProtective("connection upkeep; limits nothing the trader does"), .whole(1, 1440, unit: "minutes")),
        // Paper fills: cheaper or smoother fills flatter the record the gates read.
        .init("paper.feeRate", .whenSmaller, .fraction(lowOpen: false)),
        .init("paper.slippageBps", .whenSmaller, .decimal(low: 0, lowOpen: false, high: 1000, highOpen: false, unit: "bps")),
        .init("paper.tickSize", .notProtective("the paper venue's price grid"), .above(0)),
        .init("paper.stepSize", .notProtective("the paper venue's quantity grid"), .above(0)),
        .init("paper.minNotional", .notProtective("the paper venue's smallest order"), .decimal(low: 0, lowOpen: false, high: nil, highOpen: false, unit: nil)),
        .init("backup.keep", .notProtective("how many copies are kept"), .whole(1, 100_000, unit: "copies")),
        .init("tax.longTermDays", .notProtective("how the tax report labels a holding period; no trade depends on it"), .whole(1, 36_500, unit: "days")),
        .init("replay.syncTimeoutSeconds", .notProtective("replay pacing"), .whole(1, 3600, unit: "seconds")),
        // The candles a candle strategy reads: a Binance interval, or null for the candles given (`StrategyTimeframe`).
        .init("strategies.*.timeframe", .notProtective("which candles a strategy reads; gen-risk judges every signal"), .oneOf(Interval.buildable + ["null"])),
        // Signals are only ideas: every one is judged by gen-risk against the protective keys.
        .init("strategies.**", .notProtective("how signals are made; gen-risk judges every signal"), .elsewhere),
        .init("control.readsPerMinute", .notProtective("request budget"), .whole(1, 100_000, unit: nil)),
        .init("control.haltPerMinute", .notProtective("request budget"), .whole(1, 100_000, unit: nil)),
        .init("control.closeAllPerMinute", .notProtective("request budget"), .whole(1, 100_000, unit: nil)),
        // Wrong keys tolerated per minute: more, an easier guess.
        .init("control.authFailuresPerMinute", .whenLarger, .whole(1, 100_000, unit: nil)),
        .init("control.eventsDefaultLimit", .notProtective("page size"), .whole(1, 100_000, unit: nil)),
        .init("control.eventsMaxLimit", .notProtective("page size"), .whole(1, 100_000, unit: nil)),
        .init("control.heartbeatStaleSeconds", .notProtective("what health calls stale; limits nothing"), .whole(1, 86_400, unit: "seconds")),
        .init("control.minimumKeyLength", .whenSmaller, .whole(16, 1024, unit: "characters")),
        .init("control.maxBodyBytes", .notProtective("request size"), .whole(1, 10_000_000, unit: "bytes")),
        .init("pipeline.heartbeatSeconds", .notProtective("process upkeep; limits nothing the trader does"), .whole(1, 3600, unit: "seconds")),
        .init("pipeline.deadAfterSeconds", .notProtective("what health calls dead; limits nothing the trader does"), .whole(2, 86_400, unit: "seconds")),
        .init("pipeline.statusPollSeconds", .notProtective("connection upkeep; limits nothing the trader does"), .whole(5, 3600, unit: "seconds")),
        .init("pipeline.candleBatchSeconds", .notProtective("storage pacing; limits nothing the trader does"), .whole(1, 60, unit: "seconds")),
    ]

    /// The rule of `key`; nil for a key nobody classified (a test fails on it).
    /// The first rule in `rules` that matches, as a scan would find it, but
    /// looked up by the key's first name: validation asks for every key.
    public static func rule(for key: String) -> ConfigKeyRule? {
        let parts = key.split(separator: ".")
        guard let head = parts.first else { return nil }
        let index = ruleIndex
        var best: Int?
        for candidate in index.byHead[head, default: []] + index.anyHead where best.map({ candidate < $0 }) ?? true {
            if rules[candidate].matches(parts: parts) { best = candidate }
        }
        return best.map { rules[$0] }
    }

    /// Rule positions by the first name of their pattern, in order; patterns
    /// starting with a wildcard apply under any name.
    private static let ruleIndex: (byHead: [Substring: [Int]], anyHead: [Int]) = {
        var byHead: [Substring: [Int]] = [:], anyHead: [Int] = []
        for (position, rule) in rules.enumerated() {
            guard let head = rule.parts.first, head != "*", head != "**" else { anyHead.append(position); continue }
            byHead[head, default: []].append(position)
        }
        return (byHead, anyHead)
    }()

    /// The first key of `flattened` outside its range, with why.
    public static func firstProblem(in flattened: [String: String]) -> (key: String, message: String)? {
        for key in flattened.keys.sorted() {
            guard let rule = rule(for: key), let problem = rule.range.problem(with: flattened[key]!) else { continue }
            return (key, problem)
        }
        return nil
    }

    // MARK: Flattened values

    /// `key.path: value` text of every leaf of `config`: numbers and names as
    /// written, lists as `[a, b]`, a list's mappings as `{key: value, …}`
    /// (keys sorted), an absent value as `null`. A section that may be left
    /// out (`promotion`) gives its keys as `null` then, so the same keys
    /// exist whatever the file says.
    ///
    /// Built from the configuration's encoding as a tree (`ConfigTree`), not
    /// through JSON text, and the shape of the optional sections is worked
    /// out once per process: commands flatten at every start (issue 18).
    public static func flatten(_ config: GenesisConfig) -> [String: String] {
        guard let root = ConfigTree.of(config) else { return [:] }
        var lines: [String: String] = [:]
        lines.reserveCapacity(512)
        func walk(_ value: ConfigTree, _ shape: ConfigTree?, _ path: String) {
            switch value {
            case let .mapping(mapping):
                let shapeMapping: [String: ConfigTree]? = if case let .mapping(children) = shape { children } else { nil }
                for (key, child) in mapping { walk(child, shapeMapping?[key], path.isEmpty ? key : "\(path).\(key)") }
            case .null:
                if case let .mapping(shapeMapping) = shape {
                    for (key, child) in shapeMapping { walk(.null, child, "\(path).\(key)") }
                } else {
                    lines[path] = "null"
                }
            default:
                lines[path] = render(value)
            }
        }
        walk(root, shape, "")
        return lines
    }

    /// `GenesisConfig()` with every optional section filled: the keys an
    /// absent section stands for. Once per process.
    private static let shape: ConfigTree? = {
        var config = GenesisConfig()
        config.tiers.sniper.promotion = config.tiers.hunter.promotion
        return ConfigTree.of(config)
    }()

    static func render(_ value: ConfigTree) -> String {
        switch value {
        case .null: return "null"
        case let .text(text): return text
        case let .number(digits): return digits
        case let .bool(flag): return flag ? "true" : "false"
        case let .list(list): return "[" + list.map(render).joined(separator: ", ") + "]"
        case let .mapping(mapping): return "{" + mapping.keys.sorted().map { "\($0): \(render(mapping[$0]!))" }.joined(separator: ", ") + "}"
        }
    }

    /// The items of a flattened list (`[a, b]`), nil when `value` is not one.
    /// Items that are mappings (`{…}`) are kept whole.
    public static func items(of value: String) -> [String]? {
        guard value.hasPrefix("["), value.hasSuffix("]") else { return nil }
        return topLevelItems(String(value.dropFirst().dropLast()))
    }

    /// `text` split at the commas outside brackets and braces, each item
    /// trimmed; nothing but spaces is no item at all.
    public static func topLevelItems(_ text: String) -> [String] {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
        var items: [String] = [], current = "", depth = 0
        for character in text {
            switch character {
            case "{", "[": depth += 1; current.append(character)
            case "}", "]": depth -= 1; current.append(character)
            case "," where depth == 0:
                items.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            default: current.append(character)
            }
        }
        items.append(current.trimmingCharacters(in: .whitespaces))
        return items
    }
}
