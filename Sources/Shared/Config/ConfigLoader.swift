import Foundation
import Yams

/// Finds, reads, merges and validates the configuration (SPEC §1.3).
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
        let knownOrderTypes = config.tiers.architect.orderTypes
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
            guard rules.orderTypes.contains("MARKET") else {
                throw GenesisError.configuration(key: "\(key).orderTypes", message: "must include MARKET (every tier trades market orders; SPEC §2)")
            }
            for type in rules.orderTypes where !knownOrderTypes.contains(type) {
                throw GenesisError.configuration(key: "\(key).orderTypes", message: "'\(type)' is not an order type (allowed: \(knownOrderTypes.joined(separator: ", ")))")
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
        try positive(config.replay.syncTimeoutSeconds, "replay.syncTimeoutSeconds")
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
}
