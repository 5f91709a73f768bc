import Foundation

/// One function per indicator of DESIGN §4, each reading the history at `now`:
/// only evidence at or before `now` counts, and only trips younger than the
/// decay window (`decayMinutes`) are returned, since older ones add nothing
/// to the score. Points are before decay; `TiltDetector` applies it.
///
/// Windows said to be "within" a span include both ends (a re-entry exactly
/// 60 s after a stop is a revenge entry); "more than" thresholds are strict
/// (a cancel share of exactly 40% does not trip).
public enum TiltIndicators {
    // MARK: Figures DESIGN and the configuration do not name (yet)

    /// "3 trades in quick succession after a loss": entries within this many
    /// minutes of the losing close.
    public static let quickSuccessionMinutes = 10
    /// "The recent median" of size escalation: the notionals of this many
    /// previous entries.
    public static let recentSizeTrades = 20
    /// Fewer previous entries than this give no meaningful recent median.
    public static let recentSizeMinimumTrades = 5
    /// "Sizes alternating between min and max": judged over this many entries.
    public static let alternationTrades = 6
    /// "During an active session": activity in this many hours before the last one.
    public static let activeSessionHours = 3
    /// A cancel rate needs this many orders in the last 24 hours to mean anything.
    public static let cancelRateMinimumOrders = 5
    /// "Several halts/resumes or watcher restarts": this many within the window.
    public static let rageRestartsCount = 3
    /// "Bargaining" in a burst: this many amends (`gen-exec amend`, of any
    /// orders) within `amendBurstMinutes` trip the indicator, even before one
    /// order reaches `modificationsPerOrder` — haggling with the market over
    /// a few orders is the same behaviour as over one.
    public static let amendBurstCount = 3
    public static let amendBurstMinutes = 10
    /// A baseline-scaled indicator adds at most this many times its weight, so
    /// one anomaly alone moves the score a level or two, never straight to LOCKED.
    public static let maximumSeverity = 3.0

    /// Every indicator's readings at `now`; the baseline-dependent ones
    /// (`TiltIndicator.warmUp`) only once `baseline` is established, trading
    /// pace by its absolute rule until then. `since`: the moment a journal
    /// entry lifted a lock — only evidence after it counts (the slate is
    /// clean), and a losing streak counts only the losses after it.
    public static func readings(_ history: TiltHistory, baseline: TiltBaseline?, now: Timestamp, config: GenesisConfig.Tilt,
                                since: Timestamp? = nil) -> [IndicatorReading] {
        let all = lossStreak(history, now: now, config: config, since: since)
            + revengeEntry(history, now: now, config: config)
            + sizeEscalation(history, baseline: baseline, now: now, config: config)
            + frequencyDeviation(history, baseline: baseline, now: now, config: config)
            + cancelRate(history, baseline: baseline, now: now, config: config)
            + bargaining(history, now: now, config: config)
            + manualOverride(history, now: now, config: config)
            + configThrashing(history, now: now, config: config)
            + offHours(history, baseline: baseline, now: now, config: config)
            + impulsiveReaction(history, now: now, config: config)
            + rageRestarts(history, now: now, config: config)
        guard let since else { return all }
        return all.filter { $0.at > since }
    }

    // MARK: Loss streak

    /// The run of consecutive losing trades (pnl < 0) ending with the latest
    /// trade closed at or before `now`, oldest first; empty after a win or a
    /// break-even trade. With `since` (a journal unlock), only losses closed
    /// after it: the unlock starts the count again.
    public static func currentLossStreak(_ history: TiltHistory, now: Timestamp, since: Timestamp? = nil) -> [TradeRecord] {
        var streak: [TradeRecord] = []
        for trade in history.closedTrades(at: now).reversed() {
            guard trade.isLoss, since.map({ trade.closedAt > $0 }) ?? true else { break }
            streak.append(trade)
        }
        return streak.reversed()
    }

    /// `lossStreakPerLoss` points per loss once the streak reaches
    /// `lossStreak` (3), plus `lossStreakStrongBonus` from `lossStreakStrong`
    /// (5); dated at the close of the last loss. Counts from `since` (a
    /// journal unlock) when given.
    public static func lossStreak(_ history: TiltHistory, now: Timestamp, config: GenesisConfig.Tilt, since: Timestamp? = nil) -> [IndicatorReading] {
        let streak = currentLossStreak(history, now: now, since: since)
        guard streak.count >= config.lossStreak, let last = streak.last, isFresh(last.closedAt, now: now, config: config) else { return [] }
        var points = Double(config.weights.lossStreakPerLoss * streak.count)
        if streak.count >= config.lossStreakStrong { points += Double(config.weights.lossStreakStrongBonus) }
        let total = streak.reduce(Decimal(0)) { $0 + $1.pnl }
        return [IndicatorReading(indicator: .lossStreak, points: points, at: last.closedAt,
                                 evidence: "\(streak.count) losing trades in a row, \((-total).plainText) lost in all, the last at \(last.closedAt.tiltClockText(now: now)).")]
    }

    // MARK: Revenge entry

    /// A losing close — by its stop-loss, by hand or by a strategy's exit:
    /// a loss is a loss — followed either by an entry into the same symbol
    /// within `revengeWindowSeconds` (60), or by
    /// `quickSuccessionTrades` (3) entries within `quickSuccessionMinutes`
    /// (10). One reading per losing close, dated at the entry that tripped
    /// it; an entry trips at most one reading, so a burst after two quick
    /// losses is not counted twice.
    public static func revengeEntry(_ history: TiltHistory, now: Timestamp, config: GenesisConfig.Tilt) -> [IndicatorReading] {
        let entries = history.entries(at: now)
        let revengeMs = Int64(config.revengeWindowSeconds) * 1000
        let quickMs = Int64(quickSuccessionMinutes) * 60_000
        let earliest = decayStart(now: now, config: config).milliseconds - max(revengeMs, quickMs)
        let losses = history.closedTrades(at: now).filter { $0.isLoss && $0.closedAt.milliseconds > earliest }
        var used = Set<Int>()
        var readings: [IndicatorReading] = []
        for loss in losses {
            let after = entries.indices.filter { index in
                let delay = entries[index].openedAt.milliseconds - loss.closedAt.milliseconds
                return delay >= 0 && delay <= quickMs && entries[index] != loss && !used.contains(index)
            }
            if let index = after.first(where: { entries[$0].symbol == loss.symbol && entries[$0].openedAt.milliseconds - loss.closedAt.milliseconds <= revengeMs }) {
                let entry = entries[index]
                used.insert(index)
                let seconds = Double(entry.openedAt.milliseconds - loss.closedAt.milliseconds) / 1000
                let how = loss.exitReason == TradeRecord.stopLoss ? "its stop-loss" : "a losing exit"
                readings.append(IndicatorReading(indicator: .revengeEntry, points: Double(config.weights.revengeEntry), at: entry.openedAt,
                                                 evidence: "A new \(entry.symbol) entry \(seconds.tiltText) s after \(how) closed at \(loss.closedAt.tiltClockText(now: now)) (\((-loss.pnl).plainText) lost)."))
            } else if after.count >= config.quickSuccessionTrades {
                let group = after.prefix(config.quickSuccessionTrades)
                let last = entries[group.last!]
                used.formUnion(group)
                let minutes = Double(last.openedAt.milliseconds - loss.closedAt.milliseconds) / 60_000
                readings.append(IndicatorReading(indicator: .revengeEntry, points: Double(config.weights.revengeEntry), at: last.openedAt,
                                                 evidence: "\(group.count) entries within \(minutes.tiltText) minutes of the losing \(loss.symbol) trade closed at \(loss.closedAt.tiltClockText(now: now))."))
            }
        }
        return readings.filter { isFresh($0.at, now: now, config: config) }
    }

    // MARK: Size escalation

    /// Baseline-dependent (see `TiltIndicator.needsBaseline`). Trips on
    /// - an entry whose latest earlier close was a loss and whose notional is
    ///   more than `sizeEscalationMultiple` (1.5) × the median notional of the
    ///   previous `recentSizeTrades` (20) entries (at least
    ///   `recentSizeMinimumTrades` of them); points scale with how far the
    ///   size lies above the typical-size band (at least 1×, at most
    ///   `maximumSeverity`×);
    /// - sizes alternating between min and max: over the last
    ///   `alternationTrades` (6) entries, with min and max their smallest and
    ///   largest notional, max ≥ `sizeEscalationMultiple` × min, and each entry
    ///   on the other side of the midpoint (min + max) / 2 from the one
    ///   before (high, low, high, … or low, high, low, …; "high" meaning at or
    ///   above the midpoint). Overlapping windows trip once.
    public static func sizeEscalation(_ history: TiltHistory, baseline: TiltBaseline?, now: Timestamp, config: GenesisConfig.Tilt) -> [IndicatorReading] {
        guard let baseline, baseline.established else { return [] }
        let entries = history.entries(at: now)
        let closed = history.closedTrades(at: now)
        let multiple = config.sizeEscalationMultiple.value
        let weight = Double(config.weights.sizeEscalation)
        var readings: [IndicatorReading] = []
        var nextAlternation = 0
        for (index, entry) in entries.enumerated() where isFresh(entry.openedAt, now: now, config: config) {
            if let previousClose = closed.last(where: { $0.closedAt <= entry.openedAt && $0 != entry }), previousClose.isLoss {
                let previous = entries[max(0, index - recentSizeTrades)..<index].map(\.notional)
                if previous.count >= recentSizeMinimumTrades {
                    let median = decimalMedian(previous)
                    if entry.notional > median * multiple {
                        let band = baseline.typicalSize.band(atHour: entry.openedAt.tiltHourOfDay)
                        let points = weight * scaled(band?.severity(of: entry.notional.approximateDouble) ?? 0)
                        readings.append(IndicatorReading(indicator: .sizeEscalation, points: points, at: entry.openedAt,
                                                         evidence: "An entry of \(entry.notional.plainText) in \(entry.symbol) at \(entry.openedAt.tiltClockText(now: now)) after a loss, against a recent median of \(median.plainText)."))
                    }
                }
            }
            let count = alternationTrades
            if index >= count - 1, index >= nextAlternation {
                let sizes = entries[(index - count + 1)...index].map(\.notional)
                if let low = sizes.min(), let high = sizes.max(), low > 0, high >= low * multiple {
                    let midpoint = (low + high) / 2
                    let sides = sizes.map { $0 >= midpoint }
                    if zip(sides, sides.dropFirst()).allSatisfy({ $0 != $1 }) {
                        nextAlternation = index + count
                        readings.append(IndicatorReading(indicator: .sizeEscalation, points: weight, at: entry.openedAt,
                                                         evidence: "The last \(count) entry sizes swung between \(low.plainText) and \(high.plainText), the last at \(entry.openedAt.tiltClockText(now: now))."))
                    }
                }
            }
        }
        return readings
    }

    // MARK: Frequency deviation

    /// Baseline-dependent. Activity is trade entries plus order placements
    /// (as the baseline counts them), and the usual figure is the median of
    /// the trades-per-hour band for the hour of day.
    /// - Chasing: more than `frequencyHighMultiple` (2) × usual in the hour
    ///   ending at some activity; dated at the latest such activity, so it
    ///   fades once the pace drops.
    /// - Paralysis: fewer than `frequencyLowMultiple` (0.2) × usual in the
    ///   last hour while there was activity in the `activeSessionHours` (3)
    ///   before it; dated `now`, it lasts while the stall does.
    /// Points: the weight × the distance outside the band in IQRs (1× to
    /// `maximumSeverity`×).
    public static func frequencyDeviation(_ history: TiltHistory, baseline: TiltBaseline?, now: Timestamp, config: GenesisConfig.Tilt) -> [IndicatorReading] {
        guard let baseline, baseline.established else { return warmUpPace(history, now: now, config: config) }
        let times = history.activityTimes(at: now)
        let hour = Timestamp.tiltMillisecondsPerHour
        let weight = Double(config.weights.frequencyDeviation)
        var readings: [IndicatorReading] = []

        let high = config.frequencyHighMultiple.value.approximateDouble
        var lower = 0
        var chasing: (at: Timestamp, count: Int, band: TiltBaseline.Band)?
        for (index, time) in times.enumerated() {
            while times[lower].milliseconds <= time.milliseconds - hour { lower += 1 }
            guard isFresh(time, now: now, config: config), let band = baseline.tradesPerHour.band(atHour: time.tiltHourOfDay), band.median > 0 else { continue }
            let count = index - lower + 1
            if Double(count) > high * band.median { chasing = (time, count, band) }
        }
        if let chasing {
            readings.append(IndicatorReading(indicator: .frequencyDeviation, points: weight * scaled(chasing.band.severity(of: Double(chasing.count))), at: chasing.at,
                                             evidence: "\(chasing.count) trades and orders in the hour to \(chasing.at.tiltClockText(now: now)), against a usual \(chasing.band.median.tiltText) for that hour."))
        }

        let low = config.frequencyLowMultiple.value.approximateDouble
        let lastHour = times.filter { $0.milliseconds > now.milliseconds - hour }.count
        let sessionStart = now.milliseconds - hour * Int64(1 + activeSessionHours)
        let active = times.contains { $0.milliseconds > sessionStart && $0.milliseconds <= now.milliseconds - hour }
        if active, let band = baseline.tradesPerHour.band(atHour: now.tiltHourOfDay), band.median > 0, Double(lastHour) < low * band.median {
            readings.append(IndicatorReading(indicator: .frequencyDeviation, points: weight * scaled(band.severity(of: Double(lastHour))), at: now,
                                             evidence: "\(lastHour) trades and orders in the last hour of an active session, against a usual \(band.median.tiltText) for this hour."))
        }
        return readings
    }

    /// Trading pace in the first `baselineDays` (30), before there is a
    /// usual pace to compare with: more than `warmUpEntriesPerHour` (6)
    /// manual entries, placed or tried (`BehaviourKind.isManualEntry`), in
    /// the hour ending at one of them. Dated at the latest such entry; points
    /// the weight × count / limit (1× to `maximumSeverity`×). Manual entries
    /// only: a new trader's strategies (book strategies can enter many times
    /// an hour) are the plan, not a chase.
    public static func warmUpPace(_ history: TiltHistory, now: Timestamp, config: GenesisConfig.Tilt) -> [IndicatorReading] {
        let limit = config.warmUpEntriesPerHour
        let times = history.events(at: now).filter(\.kind.isManualEntry).map(\.at)
        guard limit > 0, let burst = latestBurst(times, windowMs: Timestamp.tiltMillisecondsPerHour - 1, atLeast: limit + 1, now: now, config: config) else { return [] }
        let severity = scaled(Double(burst.count) / Double(limit))
        return [IndicatorReading(indicator: .frequencyDeviation, points: Double(config.weights.frequencyDeviation) * severity, at: burst.at,
                                 evidence: "\(burst.count) manual entries in the hour to \(burst.at.tiltClockText(now: now)); until there are \(config.baselineDays) days of history to learn a usual pace from, more than \(limit) an hour counts as chasing.")]
    }

    // MARK: Cancel rate

    /// Cancelled within `cancelWithinSeconds` (5) of placement, both ends
    /// included, and known to be cancelled by `now`.
    static func isQuickCancel(_ order: OrderRecord, now: Timestamp, config: GenesisConfig.Tilt) -> Bool {
        guard let canceled = order.canceledAt, canceled <= now else { return false }
        let delay = canceled.milliseconds - order.placedAt.milliseconds
        return delay >= 0 && delay <= Int64(config.cancelWithinSeconds) * 1000
    }

    /// Absolute: of the orders placed in the last 24 hours (at least
    /// `cancelRateMinimumOrders`), more than `cancelRate` (40%) cancelled
    /// quickly. Dated at the latest quick cancel. Once the baseline is
    /// established the points grow with the distance above the trader's own
    /// cancel-rate band (1× to `maximumSeverity`×).
    public static func cancelRate(_ history: TiltHistory, baseline: TiltBaseline?, now: Timestamp, config: GenesisConfig.Tilt) -> [IndicatorReading] {
        let recent = history.placedOrders(at: now).filter { $0.placedAt.milliseconds > now.milliseconds - Timestamp.millisecondsPerDay }
        guard recent.count >= cancelRateMinimumOrders else { return [] }
        let quick = recent.filter { isQuickCancel($0, now: now, config: config) }
        guard Decimal(quick.count) / Decimal(recent.count) > config.cancelRate.value,
              let last = quick.compactMap(\.canceledAt).max(), isFresh(last, now: now, config: config) else { return [] }
        let share = Double(quick.count) / Double(recent.count)
        var severity = 1.0
        if let baseline, baseline.established, let band = baseline.cancelRate { severity = scaled(band.severity(of: share)) }
        return [IndicatorReading(indicator: .cancelRate, points: Double(config.weights.cancelRate) * severity, at: last,
                                 evidence: "\(quick.count) of \(recent.count) orders in the last 24 hours were cancelled within \(config.cancelWithinSeconds) s, the last at \(last.tiltClockText(now: now)).")]
    }

    // MARK: Bargaining

    /// Each order amended more than `modificationsPerOrder` (5) times. Dated
    /// at its placement: the records keep no time per amendment.
    ///
    /// Besides, `amendBurstCount` (3) amends within `amendBurstMinutes` (10)
    /// add the weight once, dated at the latest amend of the burst (the
    /// amends are `orderAmend` behaviour records, each with its own time).
    public static func bargaining(_ history: TiltHistory, now: Timestamp, config: GenesisConfig.Tilt) -> [IndicatorReading] {
        var readings = history.placedOrders(at: now)
            .filter { $0.modifications > config.modificationsPerOrder && isFresh($0.placedAt, now: now, config: config) }
            .map { order in
                IndicatorReading(indicator: .bargaining, points: Double(config.weights.bargaining), at: order.placedAt,
                                 evidence: "Order \(order.clientOrderID), placed at \(order.placedAt.tiltClockText(now: now)), was changed \(order.modifications) times.")
            }
        let amends = history.events(at: now).filter { $0.kind == .orderAmend }.map(\.at)
        if let burst = latestBurst(amends, windowMs: Int64(amendBurstMinutes) * 60_000, atLeast: amendBurstCount, now: now, config: config) {
            readings.append(IndicatorReading(indicator: .bargaining, points: Double(config.weights.bargaining), at: burst.at,
                                             evidence: "\(burst.count) order amendments within \(amendBurstMinutes) minutes, the last at \(burst.at.tiltClockText(now: now))."))
        }
        return readings
    }

    // MARK: Manual override

    /// Each manual entry placed, attempt to trade through a discipline rule
    /// and forced resume (`BehaviourKind.isOverride`), `manualOverride` points
    /// apiece. Manual exits and entries refused for their size are not
    /// overrides (`BehaviourKind.ofManualSignal`). Counted from the behaviour
    /// records only, so an order that also appears in `orders` is not counted twice.
    public static func manualOverride(_ history: TiltHistory, now: Timestamp, config: GenesisConfig.Tilt) -> [IndicatorReading] {
        history.events(at: now)
            .filter { $0.kind.isOverride && isFresh($0.at, now: now, config: config) }
            .map { event in
                IndicatorReading(indicator: .manualOverride, points: Double(config.weights.manualOverride), at: event.at,
                                 evidence: "\(describe(event.kind)) at \(event.at.tiltClockText(now: now))\(event.detail.isEmpty ? "" : " (\(event.detail))").")
            }
    }

    // MARK: Config thrashing

    /// More than `configChangesPerDay` (3) settings changes within any 24
    /// hours; dated at the latest change that made it so. Points: the weight
    /// for each change beyond the limit (the 4th change 15, the 5th 30 — a
    /// CAUTION on its own), at most `maximumSeverity` × the weight (45):
    /// changing settings costs no money, and a loosening waits out the
    /// cooling-off anyway, so thrashing alone warns but never halves sizes or
    /// locks; with other evidence it adds up.
    ///
    /// Settings changes are recorded on the wall clock, when a command
    /// adopts the edited file: they are something the trader does now, not
    /// something in the data. A replay, judged on the data's clock, does not
    /// count them (they lie in its future), and a backtest session's settings
    /// are its own, never counted against the live account.
    public static func configThrashing(_ history: TiltHistory, now: Timestamp, config: GenesisConfig.Tilt) -> [IndicatorReading] {
        let times = history.events(at: now).filter { $0.kind == .configChange }.map(\.at)
        guard let burst = latestBurst(times, windowMs: Timestamp.millisecondsPerDay, atLeast: config.configChangesPerDay + 1, now: now, config: config) else { return [] }
        let excess = Double(burst.count - config.configChangesPerDay)
        return [IndicatorReading(indicator: .configThrashing, points: Double(config.weights.configThrashing) * min(maximumSeverity, excess), at: burst.at,
                                 evidence: "\(burst.count) settings changes within 24 hours (more than \(config.configChangesPerDay) is thrashing), the last at \(burst.at.tiltClockText(now: now)).")]
    }

    // MARK: Off-hours trading

    /// Baseline-dependent. Manual actions (`BehaviourKind.isManual`) in an
    /// hour of day outside the baseline's usual hours; one reading per clock
    /// hour with such actions, dated at the last of them, so a night session
    /// counts once an hour rather than once a click. Silent while the usual
    /// hours are unknown.
    public static func offHours(_ history: TiltHistory, baseline: TiltBaseline?, now: Timestamp, config: GenesisConfig.Tilt) -> [IndicatorReading] {
        guard let baseline, baseline.established, let usual = baseline.usualHours, !usual.isEmpty else { return [] }
        let usualSet = Set(usual)
        let outside = history.events(at: now).filter { $0.kind.isManual && isFresh($0.at, now: now, config: config) && !usualSet.contains($0.at.tiltHourOfDay) }
        let byHour = Dictionary(grouping: outside, by: \.at.tiltEpochHour)
        return byHour.keys.sorted().map { key in
            let events = byHour[key]!
            let last = events.map(\.at).max()!
            let hour = last.tiltHourOfDay
            let count = events.count
            return IndicatorReading(indicator: .offHours, points: Double(config.weights.offHours), at: last,
                                    evidence: "\(count) manual action\(count == 1 ? "" : "s") between \(twoDigits(hour)):00 and \(twoDigits((hour + 1) % 24)):00 UTC, outside the usual hours (\(hourRanges(usual)) UTC); the last at \(last.tiltClockText(now: now)).")
        }
    }

    // MARK: Impulsive reaction

    /// Each manual act that adds or forces risk (`BehaviourKind.isReaction`:
    /// an entry, an override, a resume, a settings change) less than
    /// `impulsiveSeconds` (2) after a losing close (the moment the loss is
    /// reported stands for the notification). Exits and halts take risk off;
    /// closing a losing position by hand is the loss, not a reaction to it.
    public static func impulsiveReaction(_ history: TiltHistory, now: Timestamp, config: GenesisConfig.Tilt) -> [IndicatorReading] {
        let losses = history.closedTrades(at: now).filter(\.isLoss)
        let limit = Int64(config.impulsiveSeconds) * 1000
        return history.events(at: now)
            .filter { $0.kind.isReaction && isFresh($0.at, now: now, config: config) }
            .compactMap { event in
                guard let loss = losses.last(where: { $0.closedAt <= event.at }) else { return nil }
                let delay = event.at.milliseconds - loss.closedAt.milliseconds
                guard delay < limit else { return nil }
                return IndicatorReading(indicator: .impulsiveReaction, points: Double(config.weights.impulsiveReaction), at: event.at,
                                        evidence: "\(describe(event.kind)) \((Double(delay) / 1000).tiltText) s after the losing \(loss.symbol) trade closed at \(loss.closedAt.tiltClockText(now: now)).")
            }
    }

    // MARK: Rage restarts

    /// `rageRestartsCount` (3) or more halts, resumes or watcher restarts
    /// within `rageRestartsWindowMinutes` (10); dated at the latest one.
    public static func rageRestarts(_ history: TiltHistory, now: Timestamp, config: GenesisConfig.Tilt) -> [IndicatorReading] {
        let times = history.events(at: now).filter(\.kind.isRestart).map(\.at)
        let window = Int64(config.rageRestartsWindowMinutes) * 60_000
        guard let burst = latestBurst(times, windowMs: window, atLeast: rageRestartsCount, now: now, config: config) else { return [] }
        return [IndicatorReading(indicator: .rageRestarts, points: Double(config.weights.rageRestarts), at: burst.at,
                                 evidence: "\(burst.count) halts, resumes or watcher restarts within \(config.rageRestartsWindowMinutes) minutes, the last at \(burst.at.tiltClockText(now: now)).")]
    }

    // MARK: Helpers

    /// Trips at or before this time have fully decayed.
    static func decayStart(now: Timestamp, config: GenesisConfig.Tilt) -> Timestamp {
        now.adding(milliseconds: -Int64(config.decayMinutes) * 60_000)
    }

    /// At or before `now` and still inside the decay window.
    static func isFresh(_ time: Timestamp, now: Timestamp, config: GenesisConfig.Tilt) -> Bool {
        time <= now && time > decayStart(now: now, config: config)
    }

    /// Severity for points: at least 1 (the indicator tripped), at most `maximumSeverity`.
    static func scaled(_ severity: Double) -> Double { min(maximumSeverity, max(1, severity)) }

    /// The latest fresh time in ascending `times` with at least `atLeast`
    /// times in the window [t − windowMs, t], and how many there were.
    static func latestBurst(_ times: [Timestamp], windowMs: Int64, atLeast: Int, now: Timestamp, config: GenesisConfig.Tilt) -> (at: Timestamp, count: Int)? {
        var lower = 0
        var found: (at: Timestamp, count: Int)?
        for (index, time) in times.enumerated() {
            while times[lower].milliseconds < time.milliseconds - windowMs { lower += 1 }
            let count = index - lower + 1
            if count >= atLeast, isFresh(time, now: now, config: config) { found = (time, count) }
        }
        return found
    }

    /// Median of exact decimals: the middle value, or the mean of the two middle ones.
    static func decimalMedian(_ values: [Decimal]) -> Decimal {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    public static func describe(_ kind: BehaviourKind) -> String {
        switch kind {
        case .manualOrder: "A manual entry"
        case .manualRefused: "A refused manual entry"
        case .manualExit: "A manual exit"
        case .overrideAttempt: "An override attempt"
        case .forcedResume: "A forced resume"
        case .configChange: "A settings change"
        case .halt: "A halt"
        case .resume: "A resume"
        case .watcherRestart: "A watcher restart"
        case .orderAmend: "An order amended"
        case .orderCancel: "An order canceled by hand"
        case .appTrade: "A trade made outside GENESIS"
        }
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Ascending hours of day as clock ranges: [8, 9, 10, 14] → "08:00–11:00, 14:00–15:00".
    static func hourRanges(_ hours: [Int]) -> String {
        var ranges: [(Int, Int)] = []
        for hour in hours.sorted() {
            if let last = ranges.last, last.1 == hour - 1 {
                ranges[ranges.count - 1].1 = hour
            } else {
                ranges.append((hour, hour))
            }
        }
        return ranges.map { "\(twoDigits($0.0)):00–\(twoDigits(($0.1 + 1) % 24)):00" }.joined(separator: ", ")
    }
}
