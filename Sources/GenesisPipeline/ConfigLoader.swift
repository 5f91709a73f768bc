import Foundation
import Yams
import GenesisDomain

/// Finds, reads, merges and validates the configuration (DESIGN §1.3).
///
/// The file only needs the keys a trader wants to change: it is laid over the
/// built-in defaults key by key, and an unknown key is an error (a typo must
/// never silently leave a risk limit at its default).
public enum ConfigLoader {
    /// `--config`, then `GENESIS_CONFIG`, then `~/.genesis/genesis.yaml` if it exists.
    public static func locate(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let flag, !flag.isEmpty { return flag }
        if let value = environment["GENESIS_CONFIG"], !value.isEmpty { return value }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let path = home + "/.genesis/genesis.yaml"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    public static func load(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GenesisConfig {
        guard let path = locate(flag: flag, environment: environment) else { return GenesisConfig() }
        // Read through a handle so `--config <(…)` and /dev/stdin work too.
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data(),
              let text = String(data: data, encoding: .utf8) else {
            throw GenesisError.configuration(key: path, message: "cannot read the configuration file")
        }
        return try parse(text, source: path)
    }

    public static func parse(_ text: String, source: String = "configuration") throws -> GenesisConfig {
        let defaults = try Yams.compose(yaml: YAMLEncoder().encode(GenesisConfig()))!
        let user: Node?
        do {
            user = try Yams.compose(yaml: text)
        } catch {
            throw GenesisError.configuration(key: source, message: "not valid YAML: \(error)")
        }
        guard let user else { return GenesisConfig() }
        let merged = try merge(user, over: defaults, path: "")
        let config: GenesisConfig
        do {
            config = try YAMLDecoder().decode(GenesisConfig.self, from: merged)
        } catch let DecodingError.dataCorrupted(context) {
            throw GenesisError.configuration(key: keyPath(context.codingPath), message: context.debugDescription)
        } catch let DecodingError.typeMismatch(type, context) {
            throw GenesisError.configuration(key: keyPath(context.codingPath), message: "expected \(describe(type))")
        } catch let DecodingError.keyNotFound(key, context) {
            throw GenesisError.configuration(key: keyPath(context.codingPath + [key]), message: "is required here")
        } catch let DecodingError.valueNotFound(type, context) {
            throw GenesisError.configuration(key: keyPath(context.codingPath), message: "expected \(describe(type)), found nothing")
        } catch {
            throw GenesisError.configuration(key: source, message: "\(error)")
        }
        try validate(config)
        return config
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "a whole number"
        case is String.Type: "text or a number"
        case is Bool.Type: "true or false"
        default: "\(type)".contains("Sequence") || "\(type)".contains("Array") ? "a list like [1, 2]" : "a mapping of keys"
        }
    }

    static func keyPath(_ path: [CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    static func merge(_ user: Node, over defaults: Node, path: String) throws -> Node {
        guard case let .mapping(defaultMapping) = defaults else { return user }
        // `null` clears an optional section (such as a tier's promotion gates).
        if case let .scalar(scalar) = user, ["null", "~", ""].contains(scalar.string) { return user }
        guard case let .mapping(userMapping) = user else {
            throw GenesisError.configuration(key: path.isEmpty ? "(top level)" : path, message: "expected a mapping of keys (allowed: \(keys(of: defaultMapping)))")
        }
        var result = defaultMapping
        for (key, value) in userMapping {
            guard let name = key.string else { continue }
            let childPath = path.isEmpty ? name : "\(path).\(name)"
            guard let existing = defaultMapping[key] else {
                throw GenesisError.configuration(key: childPath, message: "unknown key (allowed here: \(keys(of: defaultMapping)))")
            }
            result[key] = try merge(value, over: existing, path: childPath)
        }
        return .mapping(result)
    }

    static func keys(of mapping: Node.Mapping) -> String {
        mapping.keys.compactMap(\.string).joined(separator: ", ")
    }

    /// Range checks, each naming its key and what is allowed.
    public static func validate(_ config: GenesisConfig) throws {
        func fraction(_ value: ExactDecimal, _ key: String, open: Bool = false) throws {
            guard value.value >= 0, value.value <= 1, !open || value.value > 0 else {
                throw GenesisError.configuration(key: key, message: "\(value) is not allowed; use a fraction between \(open ? "0 (exclusive)" : "0") and 1, like 0.05 for 5%")
            }
        }
        func positive(_ value: Int, _ key: String) throws {
            guard value > 0 else { throw GenesisError.configuration(key: key, message: "\(value) is not allowed; use a whole number of at least 1") }
        }
        func positive(_ value: ExactDecimal, _ key: String) throws {
            guard value.value > 0 else { throw GenesisError.configuration(key: key, message: "\(value) is not allowed; use a number above 0") }
        }
        var previousFloor: Decimal = -1
        for tier in Tier.allCases {
            let rules = config.tiers[tier]
            let key = "tiers.\(tier.rawValue.lowercased())"
            guard rules.minimumBalance.value >= 0 else {
                throw GenesisError.configuration(key: "\(key).minimumBalance", message: "\(rules.minimumBalance) is not allowed; use 0 or more")
            }
            guard rules.minimumBalance.value > previousFloor else {
                throw GenesisError.configuration(key: "\(key).minimumBalance", message: "must be above the floor of the tier below (\(previousFloor.plainText))")
            }
            if let ceiling = rules.maximumBalance, ceiling.value <= rules.minimumBalance.value {
                throw GenesisError.configuration(key: "\(key).maximumBalance", message: "\(ceiling) must be above minimumBalance (\(rules.minimumBalance))")
            }
            previousFloor = rules.minimumBalance.value
            guard rules.orderTypes.contains(.market) else {
                throw GenesisError.configuration(key: "\(key).orderTypes", message: "must include MARKET (every tier trades market orders; DESIGN §2)")
            }
            try positive(rules.maxOpenPositions, "\(key).maxOpenPositions")
            try positive(rules.maxPairs, "\(key).maxPairs")
            try positive(rules.dailyLossLimit, "\(key).dailyLossLimit")
            let knownStrategies = Set(config.tiers.architect.strategies)
            for strategy in rules.strategies where !knownStrategies.contains(strategy) {
                throw GenesisError.configuration(key: "\(key).strategies", message: "'\(strategy)' is not a strategy (allowed: \(config.tiers.architect.strategies.joined(separator: ", ")))")
            }
            if let kellyMinimum = rules.kellyMinimumFraction { try fraction(kellyMinimum, "\(key).kellyMinimumFraction") }
            if let kellyMaximum = rules.kellyMaximumFraction { try fraction(kellyMaximum, "\(key).kellyMaximumFraction", open: true) }
            if let low = rules.kellyMinimumFraction, let high = rules.kellyMaximumFraction, low > high {
                throw GenesisError.configuration(key: "\(key).kellyMinimumFraction", message: "\(low) is above kellyMaximumFraction (\(high))")
            }
            if let slices = rules.slices { try positive(slices, "\(key).slices") }
            if let notional = rules.sliceAboveNotional { try positive(notional, "\(key).sliceAboveNotional") }
            if let promotion = rules.promotion {
                try fraction(promotion.minimumWinRate, "\(key).promotion.minimumWinRate")
            }
        }
        try fraction(config.risk.positionFraction, "risk.positionFraction", open: true)
        try positive(config.risk.minimumPosition, "risk.minimumPosition")
        try fraction(config.risk.defaultStopLoss, "risk.defaultStopLoss", open: true)
        try fraction(config.risk.maxDrawdown, "risk.maxDrawdown", open: true)
        try positive(config.risk.maxTradesPerDay, "risk.maxTradesPerDay")
        try fraction(config.demotion.dailyLossFraction, "demotion.dailyLossFraction", open: true)
        try fraction(config.paper.feeRate, "paper.feeRate")
        guard config.paper.slippageBps.value >= 0, config.paper.slippageBps.value <= 1000 else {
            throw GenesisError.configuration(key: "paper.slippageBps", message: "\(config.paper.slippageBps) is not allowed; use 0 to 1000 basis points")
        }
        try positive(config.backup.keep, "backup.keep")
        try positive(config.paper.tickSize, "paper.tickSize")
        try positive(config.paper.stepSize, "paper.stepSize")
        guard config.paper.minNotional.value >= 0 else {
            throw GenesisError.configuration(key: "paper.minNotional", message: "\(config.paper.minNotional) is not allowed; use 0 or more")
        }
        let tilt = config.tilt
        guard 0 < tilt.cautionAt, tilt.cautionAt < tilt.warningAt, tilt.warningAt < tilt.lockedAt, tilt.lockedAt <= 100 else {
            throw GenesisError.configuration(key: "tilt.cautionAt/warningAt/lockedAt", message: "must rise strictly within 1…100 (defaults 30, 60, 80); got \(tilt.cautionAt), \(tilt.warningAt), \(tilt.lockedAt)")
        }
        let momentum = config.strategies.momentumBreakout
        guard momentum.lookback >= 2 else { throw GenesisError.configuration(key: "strategies.momentumBreakout.lookback", message: "use at least 2 bars") }
        guard momentum.adxPeriod >= 2 else { throw GenesisError.configuration(key: "strategies.momentumBreakout.adxPeriod", message: "use at least 2 bars") }
        try fraction(momentum.breakoutFraction, "strategies.momentumBreakout.breakoutFraction")
        try positive(momentum.stopATRs, "strategies.momentumBreakout.stopATRs")
        try positive(momentum.targetRiskMultiple, "strategies.momentumBreakout.targetRiskMultiple")
        try validateStrategies(config.strategies)
        try positive(config.replay.syncTimeoutSeconds, "replay.syncTimeoutSeconds")
        guard config.risk.correlationReduceShare.value > 0, config.risk.correlationReduceShare.value <= 1 else {
            throw GenesisError.configuration(key: "risk.correlationReduceShare", message: "\(config.risk.correlationReduceShare) is not allowed; use a fraction above 0 up to 1")
        }
        try positive(config.watcher.heartbeatSeconds, "watcher.heartbeatSeconds")
        try positive(config.watcher.reconcileMinutes, "watcher.reconcileMinutes")
        guard config.watcher.stallSeconds > config.watcher.heartbeatSeconds else {
            throw GenesisError.configuration(key: "watcher.stallSeconds", message: "must be longer than watcher.heartbeatSeconds (\(config.watcher.heartbeatSeconds)), or every quiet moment would look like a dead stream")
        }
        guard !config.watcher.reconnectDelaysMs.isEmpty, config.watcher.reconnectDelaysMs.allSatisfy({ $0 > 0 }) else {
            throw GenesisError.configuration(key: "watcher.reconnectDelaysMs", message: "must list at least one positive wait in milliseconds")
        }
        let control = config.control
        for (value, key) in [(control.readsPerMinute, "readsPerMinute"), (control.haltPerMinute, "haltPerMinute"), (control.closeAllPerMinute, "closeAllPerMinute"),
                             (control.authFailuresPerMinute, "authFailuresPerMinute"), (control.eventsDefaultLimit, "eventsDefaultLimit"),
                             (control.eventsMaxLimit, "eventsMaxLimit"), (control.heartbeatStaleSeconds, "heartbeatStaleSeconds"),
                             (control.minimumKeyLength, "minimumKeyLength"), (control.maxBodyBytes, "maxBodyBytes")] {
            try positive(value, "control.\(key)")
        }
        guard control.eventsDefaultLimit <= control.eventsMaxLimit else {
            throw GenesisError.configuration(key: "control.eventsDefaultLimit", message: "\(control.eventsDefaultLimit) is above control.eventsMaxLimit (\(control.eventsMaxLimit))")
        }
    }

    /// Range checks of the strategies added after momentum breakout; each
    /// names its key. Windows have the sizes their statistics need.
    static func validateStrategies(_ strategies: GenesisConfig.Strategies) throws {
        func fail(_ key: String, _ message: String) -> GenesisError { .configuration(key: "strategies." + key, message: message) }
        func atLeast(_ value: Int, _ minimum: Int, _ key: String) throws {
            guard value >= minimum else { throw fail(key, "\(value) is not allowed; use \(minimum) or more") }
        }
        func within(_ value: ExactDecimal, _ low: Decimal, _ high: Decimal, _ key: String, openLow: Bool = false) throws {
            guard openLow ? value.value > low : value.value >= low, value.value <= high else {
                throw fail(key, "\(value) is not allowed; use \(openLow ? "above" : "from") \(low.plainText) up to \(high.plainText)")
            }
        }
        func symbol(_ text: String, _ key: String) throws {
            do { try Symbol.validate(text) } catch { throw fail(key, error.reason) }
        }
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
