import Foundation

extension GenesisConfig {
    /// DESIGN §1.3: every key within its range (`ConfigKeys.rules`), then the
    /// relations between keys; each failure names the key and what is
    /// allowed (`GenesisError.configuration`, exit 4).
    public func validate() throws {
        if let problem = ConfigKeys.firstProblem(in: ConfigKeys.flatten(self)) {
            throw GenesisError.configuration(key: problem.key, message: problem.message)
        }
        try validateTiers()
        try validateRelations()
        try validateStrategies()
        try validateAlert()
    }

    private func fail(_ key: String, _ message: String) -> GenesisError { .configuration(key: key, message: message) }

    private func validateTiers() throws {
        var previousFloor: Decimal = -1
        for tier in Tier.allCases {
            let rules = tiers[tier]
            let key = "tiers.\(tier.rawValue.lowercased())"
            guard rules.minimumBalance.value > previousFloor else {
                throw fail("\(key).minimumBalance", "must be above the floor of the tier below (\(previousFloor.plainText))")
            }
            if let ceiling = rules.maximumBalance, ceiling.value <= rules.minimumBalance.value {
                throw fail("\(key).maximumBalance", "\(ceiling) must be above minimumBalance (\(rules.minimumBalance))")
            }
            previousFloor = rules.minimumBalance.value
            guard rules.orderTypes.contains(.market) else {
                throw fail("\(key).orderTypes", "must include MARKET (every tier trades market orders; DESIGN §2)")
            }
            let architect = tiers.architect
            for name in rules.orderTypes where !architect.orderTypes.contains(name) {
                throw fail("\(key).orderTypes", "'\(name.rawValue)' is not in tiers.architect.orderTypes (\(architect.orderTypes.map(\.rawValue).joined(separator: ", ")))")
            }
            for algorithm in rules.algorithms where !architect.algorithms.contains(algorithm) {
                throw fail("\(key).algorithms", "'\(algorithm.rawValue)' is not in tiers.architect.algorithms (\(architect.algorithms.map(\.rawValue).joined(separator: ", ")))")
            }
            for strategy in rules.strategies where !architect.strategies.contains(strategy) {
                throw fail("\(key).strategies", "'\(strategy)' is not a strategy (allowed: \(architect.strategies.joined(separator: ", ")))")
            }
            if let low = rules.kellyMinimumFraction, let high = rules.kellyMaximumFraction, low > high {
                throw fail("\(key).kellyMinimumFraction", "\(low) is above kellyMaximumFraction (\(high))")
            }
            for (name, threshold, algorithm) in [("twapAboveNotional", rules.twapAboveNotional, ExecutionAlgorithm.twap), ("vwapAboveNotional", rules.vwapAboveNotional, .vwap)]
            where threshold != nil && !rules.algorithms.contains(algorithm) {
                throw fail("\(key).\(name)", "\(algorithm.rawValue) is not in \(key).algorithms, so no order can be worked by it at this tier")
            }
        }
    }

    /// Keys that only make sense together. Each is a chain whose members all
    /// loosen the same way, so a partly held change (`LimitCoolingOff`)
    /// still satisfies it.
    private func validateRelations() throws {
        guard tilt.cautionAt < tilt.warningAt, tilt.warningAt < tilt.lockedAt else {
            throw fail("tilt.cautionAt/warningAt/lockedAt", "must rise strictly within 1…100 (defaults 30, 60, 80); got \(tilt.cautionAt), \(tilt.warningAt), \(tilt.lockedAt)")
        }
        guard tilt.lossStreak <= tilt.lossStreakStrong else {
            throw fail("tilt.lossStreakStrong", "\(tilt.lossStreakStrong) is below tilt.lossStreak (\(tilt.lossStreak)); a strong streak is at least a streak")
        }
        guard tilt.journalMinimumDistinctWords <= tilt.journalMinimumWords else {
            throw fail("tilt.journalMinimumDistinctWords", "\(tilt.journalMinimumDistinctWords) is more than tilt.journalMinimumWords (\(tilt.journalMinimumWords))")
        }
        guard risk.dailyLossReduceAt < risk.dailyLossNoNewPositionsAt, risk.dailyLossNoNewPositionsAt < risk.dailyLossPrepareHaltAt,
              risk.dailyLossPrepareHaltAt <= demotion.dailyLossFraction else {
            throw fail("risk.dailyLossReduceAt/dailyLossNoNewPositionsAt/dailyLossPrepareHaltAt",
                       "must rise strictly and end at or below demotion.dailyLossFraction (defaults 0.05, 0.1, 0.12 ≤ 0.15); got \(risk.dailyLossReduceAt), \(risk.dailyLossNoNewPositionsAt), \(risk.dailyLossPrepareHaltAt) ≤ \(demotion.dailyLossFraction)")
        }
        guard risk.correlationAlert <= risk.correlationForceReduce else {
            throw fail("risk.correlationForceReduce", "\(risk.correlationForceReduce) is below risk.correlationAlert (\(risk.correlationAlert))")
        }
        // The window waits out any change and the minimum applies at once
        // only when lowered, so a partly held change still satisfies this.
        guard risk.correlationMinimumReturns <= risk.correlationWindow else {
            throw fail("risk.correlationMinimumReturns", "\(risk.correlationMinimumReturns) is more than risk.correlationWindow (\(risk.correlationWindow)); no pair could ever be measured")
        }
        let stages = demotion.deleveraging
        guard (1...10).contains(stages.count) else {
            throw fail("demotion.deleveraging", "lists \(stages.count) stages; use 1 to 10 stages of {dailyLossFraction, cutFraction}")
        }
        for (index, stage) in stages.enumerated() {
            for (value, name) in [(stage.dailyLossFraction, "dailyLossFraction"), (stage.cutFraction, "cutFraction")] where !(value.value > 0 && value.value < 1) {
                throw fail("demotion.deleveraging[\(index)].\(name)", "\(value) is not allowed; use a number above 0 to below 1")
            }
            if index > 0, stage.dailyLossFraction <= stages[index - 1].dailyLossFraction || stage.cutFraction <= stages[index - 1].cutFraction {
                throw fail("demotion.deleveraging[\(index)]", "each stage needs a larger dailyLossFraction and a larger cutFraction than the one before")
            }
        }
        guard execution.icebergMinSlices <= execution.icebergMaxSlices else {
            throw fail("execution.icebergMinSlices", "\(execution.icebergMinSlices) is more than execution.icebergMaxSlices (\(execution.icebergMaxSlices))")
        }
        guard execution.icebergMinDelaySeconds <= execution.icebergMaxDelaySeconds else {
            throw fail("execution.icebergMinDelaySeconds", "\(execution.icebergMinDelaySeconds) is more than execution.icebergMaxDelaySeconds (\(execution.icebergMaxDelaySeconds))")
        }
        guard execution.twapMinMinutes <= execution.twapMaxMinutes else {
            throw fail("execution.twapMinMinutes", "\(execution.twapMinMinutes) is more than execution.twapMaxMinutes (\(execution.twapMaxMinutes))")
        }
        guard execution.vwapParticipation <= execution.vwapMaxParticipation else {
            throw fail("execution.vwapParticipation", "\(execution.vwapParticipation) is above execution.vwapMaxParticipation (\(execution.vwapMaxParticipation))")
        }
        guard 1440 % execution.vwapBucketMinutes == 0 else {
            throw fail("execution.vwapBucketMinutes", "\(execution.vwapBucketMinutes) does not divide the day; use a divisor of 1440 such as 15, 30 or 60")
        }
        guard watcher.stallSeconds > watcher.heartbeatSeconds else {
            throw fail("watcher.stallSeconds", "must be longer than watcher.heartbeatSeconds (\(watcher.heartbeatSeconds)), or every quiet moment would look like a dead stream")
        }
        guard pipeline.deadAfterSeconds > pipeline.heartbeatSeconds else {
            throw fail("pipeline.deadAfterSeconds", "\(pipeline.deadAfterSeconds) must be longer than pipeline.heartbeatSeconds (\(pipeline.heartbeatSeconds)), or a running pipeline would look dead between two heartbeats")
        }
        guard control.eventsDefaultLimit <= control.eventsMaxLimit else {
            throw fail("control.eventsDefaultLimit", "\(control.eventsDefaultLimit) is above control.eventsMaxLimit (\(control.eventsMaxLimit))")
        }
    }

    /// Range checks of the strategies; each names its key. Windows have the
    /// sizes their statistics need.
    private func validateStrategies() throws {
        func fail(_ key: String, _ message: String) -> GenesisError { .configuration(key: "strategies." + key, message: message) }
        func atLeast(_ value: Int, _ minimum: Int, _ key: String) throws {
            guard value >= minimum else { throw fail(key, "\(value) is not allowed; use \(minimum) or more") }
        }
        func within(_ value: ExactDecimal, _ low: Decimal, _ high: Decimal, _ key: String, openLow: Bool = false) throws {
            guard openLow ? value.value > low : value.value >= low, value.value <= high else {
                throw fail(key, "\(value) is not allowed; use \(openLow ? "above" : "from") \(low.plainText) up to \(high.plainText)")
            }
        }
        func positive(_ value: ExactDecimal, _ key: String) throws {
            guard value.value > 0 else { throw fail(key, "\(value) is not allowed; use a number above 0") }
        }
        func symbol(_ text: String, _ key: String) throws {
            do { try Symbol.validate(text) } catch { throw fail(key, error.reason) }
        }
        let momentum = strategies.momentumBreakout
        guard momentum.lookback >= 2 else { throw fail("momentumBreakout.lookback", "use at least 2 bars") }
        guard momentum.adxPeriod >= 2 else { throw fail("momentumBreakout.adxPeriod", "use at least 2 bars") }
        try within(momentum.breakoutFraction, 0, 1, "momentumBreakout.breakoutFraction")
        try positive(momentum.stopATRs, "momentumBreakout.stopATRs")
        try positive(momentum.targetRiskMultiple, "momentumBreakout.targetRiskMultiple")

        let arbitrage = strategies.simpleArbitrage
        for (index, triangle) in arbitrage.triangles.enumerated() {
            let key = "simpleArbitrage.triangles[\(index)]"
            try symbol(triangle.bridge, key + ".bridge")
            try symbol(triangle.cross, key + ".cross")
            try symbol(triangle.direct, key + ".direct")
            guard Set([triangle.bridge, triangle.cross, triangle.direct]).count == 3 else { throw fail(key, "the three symbols must differ") }
        }
        try within(arbitrage.takerFee, 0, 1, "simpleArbitrage.takerFee")
        try within(arbitrage.minimumEdge, 0, 1, "simpleArbitrage.minimumEdge")
        try within(arbitrage.stopFraction, 0, 1, "simpleArbitrage.stopFraction", openLow: true)
        try within(arbitrage.targetFraction, 0, 1, "simpleArbitrage.targetFraction", openLow: true)
        try atLeast(arbitrage.lifetimeSeconds, 1, "simpleArbitrage.lifetimeSeconds")

        let spread = strategies.spreadCapture
        try atLeast(spread.lookback, 2, "spreadCapture.lookback")
        try within(spread.minimumSpreadBps, 0, 10_000, "spreadCapture.minimumSpreadBps")
        try within(spread.spreadMultiple, 0, 1000, "spreadCapture.spreadMultiple")
        try within(spread.maximumMidVolatilityBps, 0, 10_000, "spreadCapture.maximumMidVolatilityBps")
        try within(spread.minimumSideShare, 0, Decimal(string: "0.5")!, "spreadCapture.minimumSideShare")
        try within(spread.targetSpreadFraction, 0, 1000, "spreadCapture.targetSpreadFraction", openLow: true)
        try within(spread.stopFraction, 0, 1, "spreadCapture.stopFraction", openLow: true)

        let rotation = strategies.multiPairRotation
        try atLeast(rotation.maxPairs, 1, "multiPairRotation.maxPairs")
        try atLeast(rotation.lookback, 1, "multiPairRotation.lookback")
        try atLeast(rotation.rotationBars, 1, "multiPairRotation.rotationBars")
        try atLeast(rotation.topN, 1, "multiPairRotation.topN")
        guard rotation.topN <= rotation.maxPairs else { throw fail("multiPairRotation.topN", "\(rotation.topN) is more than maxPairs (\(rotation.maxPairs))") }
        guard rotation.pairs.count <= rotation.maxPairs else { throw fail("multiPairRotation.pairs", "lists \(rotation.pairs.count) pairs; maxPairs is \(rotation.maxPairs)") }
        for (index, pair) in rotation.pairs.enumerated() { try symbol(pair, "multiPairRotation.pairs[\(index)]") }
        try within(rotation.stopFraction, 0, 1, "multiPairRotation.stopFraction", openLow: true)
        try within(rotation.targetFraction, 0, 100, "multiPairRotation.targetFraction", openLow: true)

        let pairs = strategies.pairsArbitrage
        for (index, pair) in pairs.pairs.enumerated() {
            try symbol(pair.first, "pairsArbitrage.pairs[\(index)].first")
            try symbol(pair.second, "pairsArbitrage.pairs[\(index)].second")
            guard pair.first != pair.second else { throw fail("pairsArbitrage.pairs[\(index)]", "the two symbols must differ") }
        }
        try atLeast(pairs.lookback, 3, "pairsArbitrage.lookback")
        try within(pairs.minimumCorrelation, -1, 1, "pairsArbitrage.minimumCorrelation")
        try within(pairs.maximumHalfLifeBars, 0, 1_000_000, "pairsArbitrage.maximumHalfLifeBars")
        guard pairs.exitZScore.value >= 0, pairs.exitZScore < pairs.entryZScore, pairs.entryZScore < pairs.stopZScore else {
            throw fail("pairsArbitrage.exitZScore/entryZScore/stopZScore", "must rise strictly from 0 (defaults 0.5, 2, 3); got \(pairs.exitZScore), \(pairs.entryZScore), \(pairs.stopZScore)")
        }
        try within(pairs.stopFraction, 0, 1, "pairsArbitrage.stopFraction", openLow: true)

        let making = strategies.marketMaking
        try atLeast(making.layers, 1, "marketMaking.layers")
        try atLeast(making.volatilityLookback, 1, "marketMaking.volatilityLookback")
        guard making.minimumSpreadBps.value > 0, making.minimumSpreadBps <= making.baseSpreadBps, making.baseSpreadBps <= making.maximumSpreadBps,
              making.maximumSpreadBps.value <= 10_000 else {
            throw fail("marketMaking.minimumSpreadBps/baseSpreadBps/maximumSpreadBps", "must satisfy 0 < minimum ≤ base ≤ maximum ≤ 10000 (defaults 5, 10, 50); got \(making.minimumSpreadBps), \(making.baseSpreadBps), \(making.maximumSpreadBps)")
        }
        try within(making.volatilityMultiple, 0, 1000, "marketMaking.volatilityMultiple")
        try within(making.layerStepBps, 0, 10_000, "marketMaking.layerStepBps")
        guard making.inventoryMinimum.value >= 0, making.inventoryMinimum <= making.inventoryTarget, making.inventoryTarget <= making.inventoryMaximum,
              making.inventoryMaximum.value <= 1 else {
            throw fail("marketMaking.inventoryMinimum/inventoryTarget/inventoryMaximum", "must satisfy 0 ≤ minimum ≤ target ≤ maximum ≤ 1 (defaults 0.3, 0.5, 0.7); got \(making.inventoryMinimum), \(making.inventoryTarget), \(making.inventoryMaximum)")
        }
        try within(making.requoteFraction, 0, 1, "marketMaking.requoteFraction")
        try within(making.stopFraction, 0, 1, "marketMaking.stopFraction", openLow: true)

        let cross = strategies.crossCorrelation
        try atLeast(cross.window, 2, "crossCorrelation.window")
        try atLeast(cross.baseline, 1, "crossCorrelation.baseline")
        try atLeast(cross.maxSymbols, 2, "crossCorrelation.maxSymbols")
        try within(cross.spikeLevel, -1, 1, "crossCorrelation.spikeLevel")
        try within(cross.spikeRise, 0, 2, "crossCorrelation.spikeRise")
    }
}
